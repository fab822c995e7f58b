// The HitBot dashboard: one page, hash routes (#/updates/abc), every change through the admin API with the session
// cookie and the CSRF token. DOM built with h(), never innerHTML, so nothing anyone types can run as code.
// This file is the shell (helpers, the overview, routing); each page is a module of its own (updates.js, surveys.js,
// plan.js, feedback.js, people.js, calendar.js, mysite.js) that gets the helpers it uses and returns its routes.
"use strict";
(() => {
  const page = document.getElementById("page");
  let session = null;
  /** The texts being written, kept in this tab until saved (drafts.js). */
  let drafts = null;
  /** How many times a page was drawn (route): the reads of an earlier drawing are dropped (request). */
  let drawing = 0;
  let groupsCache = null;
  /** The hash routes this person may open (null: the central team, everything). */
  let allowed = null;

  // ---- small helpers ---------------------------------------------------------------------------------------
  function h(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props ?? {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key in node && typeof value !== "string") node[key] = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
    return node;
  }
  const status = document.getElementById("said");
  /** True while a route draws a page the person moved to: the keyboard then goes to its heading (route), not back where it was. */
  let navigating = false;
  /** The button whose action is running: disabling it takes the keyboard off it (to the body), so it is remembered here. */
  let acting = null;

  /** Puts a page's parts in place: lists are flattened, empty parts (null, false) left out. */
  function show(...parts) {
    // A page drawn again (after a change, or every 2 s while an update goes out) keeps the keyboard on the same control:
    // otherwise it drops to the top of the document and a keyboard user starts over.
    const key = navigating ? null : focusKey(document.activeElement) ?? focusKey(acting);
    page.replaceChildren(...parts.flat(Infinity).filter(p => p !== null && p !== undefined && p !== false && p !== ""));
    // What the last button did, on the page it redrew (and on each redraw after, as an update's page looks again every
    // 2 s while it sends): a page moved to afresh starts without it.
    if (flash && (navigating || flash.hash !== location.hash)) flash = null;
    if (flash) placeFlash(flash.message);
    if (key && !refocus(key)) focusHeading();
  }
  /**
   * A button's outcome the page shows, not only a screen reader: most actions draw their page again ("Saved.", "Sending
   * to 40 people."), which took away the line beside the button that said so before anyone could read it.
   */
  let flash = null;
  const shownAlready = (message) => [...page.querySelectorAll(".notice, .flash, .alert")].some(n => n.textContent.includes(message));
  function placeFlash(message) {
    if (shownAlready(message)) return;
    const line = h("p", { class: "flash", id: "flash", text: message });
    const heading = page.querySelector("h1");
    if (heading) heading.after(line); else page.prepend(line);
  }
  /** How to find a control again in a page drawn anew: its id, else its kind, its name and which of that name it was. */
  const signature = (e) => e.getAttribute("aria-label") ?? e.textContent;
  function focusKey(el) {
    if (!el || el === page || !page.contains(el)) return null;
    if (el.id) return { id: el.id };
    const same = [...page.querySelectorAll(el.tagName)].filter(e => signature(e) === signature(el));
    return { tag: el.tagName, name: signature(el), index: same.indexOf(el) };
  }
  function refocus(key) {
    const found = key.id ? document.getElementById(key.id)
      : [...page.querySelectorAll(key.tag)].filter(e => signature(e) === key.name)[key.index];
    if (!found || !page.contains(found) || found.disabled) return false;
    found.focus();
    return true;
  }
  function focusHeading() {
    const heading = page.querySelector("h1");
    if (heading) { heading.tabIndex = -1; heading.focus(); } else page.focus();
  }
  /** Says what a button did, once, through the status region outside the page. */
  function announce(message) {
    status.textContent = "";
    setTimeout(() => { status.textContent = message; }, 100);
  }
  const text = (s) => document.createTextNode(String(s ?? ""));
  // A heading's words without its status badges: a tab read "Week 12 Draft · HitBot" as if Draft were in the title.
  const headingText = (heading) => {
    if (!heading) return null;
    const words = heading.cloneNode(true);
    for (const b of words.querySelectorAll(".badge")) b.remove();
    return words.textContent.trim();
  };
  const badge = (s) => h("span", { class: `badge ${String(s).toLowerCase()}` }, String(s).replace(/-/g, " "));
  // Every time on the pages is in the program's time zone, whatever the browser's, and names its zone ("Mar 9, 2026,
  // 8:00 AM CDT"): a coordinator on a laptop set to UTC and a site champion in Los Angeles read the same day and hour the
  // program means, as the CSV downloads and the forms ("closes at the end of", "send it at") have them.
  const when = (iso) => (iso ? new Date(iso).toLocaleString([], { year: "numeric", month: "short", day: "numeric", hour: "numeric",
    minute: "2-digit", timeZone: session?.timeZone || undefined, timeZoneName: "short" }) : "");
  // A day alone ("2026-03-27": a due date, a calendar day) is that day anywhere; an instant's day is the program's.
  const day = (iso) => (!iso ? "" : iso.length === 10
    ? new Date(`${iso}T12:00:00Z`).toLocaleDateString([], { dateStyle: "medium", timeZone: "UTC" })
    : new Date(iso).toLocaleDateString([], { dateStyle: "medium", timeZone: session?.timeZone || undefined }));
  const pct = (r) => `${HitBotCharts.percent(r ?? 0)}%`;
  /** A number and what it counts; with href, a link to the page that lists what it counts. */
  const tile = (value, label, cls, href) => h(href ? "a" : "div", { class: `tile ${cls ?? ""}`, "data-tile": label, href }, h("b", { text: String(value) }), h("span", { text: label }));
  const link = (href, label) => h("a", { href }, label);

  class ApiError extends Error {
    constructor(status, title, errors, body, etag) { super(title); this.status = status; this.errors = errors ?? []; this.body = body; this.etag = etag; }
  }

  /**
   * A save refused because someone else saved first, with what stands now (a 409 carrying `current` and its ETag): their
   * version, its tag, and the refusal's words without "Reload the page…", which would throw away what was typed. Null for
   * any other failure.
   */
  const conflictOf = (e) => e instanceof ApiError && e.status === 409 && e.body?.current && e.etag
    ? { said: e.message.split(" Reload the page")[0], current: e.body.current, etag: e.etag } : null;

  /** Their version, said and shown under the fields, which keep what was typed here; `press` is the button that puts yours in its place. */
  const theirVersion = (said, press, ...shown) => h("div", { class: "alert", role: "alert" },
    h("p", { text: `${said} What you typed is still above. Their version is below: take from it what you need, ` +
      `then press ${press} to put yours in place of theirs.` }),
    h("h3", { text: "Their version" }), ...shown);

  /**
   * An Idempotency-Key for one press of a button that creates or sends something: kept until that is done, so a press
   * whose answer never came (the network dropped, a proxy's 502), pressed again, is the same one and not a second.
   */
  const newKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, "0")).join("");

  async function api(method, path, body, extraHeaders) {
    return (await request(method, path, body, extraHeaders)).data;
  }

  /**
   * The answer and its headers (a paged list says its total in X-Total-Count, a draft its ETag).
   * A session ends after 8 hours without use. A page that cannot load then goes to sign-in and back to itself; a change
   * (a reply, a draft's live preview) is refused in place instead, so nothing typed is lost: the person signs in again in
   * another tab and presses the button again, which then carries the new session's CSRF token.
   */
  async function request(method, path, body, extraHeaders) {
    const forDrawing = drawing;
    if (signedOut) await renewSession();
    let payload = body;
    const kind = {};
    if (body !== undefined && !(body instanceof FormData) && typeof body !== "string") {
      kind["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    } else if (typeof body === "string") kind["Content-Type"] = "text/csv";
    const send = async () => {
      try {
        return await fetch(path, { method, headers: { ...extraHeaders, ...kind, "X-CSRF-TOKEN": session?.csrf ?? "" }, body: payload, credentials: "same-origin" });
      } catch {
        // No answer at all (the network dropped, the laptop slept, HitBot is restarting): fetch's own "Failed to fetch" told
        // a coordinator nothing, and nothing on the page was lost.
        throw new ApiError(0, noAnswer(method, "HitBot could not be reached (the network dropped, or HitBot is restarting)"));
      }
    };
    let response = await send();
    // A read for a page drawn before the one shown now (the Surveys page asked for, then People clicked before it came)
    // never settles: its page would otherwise be drawn over the one the address bar names when its answer came last.
    if (method === "GET" && forDrawing !== drawing) return new Promise(() => {});
    // Signed in again in another tab first, this tab's CSRF token is the old session's: a refusal changed nothing, so the
    // change goes once more with the session's token (a role's refusal is asked once more and stays a refusal).
    if (response.status === 403 && method !== "GET" && await renewSession()) response = await send();
    if (response.status === 401) {
      // A page being drawn goes to sign-in and back; a search or picker on a page already drawn (where something may be
      // half-typed) says so in place instead, as a change does.
      if (method === "GET" && drawingPage > 0) { drafts?.leave(); location.href = "/login" + location.hash; throw new ApiError(401, "Signed out."); }
      signedOut = true;
      throw new ApiError(401, "You are signed out (after 8 hours without use, or signed out in another tab), so this was not done. " +
        "Sign in again in a new tab, then press the button here again: what you typed is still here.");
    }
    // A proxy in front of HitBot answers 502, 503 or 504 with a page of its own while HitBot restarts, and HitBot's own 500
    // title is ASP.NET Core's "An error occurred while processing your request.": neither said that nothing typed was lost.
    if (response.status >= 500) throw new ApiError(response.status, noAnswer(method, `HitBot did not answer as it should (error ${response.status}: it may be restarting)`));
    const type = response.headers.get("content-type") ?? "";
    const data = type.includes("json") ? await response.json() : await response.text();
    // A 409 carries what stands now (a draft someone else saved, with its ETag), for the page to show beside what was typed.
    if (!response.ok) throw new ApiError(response.status, data?.title ?? `The server answered ${response.status}.`, data?.errors, data, response.headers.get("ETag"));
    return { data, headers: response.headers };
  }

  /** What the page says when HitBot gave no usable answer: what happened, that the text is still here, and what to do. */
  const noAnswer = (method, what) => method === "GET" ? `${what}. Try again in a moment.`
    : `${what}, so this may not have been done. What you typed is still here: press the button again in a moment.`;

  /** True after a change was refused for want of a session: the next request first asks whether there is one again. */
  let signedOut = false;
  /** Takes the session's CSRF token afresh (signed in again in another tab); false when there is no session. */
  async function renewSession() {
    const response = await fetch("/dashboard/session", { credentials: "same-origin" });
    if (!response.ok) return false;
    const renewed = await response.json();
    signedOut = false;
    if (renewed.csrf === session?.csrf) return false;
    session.csrf = renewed.csrf;
    document.getElementById("logout-csrf").value = renewed.csrf;
    return true;
  }

  function problem(error) {
    // A 400 files its messages by field ({ title: ["title: …"], "line 3": ["Line 3: …"] }), each readable on its own
    // (a single one is the title already, so not listed twice); an import's skipped lines come as a list of { line, message }.
    const errors = Array.isArray(error.errors)
      ? error.errors.map(e => (typeof e === "string" ? e : `Line ${e.line}: ${e.message}`))
      : error.errors && typeof error.errors === "object" ? Object.values(error.errors).flat().map(String).filter(e => e !== error.message)
      : [];
    const id = `problem-${++problems}`;
    const alert = h("div", { class: "alert", role: "alert", id }, h("div", { id: `${id}-title`, text: error.message }),
      errors.length ? h("ul", {}, errors.map((e, i) => h("li", { id: `${id}-${i}`, text: e }))) : null,
      error.status === 401 ? h("a", { href: "/login", target: "_blank", rel: "noopener", text: "Sign in again (opens a new tab)" }) : null);
    // Which messages are about which field ({ title: ["title: …"] }), for the fields to point at (aria-describedby).
    alert.fieldMessages = {};
    if (error.errors && !Array.isArray(error.errors) && typeof error.errors === "object")
      for (const [field, messages] of Object.entries(error.errors))
        alert.fieldMessages[field] = messages.map(String).map(m => (m === error.message ? `${id}-title` : `${id}-${errors.indexOf(m)}`));
    return alert;
  }
  let problems = 0;

  /** Marks the fields a refusal names (aria-invalid) and ties each to its message; a check without field names marks a lone field. */
  function markFields(fields, alert, error) {
    const named = Object.entries(fields).map(([name, field]) =>
      [field, Object.entries(alert.fieldMessages).filter(([key]) => key === name || key.startsWith(`${name}.`) || key.startsWith(`${name}[`)).flatMap(([, ids]) => ids)]);
    const lone = named.length === 1 && error.status === 400 && Object.keys(alert.fieldMessages).length === 0;
    for (const [field, ids] of named) {
      const about = lone ? [`${alert.id}-title`] : ids;
      if (about.length === 0) continue;
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", about.join(" "));
    }
  }

  /**
   * Runs an action from a button: disables it while it runs, shows the error next to it, never twice at once. What the
   * run returns (or writes into its output) is announced; `fields` ({ apiName: input }) are marked when a refusal names them;
   * `name` is the button's accessible name where its words alone are not enough ("Opt out" → "Opt out Maya Lopez"), and
   * `id` keeps the keyboard on it when the page is drawn again with another label.
   */
  function action(label, run, cls, { fields = {}, name, id } = {}) {
    const out = h("span");
    const button = h("button", {
      type: "button", class: cls, "aria-label": name, id, async onclick() {
        acting = button;
        flash = null;
        button.disabled = true; out.replaceChildren();
        for (const field of Object.values(fields)) { field.removeAttribute("aria-invalid"); field.removeAttribute("aria-describedby"); }
        try {
          const said = await run(out, button);
          const message = typeof said === "string" ? said : out.textContent.trim();
          if (message) announce(message);
          if (message && !out.textContent.trim() && !shownAlready(message)) {
            // Shown beside the button now, and at the top of the page when the page is drawn again (or drawn already).
            if (button.isConnected) { flash = { message, hash: location.hash }; out.replaceChildren(h("span", { class: "flash", text: message })); }
            else { flash = { message, hash: location.hash }; placeFlash(message); }
          }
        } catch (e) {
          const alert = problem(e);
          out.replaceChildren(alert);
          markFields(fields, alert, e);
        } finally {
          button.disabled = false;
          if (button.isConnected && (!document.activeElement || document.activeElement === document.body)) button.focus();
          if (acting === button) acting = null;
        }
      },
    }, label);
    return h("span", {}, button, out);
  }

  /**
   * "Show more" under a long list: `load` reads the next page and draws the list again, which takes the button away (drawn
   * anew, or gone after the last page) and with it the keyboard. The keyboard goes to the first item the page added, so a
   * keyboard or screen-reader user reads on from there instead of from the top of the document, and `said()` (how many
   * are shown now) is read out.
   */
  function showMore(load, items, said) {
    return action("Show more", async () => {
      const before = items().length;
      await load();
      const first = items()[before];
      if (first) { first.tabIndex = -1; first.focus(); }
      announce(said());
    }, "secondary");
  }

  /**
   * Asks before something that cannot be taken back, in place of a dialog: the question takes the keyboard (and is read
   * out), Tab reaches the yes, and Escape or the no button puts the question away and the keyboard back on the button that asked.
   */
  function ask(box, question, yes, run, no = "Cancel") {
    const opener = acting;
    const close = () => { box.replaceChildren(); if (opener?.isConnected) opener.focus(); };
    const prompt = h("strong", { tabindex: "-1", class: "question", text: question });
    box.replaceChildren(prompt, text(" "), action(yes, run), h("button", { type: "button", class: "secondary", onclick: close }, no));
    box.onkeydown = (e) => { if (e.key === "Escape" && box.contains(prompt)) { e.preventDefault(); close(); } };
    prompt.focus();
  }

  /**
   * A CSV file's text as the server decodes it (CsvText): UTF-16 with its mark (Excel's "Unicode text"), UTF-8, else
   * Windows-1252 (Excel's plain "CSV" on Windows). File.text() reads UTF-8 only, which turned "Día" into "D\uFFFDa".
   */
  async function csvText(f) {
    const bytes = new Uint8Array(await f.arrayBuffer());
    if (bytes[0] === 0xFF && bytes[1] === 0xFE) return new TextDecoder("utf-16le").decode(bytes);
    if (bytes[0] === 0xFE && bytes[1] === 0xFF) return new TextDecoder("utf-16be").decode(bytes);
    try { return new TextDecoder("utf-8", { fatal: true }).decode(bytes); } catch { return new TextDecoder("windows-1252").decode(bytes); }
  }

  // The pickers never load the roster: a large one is 100,000 people. The audience picker takes the groups from the
  // server, and the owner picker asks the server as you type (a page of matches, like the People page's search).
  async function audienceGroups() {
    groupsCache ??= await api("GET", "/api/admin/people/groups");
    return groupsCache;
  }
  /** After the roster changes: the next picker asks the server again. */
  const forgetGroups = () => { groupsCache = null; };
  const PICK_PAGE = 20;

  // Checkboxes for roles, sites and partners the roster names, those of `chosen` (an audience) ticked; returns a getter for an audience object.
  function audiencePicker(found, onchange, chosen = {}) {
    // "Interested in" comes from the latest named retention pulse (coaching role, more hours): seed 000 §5's future coaches.
    const groups = { roles: found.roles, sites: found.sites, partners: found.partners, languages: (found.languages ?? []).map(l => l.tag),
      interestedIn: ["coaching", "more-hours"] };
    const names = { roles: "Roles", sites: "Sites", partners: "Partners", languages: "Languages", interestedIn: "Interested in" };
    const languageNames = Object.fromEntries((found.languages ?? []).map(l => [l.tag, l.name ? `${l.name} (${l.tag})` : l.tag]));
    // Roles by the roles guide's names (004: "Research and data teams"), not their slugs; languages by name and tag.
    const label = (key, v) => key === "roles" ? found.roleNames?.[v] ?? v.replace(/-/g, " ") : key === "interestedIn" ? v.replace(/-/g, " ")
      : key === "languages" ? languageNames[v] ?? v : v;
    const fieldsets = Object.entries(groups).map(([key, values]) =>
      h("fieldset", { "data-audience": key }, h("legend", { text: names[key] }),
        values.length === 0 ? h("span", { class: "muted small", text: "none in the roster yet" }) : null,
        [...values].map(v => [v, label(key, v)]).sort((a, b) => a[1].localeCompare(b[1]))
          .map(([v, l]) => h("label", { class: "inline" }, h("input", { type: "checkbox", value: v, onchange, checked: (chosen[key] ?? []).includes(v) }), l))));
    const node = h("div", {}, h("p", { class: "muted small", text: "Pick roles, sites, partners, languages or interests: people must match every group you pick from." }), fieldsets);
    const value = () => {
      const audience = { roles: [], sites: [], partners: [], languages: [], interestedIn: [] };
      for (const fs of fieldsets) audience[fs.dataset.audience] = [...fs.querySelectorAll("input:checked")].map(i => i.value);
      return audience;
    };
    return { node, value };
  }

  /** A search box and a list of the people it finds on the server; the current owner stays offered. Returns both nodes. */
  function ownerPicker(current) {
    const search = h("input", { type: "search", id: "owner-search", placeholder: "Type a name or e-mail to find someone" });
    const select = h("select", { id: "owner" });
    let asked = 0;
    async function find() {
      const mine = ++asked;
      const found = await api("GET", `/api/admin/people?limit=${PICK_PAGE}&q=${encodeURIComponent(search.value.trim())}`);
      if (mine !== asked) return; // a late answer to an older search
      const chosen = select.value || current?.id || "";
      // Someone who left the program is refused as an owner (they would get no reminders): not offered.
      const offered = found.filter(p => !p.optedOut && p.active !== false && p.id !== current?.id);
      select.replaceChildren(h("option", { value: "" }, "— no owner —"),
        ...(current ? [h("option", { value: current.id, selected: chosen === current.id }, `${current.name} (current owner${current.left ? ", left the program" : ""})`)] : []),
        ...offered.map(p => h("option", { value: p.id, selected: p.id === chosen }, `${p.name} (${p.roles.join(", ")})`)));
    }
    search.addEventListener("input", find);
    return { search, select, ready: find() };
  }

  // ---- pages ---------------------------------------------------------------------------------------------
  async function overview() {
    const o = await api("GET", "/api/admin/overview");
    const sends = o.sends.length === 0 ? h("p", { class: "muted", text: "Nothing sent in the last seven days, and nothing scheduled." })
      : h("div", { class: "table-wrap" }, h("table", { class: "responsive" },
          h("caption", { class: "sr-only", text: "Updates sent and scheduled" }),
        h("thead", {}, h("tr", {}, ["Update", "When", "In audience", "Sent", "Waiting", "Failed", "Not sent"].map(t => h("th", { scope: "col", text: t })))),
        h("tbody", {}, o.sends.map(s => h("tr", {},
          h("td", { "data-label": "Update" }, link(`#/updates/${s.id}`, s.title), " ", badge(s.status)),
          h("td", { "data-label": "When", text: s.sentAt ? when(s.sentAt) : s.nextHeld ? heldWhen(s) : `scheduled ${when(s.nextAt)}` }),
          h("td", { "data-label": "In audience", text: s.report?.matched ?? 0 }),
          // A weekly update's counts add up its weeks, while "In audience" is its latest week's: say so beside them.
          h("td", { "data-label": "Sent", text: s.report?.weeks > 1 ? `${s.report.sent} over ${s.report.weeks} weeks` : s.report?.sent ?? 0 }),
          h("td", { "data-label": "Waiting", text: s.report?.queued ?? 0 }),
          h("td", { "data-label": "Failed", text: (s.report?.failed ?? 0) + (s.report?.dead ?? 0) }),
          // The rest of the audience, so a row adds up: without it "In audience 40, Sent 35" left five unexplained.
          h("td", { "data-label": "Not sent", text: notSent(s.report) }))))),
      h("p", { class: "muted small", id: "not-sent", text: `Not sent: opted out, not in ${session.chats} yet, held back by the weekly message limit (in a digest later) or cancelled; the update's page says how many of each.` }));
    const surveys = o.openSurveys.length === 0 ? h("p", { class: "muted", text: "No survey is open." })
      : h("ul", {}, o.openSurveys.map(r => h("li", {}, link(`#/runs/${r.runId}`, r.title), text(r.invited === 0 ? ` — nobody was sent it yet: no one in its audience can be reached in ${session.chats} (the People page says why)`
        : ` — ${r.responses} of ${r.invited} answered (${pct(r.responseRate)})`))));
    const retention = h("div");
    if (o.retention && o.retention.intentBySite.length > 0) {
      retention.append(h("p", { class: "muted small" }, text("From "), link(`#/runs/${o.retention.runId}`, o.retention.title), text(` (${o.retention.status})`)));
      intentChart(retention, o.retention.intentBySite, "Retention intent by site");
    } else retention.append(h("p", { class: "muted", text: "No retention survey answers yet." }));
    const plan = o.actionPlan;
    show(
      h("h1", { text: "This week" }),
      chatsLine(o.chats),
      o.restored ? h("div", { class: "alert", id: "restored", text: `This data comes from a backup taken ${when(o.restored.backupTakenAt)}, put back on ${when(o.restored.restoredAt)}: ` +
        "answers, feedback and changes made between those times are not in it, and updates or surveys due then may have reached people twice." }) : null,
      h("div", { class: "tiles" },
        tile(plan.dueThisWeek, "items due this week", plan.dueThisWeek ? "warn" : "", "#/plan"), tile(plan.overdue, "items overdue", plan.overdue ? "bad" : "", "#/plan"),
        tile(plan.blocked, "items blocked", plan.blocked ? "bad" : "", "#/plan"), tile(o.feedback.new, "new feedback", o.feedback.new ? "warn" : "", "#/feedback/new")),
      h("div", { class: "grid" },
        h("section", { class: "panel span-all" }, h("h2", { text: "Updates sent and scheduled" }), sends),
        h("section", { class: "panel" }, h("h2", { text: "Open surveys" }), surveys),
        h("section", { class: "panel" }, h("h2", { text: "Retention intent by site" }), retention),
        h("section", { class: "panel" }, h("h2", { text: "Action items that need attention" }),
          plan.needAttention.length === 0 ? h("p", { class: "muted", text: "Nothing overdue, blocked or due this week." })
            : h("ul", {}, plan.needAttention.map(i => h("li", {}, link(`#/plan/${i.id}`, i.title), " ", badge(i.status), text(i.dueDate ? ` due ${day(i.dueDate)}` : ""))))),
        h("section", { class: "panel" }, h("h2", { text: "New feedback" }),
          o.feedback.latest.length === 0 ? h("p", { class: "muted", text: "No new feedback." })
            : h("ul", {}, o.feedback.latest.map(f => h("li", {}, h("q", { text: f.text }), text(` — ${f.anonymous ? "anonymous" : f.from?.name ?? ""}`)))),
          link("#/feedback", "Open the inbox"))));
  }

  /** The audience an update did not go to as itself: opted out, not in chat, held back for a digest, cancelled. */
  const notSent = (r) => r ? r.optedOut + r.notInChat + (r.heldBack ?? 0) + (r.cancelled ?? 0) : 0;

  /** A scheduled update whose next day is in a pause: the date it really goes, as its own page says. */
  const heldWhen = (s) => s.nextHeld.skipped
    ? `${when(s.nextAt)} skipped (${s.nextHeld.pauseName}); next ${s.nextHeld.goesAt ? when(s.nextHeld.goesAt) : "—"}`
    : `held by ${s.nextHeld.pauseName}; goes ${when(s.nextHeld.goesAt)}`;

  /** Which chats HitBot is connected to: with none, nobody can be reached, and the coordinator should hear it first. */
  function chatsLine(chats) {
    // A chat that refuses HitBot's own sign-in reaches nobody: said first, with who fixes it, as every send there fails.
    const refused = [
      chats.teams === "refused" ? `Teams has refused HitBot's sign-in since ${when(chats.teamsRefusedSince)}, so updates, surveys and reminders reach nobody in Teams. Whoever runs HitBot fixes it: its Teams client secret (HitBot:Teams:AppPassword) may have expired, or your Teams admin turned the app off (see “Monitoring” in its README).` : null,
      chats.slack === "refused" ? `Slack has refused HitBot's token since ${when(chats.slackRefusedSince)}, so updates, surveys and reminders reach nobody in Slack. Whoever runs HitBot sets a valid HitBot:Slack:BotToken and restarts it (see “Connect Slack” in its README).` : null,
    ].filter(Boolean);
    const on = [chats.teams === "connected" ? "Teams" : null, chats.slack === "connected" ? "Slack" : null].filter(Boolean);
    // Slack or Microsoft Graph refusing to let HitBot look people up by e-mail (a permission missing): the people already linked are reached.
    const problems = [...refused, chats.teamsProblem, chats.slackProblem].filter(Boolean);
    if (problems.length > 0)
      return h("div", { class: "alert", id: "chats" }, ...problems.map(line => h("p", {}, h("strong", { text: line }))),
        on.length === 0 ? null : h("p", { text: refused.length > 0 ? `${on.join(" and ")} still works.` : `Connected to ${on.join(" and ")}.` }));
    // A chat the district does not use is not news once the other is connected; Teams' local test mode always is.
    const off = [chats.teams === "connected" ? null : chats.teams === "emulator" ? "Teams runs in local test mode only, so nobody's own Teams can reach it."
      : on.length > 0 ? null : "Teams is not connected.", chats.slack === "connected" || on.length > 0 ? null : "Slack is not connected."].filter(Boolean);
    if (on.length === 0)
      return h("div", { class: "alert", id: "chats" },
        h("strong", { text: "HitBot is not connected to Teams or Slack yet, so updates, surveys and reminders reach nobody. " }),
        text(off.filter(s => s.startsWith("Teams runs")).join(" ")),
        text(" Whoever runs HitBot connects them: see “From Azure to a chat in Teams” and “Connect Slack” in its README."));
    return h("p", { class: "muted small", id: "chats", text: [`Connected to ${on.join(" and ")}.`, ...off].join(" ") });
  }

  function intentChart(target, groups, label) {
    HitBotCharts.stacked(target, groups.map(g => ({ label: g.name ?? g.group, hidden: g.hidden, hiddenForAnother: g.hiddenForAnother, parts: [g.yes ?? 0, g.unsure ?? 0, g.no ?? 0] })),
      ["Will continue", "Not sure yet", "Will not continue"], { label });
  }

  // ---- routing ---------------------------------------------------------------------------------------------
  // Each page's own routes come from its module (updates.js, series.js, surveys.js, plan.js, feedback.js, people.js) in start().
  const routes = [[/^#\/?$/, overview]];

  async function route() {
    drawing++;
    const hash = location.hash || "#/";
    // Partner leads and site champions see only their pages (the API refuses them the rest anyway).
    if (allowed && !allowed.some(p => hash.startsWith(p))) { location.hash = allowed[0]; return; }
    // Moving to another page (not the first one, nor the same one drawn again) puts the keyboard on its heading, so a
    // screen reader says where it is, as a page load would.
    const moved = shownHash !== null && shownHash !== hash;
    shownHash = hash;
    for (const a of document.querySelectorAll(".top nav a")) {
      const target = a.getAttribute("href");
      const here = target === "#/" ? hash === "#/" : hash.startsWith(target);
      a.classList.toggle("active", here);
      if (here) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
    }
    navigating = moved;
    drawingPage++;
    try {
      const match = routes.map(([pattern, render]) => [pattern.exec(hash), render]).find(([m]) => m);
      if (!match) { show(h("h1", { text: "Not found" }), link("#/", "Back to the overview")); document.title = "Not found · HitBot"; }
      else {
        const [m, render] = match;
        await render(...m.slice(1));
        document.title = `${headingText(page.querySelector("h1")) ?? "Dashboard"} · HitBot`;
      }
    } catch (e) {
      if (e.status !== 401) show(problem(e));
    } finally {
      navigating = false;
      drawingPage--;
    }
    if (moved) focusHeading();
  }
  let shownHash = null;
  /**
   * How many route() calls are drawing a page (one may start before another ends): their reads, refused for want of a
   * session, go to sign-in and back (request).
   */
  let drawingPage = 0;

  async function start() {
    const response = await fetch("/dashboard/session", { credentials: "same-origin" });
    if (!response.ok) { location.href = "/login"; return; }
    session = await response.json();
    document.getElementById("who").textContent = session.name;
    document.getElementById("logout-csrf").value = session.csrf;
    drafts = HitBotDrafts(session.personId ?? "admin");
    document.getElementById("logout").addEventListener("submit", (e) => {
      if (!drafts.unsaved()) return;
      if (!confirm("An update or a reply you wrote here is not saved yet. Sign out and throw it away?")) { e.preventDefault(); return; }
      drafts.forget();
      drafts.leave();
    });
    const ui = { page, session, drafts, h, api, request, show, text, badge, when, day, pct, tile, link, ApiError, problem, action, showMore, ask, announce, route, newKey, conflictOf, theirVersion,
      audienceGroups, forgetGroups, audiencePicker, ownerPicker, intentChart, csvText };
    for (const pages of [HitBotUpdates, HitBotSeries, HitBotSurveys, HitBotPlan, HitBotFeedback, HitBotPeople]) routes.push(...pages(ui).routes);
    // A site champion's site, a partner lead's cohort, or both; a partner lead alone starts on their updates.
    const kinds = [...(session.siteChampion ? ["site"] : []), ...(session.partnerLead ? ["cohort"] : [])];
    if (kinds.length > 0) {
      const mine = HitBotMySite({ h, api, show, text, badge, when, day, pct, tile, link }, kinds);
      routes.push(...mine.routes);
      allowed = session.siteChampion ? [...mine.prefixes, ...(session.partnerLead ? ["#/updates"] : [])] : ["#/updates", ...mine.prefixes];
    }
    for (const a of document.querySelectorAll(".top nav a"))
      a.hidden = allowed ? !allowed.some(p => a.getAttribute("href").startsWith(p)) : a.dataset.for !== undefined;
    // Someone who is both sees their partner's updates and their site's: tell the two apart.
    if (session.siteChampion && session.partnerLead) document.querySelector('.top nav a[href="#/my-updates"]').textContent = "Site updates";
    routes.push(...HitBotCalendar({ h, api, show, badge, when, day, action, ask, ApiError, csvText }).routes);
    // The skip link's "#page" would be a route: it moves the keyboard to the page's heading instead.
    document.querySelector("a.skip").addEventListener("click", (e) => { e.preventDefault(); focusHeading(); });
    window.addEventListener("hashchange", route);
    await route();
    document.body.dataset.ready = "true";
  }

  start();
})();
