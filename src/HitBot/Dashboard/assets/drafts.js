// Long texts being written (an update, a reply to feedback) kept in this tab's sessionStorage as they are typed, until
// they are saved: a page drawn again (a search, Show more, another item answered), a reload, a sign-in after the session
// ended or HitBot restarting no longer takes them away. sessionStorage, not localStorage: a shared laptop keeps nothing
// once the tab is closed, and closing the tab over unsaved text asks first (beforeunload).
"use strict";
window.HitBotDrafts = (owner) => {
  const prefix = `hitbot.draft.${owner}.`;
  const stored = () => Object.keys(sessionStorage).filter(k => k.startsWith(prefix));
  /** Set before the page itself leaves for sign-in: the drafts are kept, so there is nothing to ask about. */
  let leaving = false;

  /**
   * Keeps `fields` ({ name: input or textarea }) under `key`: puts back what was typed before and saves each change.
   * `extra` is kept beside the text (the draft's Idempotency-Key, the version it was typed against) and given back as
   * `restored` when there was a draft; `clear()` forgets it once saved.
   */
  function keep(key, fields, extra = {}) {
    const name = prefix + key;
    let saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(name) ?? "null"); } catch { saved = null; }
    // A tick box (an audience, Urgent) is kept as "on" or "".
    const valueOf = (input) => (input.type === "checkbox" ? (input.checked ? "on" : "") : input.value);
    if (saved) for (const [field, input] of Object.entries(fields)) {
      const value = saved.fields?.[field];
      if (typeof value !== "string") continue;
      if (input.type === "checkbox") input.checked = value === "on"; else input.value = value;
    }
    const kept = { ...extra, ...(saved?.extra ?? {}) };
    let cleared = false;
    const write = () => {
      if (cleared) return;
      const values = Object.fromEntries(Object.entries(fields).map(([field, input]) => [field, valueOf(input)]));
      try {
        // Ticks alone are no text to lose: kept only beside some.
        if (Object.entries(fields).every(([field, input]) => input.type === "checkbox" || values[field].trim() === "")) sessionStorage.removeItem(name);
        else sessionStorage.setItem(name, JSON.stringify({ fields: values, extra: kept }));
      } catch { /* storage full or turned off: the text is still on the page, as before */ }
    };
    for (const input of Object.values(fields)) { input.addEventListener("input", write); input.addEventListener("change", write); }
    // Once saved, what is typed on the page before it moves on is not kept with the key that saved it. `drop()` forgets
    // what is kept now (text that came back the same as what is saved) and keeps what is typed after it again.
    return { restored: saved ? kept : null, extra: kept, clear: () => { cleared = true; sessionStorage.removeItem(name); },
      drop: () => sessionStorage.removeItem(name) };
  }

  window.addEventListener("beforeunload", (e) => {
    if (leaving || stored().length === 0) return;
    e.preventDefault();
    e.returnValue = "";
  });

  return {
    keep,
    /** The page goes to sign-in on its own: what was typed comes back after it, so no question. */
    leave: () => { leaving = true; },
    /** Signing out on a shared computer: what was typed here is not left for the next person in this tab. */
    forget: () => { for (const k of stored()) sessionStorage.removeItem(k); },
    unsaved: () => stored().length > 0,
  };
};
