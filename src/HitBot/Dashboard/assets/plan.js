// The action plan pages: the board, the program's phase (and telling chosen roles what it expects), one item.
"use strict";
window.HitBotPlan = (ui) => {
  const { h, api, request, show, text, badge, when, day, link, ApiError, action, route, ownerPicker, session, conflictOf } = ui;

  // The checklist's names (000 §1: "Program Installation", "Initial Implementation", "Scaling & Sustainability"), as the cards say them.
  const PHASES = [["installation", "Program installation"], ["initial-implementation", "Initial implementation"], ["scaling-and-sustainability", "Scaling and sustainability"]];
  // Whom an announcement suggests telling: 000 §1, "communicate expectations for each phase to tutors, school leaders, and
  // district administrators" (004's district roles: the executive champion, the district staff overseeing principals).
  const SUGGESTED = ["tutor", "site-champion", "school-leader", "executive-champion", "school-leader-support"];
  const STATUSES = [["not-started", "Not started"], ["in-progress", "In progress"], ["blocked", "Blocked"], ["done", "Done"]];

  async function plan() {
    const [items, phase] = await Promise.all([api("GET", "/api/admin/action-items"), api("GET", "/api/admin/program-phase")]);
    // The current phase leads the board; the API already lists its items first.
    const phases = phase.phase ? [...PHASES.filter(([p]) => p === phase.phase), ...PHASES.filter(([p]) => p !== phase.phase)] : PHASES;
    // An occurrence that is done or missed lives in its series' page; the board shows the series and what is still open.
    const onBoard = items.filter(i => !i.seriesId || (i.status !== "done" && i.status !== "missed"));
    // Owners and dates edited in the file go back in through the assignment import (item, owner_email, due_date).
    const csv = h("a", { class: "button secondary", href: "/api/admin/action-items.csv", download: "" }, "Download the plan (CSV)");
    show(h("h1", { text: "Action plan" }), csv, phasePanel(phase),
      phases.map(([key, phaseName]) => h("section", { class: "panel", "data-phase": key },
        h("h2", { text: key === phase.phase ? `${phaseName} (current phase)` : phaseName }),
        h("div", { class: "board" }, STATUSES.map(([status, statusName]) => {
          const here = onBoard.filter(i => i.phase === key && i.status === status);
          return h("div", { class: "column", "data-status": status }, h("h3", { text: `${statusName} (${here.length})` }),
            here.map(i => {
              // The server says what is overdue (the program's today, as the overview counts it): the browser's own date
              // is another day for hours each evening in a program west of UTC.
              const late = i.overdue;
              const timing = i.repeat ? `every ${i.repeat.everyWeeks === 1 ? "week" : `${i.repeat.everyWeeks} weeks`} on ${i.repeat.on}` : i.dueDate ? `due ${day(i.dueDate)}` : "no date";
              return h("a", { class: `item${late ? " overdue" : ""}`, href: `#/plan/${i.id}` }, h("div", { class: "title", text: i.title }),
                h("div", { class: "muted small", text: [ownerText(i.owner), timing].join(" · ") }),
                late ? badge("overdue") : null);
            }));
        })))));
  }

  // The program's phase, and after a change the offer to tell chosen roles what the phase expects of them.
  function phasePanel(phase) {
    const select = h("select", { id: "phase" }, h("option", { value: "", disabled: true, selected: !phase.phase }, "— not set —"),
      PHASES.map(([v, t]) => h("option", { value: v, selected: v === phase.phase }, t)));
    const announce = h("div", { id: "announce" });
    const offer = (current) => {
      if (!current.phase) return announce.replaceChildren();
      const roles = current.roles.map(r => h("label", { class: "block" },
        h("input", { type: "checkbox", value: r.role, checked: SUGGESTED.includes(r.role) }),
        h("b", { text: ` ${r.title}: ` }), text(r.expectations.join(" "))));
      announce.replaceChildren(h("h3", { text: `Tell people what ${current.name} (${current.guideName}) expects of them` }),
        h("p", { class: "muted small", text: current.what }), h("div", { class: "roles" }, roles),
        action("Send the announcement", async (out) => {
          const chosen = roles.map(l => l.querySelector("input")).filter(i => i.checked).map(i => i.value);
          const r = await api("POST", "/api/admin/program-phase/announce", { roles: chosen });
          out.replaceChildren(h("span", { class: "notice", text: `Sent to ${r.queued} ${r.queued === 1 ? "person" : "people"} (${r.optedOut} opted out, ${r.notInChat} not in chat yet)` +
            (r.heldBack ? `; ${r.heldBack} go on a later day, their week being full.` : ".") }));
        }));
    };
    offer(phase);
    return h("section", { class: "panel", id: "program-phase" }, h("h2", { text: "Program phase" }),
      h("label", { for: "phase", text: "The program is now in" }), select,
      action("Set phase", async () => {
        if (!select.value) throw new ApiError(400, "Choose a phase.");
        await api("PUT", "/api/admin/program-phase", { phase: select.value });
        route();
        return "Phase set.";
      }, undefined, { fields: { phase: select } }), announce);
  }

  async function itemPage(id) {
    const [{ data: item, headers }, all] = await Promise.all([request("GET", `/api/admin/action-items/${id}`), api("GET", "/api/admin/action-items")]);
    // A save names the item as this page read it: a colleague's change, or the owner's button in chat, since is not overwritten (409 says who).
    let etag = headers.get("ETag");
    // What Save compares the fields with: the item as read, or after a refused save the colleague's version (shown in
    // theirs), so the next Save puts the fields as shown in place of theirs, not only what differed from the old page.
    let base = item;
    const theirs = h("div", { id: "their-version" });
    const occurrences = all.filter(i => i.seriesId === id).sort((a, b) => (a.dueDate < b.dueDate ? 1 : -1));
    const every = h("input", { type: "number", id: "repeat-weeks", min: 0, max: 12, value: item.repeat?.everyWeeks ?? "" });
    const repeatOn = h("select", { id: "repeat-on" }, ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"].map(d => h("option", { value: d, selected: d === item.repeat?.on }, d)));
    const preRead = h("input", { type: "checkbox", id: "pre-read", checked: item.preRead });
    const ownerPick = ownerPicker(item.owner);
    await ownerPick.ready;
    const owner = ownerPick.select;
    const due = h("input", { type: "date", id: "due", value: item.dueDate ?? "" });
    // A missed meeting shows as missed: with no such option the select fell on "Not started", and saving a note reopened it.
    const statuses = item.status === "missed" ? [...STATUSES, ["missed", "Missed"]] : STATUSES;
    const status = h("select", { id: "status" }, statuses.map(([v, t]) => h("option", { value: v, selected: v === item.status }, t)));
    const reason = h("input", { type: "text", id: "reason", value: item.blockedReason ?? "" });
    const note = h("input", { type: "text", id: "note" });
    show(h("p", {}, link("#/plan", "← Action plan")), h("h1", {}, text(item.title), text(" "), badge(item.status)),
      h("p", { text: item.description }),
      h("section", { class: "panel" }, h("h2", { text: "Owner, date and status" }),
        h("label", { for: "owner-search", text: "Find an owner" }), ownerPick.search,
        h("label", { for: "owner", text: "Owner" }), owner, h("label", { for: "due", text: "Due date" }), due,
        h("label", { for: "status", text: "Status" }), status,
        h("label", { for: "reason", text: "If blocked: what is in the way" }), reason,
        h("label", { for: "note", text: "Add a note" }), note,
        item.seriesId ? h("p", {}, text("One meeting of "), link(`#/plan/${item.seriesId}`, "its series"), text(".")) : h("fieldset", {},
          h("legend", { text: "Repeats (the due date is the first time)" }),
          h("label", { for: "repeat-weeks", text: "Every how many weeks (0 = does not repeat)" }), every,
          h("label", { for: "repeat-on", text: "On" }), repeatOn,
          h("label", { class: "inline" }, preRead, " Reminders carry the survey pre-read")),
        action("Save changes", async () => {
          const edit = {};
          if (owner.value !== (base.owner?.id ?? "")) { if (owner.value) edit.ownerId = owner.value; else edit.clearOwner = true; }
          if (due.value && due.value !== (base.dueDate ?? "")) edit.dueDate = due.value;
          else if (!due.value && base.dueDate) edit.clearDueDate = true; // emptied: was ignored, and "Saved." kept the date
          if (status.value !== base.status) edit.status = status.value;
          if (status.value === "blocked" && reason.value !== (base.blockedReason ?? "")) edit.blockedReason = reason.value;
          if (note.value.trim()) edit.note = note.value.trim();
          if (!item.seriesId && every.value !== "" && (Number(every.value) !== (base.repeat?.everyWeeks ?? 0) || (base.repeat && repeatOn.value !== base.repeat.on)))
            Object.assign(edit, { repeatEveryWeeks: Number(every.value), repeatOn: repeatOn.value });
          if (!item.seriesId && preRead.checked !== base.preRead) edit.preRead = preRead.checked;
          if (Object.keys(edit).length === 0) throw new ApiError(400, "Nothing changed.");
          try {
            await api("PATCH", `/api/admin/action-items/${id}`, edit, etag ? { "If-Match": etag } : undefined);
          } catch (e) {
            const conflict = conflictOf(e);
            if (!conflict) throw e;
            // Saved with their version's tag from now on: the next Save replaces theirs knowingly, never silently.
            etag = conflict.etag;
            base = conflict.current;
            theirs.replaceChildren(theirVersion(conflict.said, base));
            return;
          }
          route();
          return "Saved.";
        }, undefined, { fields: { ownerId: owner, dueDate: due, clearDueDate: due, status, blockedReason: reason, note, repeatEveryWeeks: every, repeatOn } }),
        theirs),
      sentPanel(item),
      occurrences.length ? h("section", { class: "panel" }, h("h2", { text: "Meetings" }),
        h("ul", {}, occurrences.map(o => h("li", {}, link(`#/plan/${o.id}`, day(o.dueDate)), text(" "), badge(o.status), text(` · ${ownerText(o.owner)}`))))) : null,
      h("section", { class: "panel" }, h("h2", { text: "History" }),
        h("ul", { class: "history" }, [...item.history].reverse().map(l => h("li", {}, h("div", { text: l.text }), h("div", { class: "muted small", text: `${l.by}, ${when(l.at)}` }))))));
  }

  /**
   * The item as someone changed it since this page opened (a colleague, or its owner from chat): said and shown under the
   * fields, which keep what was typed here; a reload to see it threw that away.
   */
  function theirVersion(said, current) {
    const status = [...STATUSES, ["missed", "Missed"]].find(([v]) => v === current.status)?.[1] ?? current.status;
    return ui.theirVersion(said, "Save changes",
      h("ul", { id: "their-item" },
        h("li", { text: `Owner: ${ownerText(current.owner)}` }),
        h("li", { text: `Due date: ${current.dueDate ? day(current.dueDate) : "none"}` }),
        h("li", { text: `Status: ${status}${current.status === "blocked" && current.blockedReason ? ` (${current.blockedReason})` : ""}` })));
  }

  /**
   * The owner as the board shows them: one who left the program gets no reminders, so the board says so, as the digest
   * does; so does one HitBot cannot reach in chat yet, whose reminders cannot go.
   */
  function ownerText(owner) {
    return owner ? (owner.left ? `${owner.name} (left the program)` : owner.inChat ? owner.name : `${owner.name} (not in ${session.chats} yet)`) : "no owner";
  }

  /** What HitBot sent about the item: its owner's reminders and the escalations, each with how its delivery went. */
  function sentPanel(item) {
    const messages = item.messages ?? [];
    const states = { queued: "waiting to send", sending: "sending", sent: "sent", failed: "not sent yet, trying again", dead: "not delivered",
      cancelled: "cancelled", held: "held back" };
    return h("section", { class: "panel", id: "item-messages" }, h("h2", { text: "What HitBot sent about it" }),
      messages.length === 0
        ? h("p", { class: "muted", text: item.owner?.left
          ? `Nothing: ${item.owner.name} has left the program and gets no reminders. Give the item an active owner; until then the central team's weekly digest lists it among the items with no owner.`
          : item.owner && !item.owner.inChat ? notInChat(item.owner)
          : item.owner
          ? `Nothing yet. ${item.owner.name} gets reminders before the due date, on it and while it is overdue, at the start of their working day; an item blocked or long overdue goes to the executive champions and the central team.`
          : "Nothing yet: an item without an owner gets no reminders. The central team's weekly digest lists it among the items with no owner." })
        : [item.owner && !item.owner.left && !item.owner.inChat ? h("p", { class: "notice", text: notInChat(item.owner) }) : null,
          h("ul", {}, messages.map(m => h("li", { "data-message": m.kind },
            text(`${m.kind === "reminder" ? "Reminder" : m.kind === "new-owner" ? "New for them" : "Escalation"} to ${m.to ?? "someone"}, ${when(m.sentAt ?? m.queuedAt)}: ${states[m.state] ?? m.state}`),
            m.reason ? text(` (${m.reason})`) : null)))]);
  }

  /** An owner HitBot has no chat for: their reminders cannot go, which the page said nothing of (it promised them). */
  function notInChat(owner) {
    return `${owner.name} is not in ${session.chats} with HitBot yet, so gets no reminders until they are. The People page says why; ` +
      "until then, give the item an owner HitBot reaches, or tell them yourself.";
  }

  return { routes: [[/^#\/plan$/, plan], [/^#\/plan\/([\w-]+)$/, itemPage]] };
};
