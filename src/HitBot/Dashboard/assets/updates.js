// The updates pages: the list, writing an update (partner leads to their own tutors only), one update's report and
// previews, correct and recall (partner leads too, for their own), and the central team's edit, duplicate and cancel.
"use strict";
window.HitBotUpdates = (ui) => {
  const { page, h, api, request, show, text, badge, when, day, link, tile, ApiError, problem, action, showMore, ask, route, session, drafts, audienceGroups, audiencePicker, newKey, conflictOf } = ui;

  const UPDATES_PAGE = 50;

  async function updates() {
    // The server pages the list, newest first: years of updates never come to the browser whole.
    const first = await request("GET", `/api/admin/updates?limit=${UPDATES_PAGE}`);
    let list = first.data;
    let total = Number(first.headers.get("X-Total-Count") ?? list.length);
    // "Show more" follows the server's next address (where the shown page ended), not a count of rows shown: a draft
    // written or sent meanwhile would otherwise show an update twice or skip one.
    const nextPage = (r) => /<([^>]+)>;\s*rel="next"/.exec(r.headers.get("Link") ?? "")?.[1] ?? null;
    let next = nextPage(first);
    show(h("h1", { text: "Updates" }),
      h("a", { class: "button", href: "#/updates/new" }, "Write an update"),
      list.length === 0 ? h("p", { class: "muted", id: "updates-empty", text: "No updates yet. Write your first with “Write an update”: you see it as Teams and Slack will show it before anyone gets it." }) : h("div", { class: "table-wrap" }, h("table", { class: "responsive", id: "updates" },
          h("caption", { class: "sr-only", text: "Updates" }),
        h("thead", {}, h("tr", {}, ["Title", "Status", "Written", "Sent"].map(t => h("th", { scope: "col", text: t })))),
        h("tbody", {}))),
      h("p", { class: "muted small", id: "updates-count" }), h("div", { id: "updates-more-slot" }));
    render();

    function render() {
      page.querySelector("#updates tbody")?.replaceChildren(...list.map(row));
      page.querySelector("#updates-count").textContent = list.length < total ? `Showing ${list.length} of ${total}.` : "";
      page.querySelector("#updates-more-slot").replaceChildren(next ? showMore(async () => {
        const r = await request("GET", next);
        list = list.concat(r.data); total = Number(r.headers.get("X-Total-Count") ?? total); next = nextPage(r);
        render();
      }, () => page.querySelectorAll("#updates tbody tr"), () => `Showing ${list.length} of ${total}.`) : "");
    }

    function row(u) {
      return h("tr", {},
        h("td", { "data-label": "Title" }, link(`#/updates/${u.id}`, u.title)), h("td", { "data-label": "Status" }, badge(u.recalledAt ? "recalled" : u.sendingSince ? "sending" : u.status)),
        h("td", { "data-label": "Written", text: when(u.createdAt) }), h("td", { "data-label": "Sent", text: when(u.sentAt) }));
    }
  }

  /** A partner lead writes to their own partner's tutors only: no choice to make, and the server checks it again. */
  function cohortPicker() {
    const audience = { roles: ["tutor"], sites: [], partners: [session.partner] };
    return { node: h("p", { text: `This update goes to the tutors of ${session.partnerName ?? session.partner}.` }), value: () => audience };
  }

  async function compose() {
    const groups = session.partnerLead ? null : await audienceGroups();
    const title = h("input", { type: "text", id: "title", maxlength: 150 });
    const body = h("textarea", { id: "body", placeholder: "Write in Markdown: **bold**, _italic_, - lists, [links](https://…)" });
    const linkRows = [0, 1, 2].map(i => ({
      title: h("input", { type: "text", placeholder: "Button text", "aria-label": `Link ${i + 1} text` }),
      url: h("input", { type: "url", placeholder: "https://…", "aria-label": `Link ${i + 1} address` }),
    }));
    // The card's picture, by address (HitBot stores no files), and the words a screen reader says for it.
    const image = h("input", { type: "url", id: "image-url", placeholder: "https://…" });
    const imageAlt = h("input", { type: "text", id: "image-alt", maxlength: 300 });
    const reach = h("p", { id: "reach", class: "notice", text: "Pick an audience to see whom it reaches." });
    const urgent = h("input", { type: "checkbox", id: "urgent" });
    const teams = h("div", { id: "preview-teams" }), slack = h("div", { id: "preview-slack" });
    const errors = h("div");
    let timer = null;
    const schedule = () => { clearTimeout(timer); timer = setTimeout(refresh, 250); };
    const picker = session.partnerLead ? cohortPicker() : audiencePicker(groups, schedule);
    const draft = () => ({
      title: title.value, body: body.value, audience: picker.value(), urgent: urgent.checked,
      links: linkRows.filter(r => r.title.value || r.url.value).map(r => ({ title: r.title.value, url: r.url.value })),
      imageUrl: image.value.trim() || undefined, imageAlt: imageAlt.value.trim() || undefined,
    });
    async function refresh() {
      try {
        const p = await api("POST", "/api/admin/updates/preview", draft());
        errors.replaceChildren();
        HitBotCards.teams(p.teams, teams);
        HitBotCards.slack(p.slack, slack);
        const r = p.reach;
        reach.textContent = r.matched === 0 ? "This audience reaches nobody yet."
          : `Reaches ${r.recipients} ${r.recipients === 1 ? "person" : "people"}` +
            (r.optedOut || r.notInChat ? ` (left out: ${r.optedOut} opted out, ${r.notInChat} not in ${session.chats} yet)` : "") + ".";
      } catch (e) { errors.replaceChildren(problem(e)); }
    }
    for (const input of [title, body, image, imageAlt, ...linkRows.flatMap(r => [r.title, r.url])]) input.addEventListener("input", schedule);
    // Kept in this tab until saved, with the Idempotency-Key its Save sends: a Save whose answer never came, pressed again
    // (after a reload too), gives back the draft the first one saved instead of a second draft.
    const boxes = Object.fromEntries([["title", title], ["body", body], ["imageUrl", image], ["imageAlt", imageAlt], ["urgent", urgent],
      ...linkRows.flatMap((r, i) => [[`links${i}title`, r.title], [`links${i}url`, r.url]]),
      ...[...picker.node.querySelectorAll("fieldset[data-audience] input")].map(i => [`audience.${i.closest("fieldset").dataset.audience}.${i.value}`, i])]);
    const kept = drafts.keep("update-new", boxes, { key: Array.from(crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, "0")).join("") });
    show(h("h1", { text: "Write an update" }),
      kept.restored ? h("p", { class: "notice", id: "draft-restored", text: "What you were writing is back: it was not saved yet." }) : null,
      h("div", { class: "compose" },
        h("section", { class: "panel" },
          h("label", { for: "title", text: "Title" }), title,
          h("label", { for: "body", text: "Text" }), body,
          h("label", { for: "image-url", text: "Image (optional): its https address" }), image,
          h("label", { for: "image-alt", text: "What the image shows, for people who cannot see it" }), imageAlt,
          h("fieldset", {}, h("legend", { text: "Link buttons (up to 3)" }), linkRows.map(r => h("div", { class: "pair" }, r.title, r.url))),
          h("h2", { text: "Audience" }), picker.node, reach,
          // The program calendar holds everything else during breaks and testing windows.
          // Partner leads cannot mark an update urgent (the API refuses it): the central team decides what skips the limits.
          session.partnerLead ? null : h("label", { class: "inline" }, urgent, "Urgent: goes out even during a break or testing window"),
          errors,
          action("Save draft", async () => {
            const saved = await api("POST", "/api/admin/updates", draft(), { "Idempotency-Key": kept.extra.key });
            kept.clear();
            location.hash = `#/updates/${saved.id}`;
          }, undefined, { fields: { title, body, imageUrl: image, imageAlt } })),
        h("div", { class: "previews" },
          session.chats === "Slack" ? null : h("section", { class: "panel preview" }, h("h3", { text: "In Teams" }), teams),
          h("section", { class: "panel preview" }, h("h3", { text: "In Slack" }), slack))));
    refresh();
  }

  async function updatePage(id) {
    const [{ data: { update, report, nextHeld }, headers }, preview] = await Promise.all([request("GET", `/api/admin/updates/${id}`), api("GET", `/api/admin/updates/${id}/preview`)]);
    // A save names the draft as this page read it: someone else's save since is not overwritten (409 says who and when).
    const etag = headers.get("ETag");
    const teams = h("div"), slack = h("div");
    HitBotCards.teams(preview.teams, teams);
    HitBotCards.slack(preview.slack, slack);
    const reachable = report.matched - report.optedOut - report.notInChat;
    // One key per test asked for, kept until it is queued: a press whose answer never came, pressed again, sends one test.
    let testKey = newKey();
    const confirm = h("span");
    const send = action(update.sentAt ? "Send to anyone not reached yet…" : "Send now…", async () => {
      // A sent update's counts are from its send: who joined the chats since is not known here, so no number is promised.
      if (update.sentAt) {
        ask(confirm, `Send “${update.title}” to anyone in its audience who has no copy yet?`, "Yes, send",
          async () => { await api("POST", `/api/admin/updates/${id}/send`); route(); return "Sending to anyone not reached yet."; });
        return;
      }
      if (reachable === 0) {
        const nobody = "Nobody in this audience can be reached in chat yet: the People page says why for each person.";
        confirm.replaceChildren(h("span", { class: "notice", text: nobody }));
        return nobody;
      }
      const people = `${reachable} ${reachable === 1 ? "person" : "people"}`;
      // Who it will not reach is said before and after the send, with where to find out why.
      const left = [report.notInChat ? `${report.notInChat} not in ${session.chats} yet` : null, report.optedOut ? `${report.optedOut} opted out` : null].filter(Boolean);
      const notReached = left.length ? ` Not reached: ${left.join(", ")} (the People page says why).` : "";
      ask(confirm, `Send “${update.title}” to ${people}?${notReached}`, `Yes, send to ${reachable}`,
        async () => { await api("POST", `/api/admin/updates/${id}/send`); route(); return `Sending to ${people}.${notReached}`; });
    });
    // Named by their visible labels (WCAG 2.5.3): an aria-label in other words is not what someone using speech says.
    const at = h("input", { type: "datetime-local", id: "schedule-at" });
    const weekday = h("select", { id: "weekly-day" },
      ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"].map(d => h("option", { value: d }, d)));
    const weeklyTime = h("input", { type: "time", id: "weekly-time", value: "08:00", "aria-label": "Time of day (program time zone)" });
    const failures = report.failures.length === 0 ? null : h("section", { class: "panel" }, h("h2", { text: "Not delivered" }),
      h("div", { class: "table-wrap" }, h("table", { class: "responsive" },
          h("caption", { class: "sr-only", text: "Not delivered" }),
        h("thead", {}, h("tr", {}, ["Person", "State", "Attempts", "Why"].map(t => h("th", { scope: "col", text: t })))),
        h("tbody", {}, report.failures.map(f => h("tr", {},
          h("td", { "data-label": "Person", text: f.personName ?? f.personId ?? "" }), h("td", { "data-label": "State" }, badge(f.state)),
          h("td", { "data-label": "Attempts", text: f.attempts }), h("td", { "data-label": "Why" }, text(f.reason ?? ""),
            f.nextStep ? h("div", { class: "small next-step", text: f.nextStep }) : null)))))),
      // After "Cancel sending" the copies given up before it stay unsent: a one-off has nothing left to send again.
      update.sendingCancelledAt && !update.schedule?.weekly
        ? h("p", { class: "notice", text: "Sending was cancelled, so these stay unsent. To send it to them after all, duplicate it as a new draft." })
        : session.partnerLead ? null : action("Send the failed ones again", async (out) => {
        const r = await api("POST", `/api/admin/updates/${id}/resend-failed`);
        out.replaceChildren(h("span", { class: "notice", role: "status", text: `${r.requeued} queued again.` }));
      }, "secondary"));
    show(h("h1", {}, text(update.title), text(" "), badge(update.recalledAt ? "recalled" : update.sendingSince ? "sending" : update.status), update.urgent ? badge("urgent") : null),
      h("div", { class: "tiles" },
        tile(report.matched, "in the audience"), tile(report.sent, "delivered", "ok"), tile(report.queued, "waiting to send", report.queued ? "warn" : ""),
        tile(report.failed + report.dead, "not delivered", report.failed + report.dead ? "bad" : ""),
        tile(report.optedOut, "opted out"), tile(report.notInChat, "not in chat yet"), report.cancelled ? tile(report.cancelled, "cancelled", "warn") : null,
        report.heldBack ? tile(report.heldBack, "held back (weekly limit; in a digest later)") : null,
        tile(report.helpful, "found it helpful", "ok"), tile(report.notHelpful, "not helpful"), tile(report.questions, "questions"),
        update.editedAt ? tile(report.edited, "edited", report.editsWaiting ? "warn" : "ok") : null,
        update.recalledAt ? tile(report.recalled, "recalled", report.recallsWaiting ? "warn" : "ok") : null),
      waitingToSend(report.waiting),
      report.weeks > 1 ? h("p", { class: "muted small", id: "weeks-note", text: `Sent every week, ${report.weeks} weeks so far: delivered, waiting and not delivered `
        + "add up every week's messages; in the audience, opted out and not in chat are the latest week's. The spreadsheet has a row per person and week (its week column)." }) : null,
      // The central team's spreadsheet of who got it (the API's deliveries.csv), as the survey and feedback pages have theirs.
      update.sentAt && !session.partnerLead ? h("p", {}, h("a", { class: "button secondary", id: "deliveries-csv", href: `/api/admin/updates/${id}/deliveries.csv`,
        download: `update-${id}-deliveries.csv` }, "Download the deliveries (CSV)")) : null,
      update.recalledAt ? h("p", { class: "notice", text: `Recalled ${when(update.recalledAt)}: deleted from every chat it reached.` }) : null,
      h("section", { class: "panel" }, h("h2", { text: "Send" }),
        update.sentAt ? h("p", { text: `First sent ${when(update.sentAt)}.` }) : null,
        update.nextAt ? h("p", { class: "notice", text: `${update.schedule?.weekly ? "Every week; next" : "Scheduled"}: ${when(update.nextAt)}.` }) : null,
        nextHeld ? h("p", { class: "notice", id: "next-held", text: heldText(nextHeld) }) : null,
        update.recalledAt ? null : send, confirm,
        session.personId ? action("Send me a test", async (out) => {
          await api("POST", `/api/admin/updates/${id}/test-send`, { personId: session.personId }, { "Idempotency-Key": testKey });
          testKey = newKey();
          out.replaceChildren(h("span", { class: "notice", text: "On its way to your chat, marked [Test]." }));
        }, "secondary") : testTo(id),
        session.partnerLead ? null : h("div", {}, h("label", { for: "schedule-at", text: "Or send it at (program time zone)" }), at,
          action("Schedule", async () => {
            if (!at.value) throw new ApiError(400, "Pick a date and time first.");
            await api("PUT", `/api/admin/updates/${id}/schedule`, { at: at.value });
            route();
            return "Scheduled.";
          }, "secondary", { fields: { at } }),
          h("label", { for: "weekly-day", text: "Or every week on (program time zone)" }), h("div", { class: "pair" }, weekday, weeklyTime),
          action("Send every week", async () => {
            await api("PUT", `/api/admin/updates/${id}/schedule`, { weekly: { day: weekday.value, time: weeklyTime.value } });
            route();
            return "Scheduled every week.";
          }, "secondary", { fields: { weekly: weekday } }),
          update.nextAt ? action("Stop the schedule", async () => { await api("DELETE", `/api/admin/updates/${id}/schedule`); route(); return "The schedule is stopped."; }, "secondary") : null)),
      updateControls(id, update, report, etag),
      correctOrRecall(id, update, report, etag),
      failures,
      h("div", { class: "compose" },
        session.chats === "Slack" ? null : h("section", { class: "panel preview" }, h("h3", { text: "In Teams" }), teams),
        h("section", { class: "panel preview" }, h("h3", { text: "In Slack" }), slack)));
    // While messages are on their way, look again every few seconds; but not over something half-typed or a question
    // being answered: drawing the page again would wipe a correction being written, or a date being picked.
    const fields = () => JSON.stringify([...page.querySelectorAll("input, textarea, select")].map(f => [f.value, f.checked]));
    const drawn = fields();
    const busy = () => confirm.childNodes.length > 0 || fields() !== drawn;
    const again = () => { if (location.hash !== `#/updates/${id}` || !page.contains(confirm)) return; if (busy()) setTimeout(again, 2000); else route(); };
    // Every 2 s while some go now; once a minute while they only wait for later (a morning, a pause, a retry): every 2 s
    // redrew the page all night on a phone for copies that could not change before Tuesday 09:00.
    const goingNow = (report.waiting?.groups ?? []).some(g => g.reason === "now") || (report.editsWaiting ?? 0) + (report.recallsWaiting ?? 0) > 0;
    if (goingNow) setTimeout(again, 2000);
    else if (report.queued + report.failed > 0) setTimeout(again, 60000);
  }

  /**
   * The copies waiting to send, by why they wait and when they go, in the program's zone: "12 waiting" alone did not say
   * whether they go in a minute or on Monday.
   */
  function waitingToSend(waiting) {
    const groups = waiting?.groups ?? [];
    if (groups.length === 0) return null;
    const why = {
      now: "going out now, each in its turn",
      morning: "waiting for the person's morning (they were due while HitBot was stopped, in the person's night)",
      pause: "waiting for the first working day after a pause on the program calendar",
      "weekly-limit": "moved later by the person's weekly message limit",
      retry: "to be tried again after a Teams or Slack error (counted under not delivered until then)",
      later: "due later",
    };
    const goes = g => !g.firstGoesAt ? "" : g.firstGoesAt === g.lastGoesAt ? `: it goes ${when(g.firstGoesAt)}`
      : `: they go from ${when(g.firstGoesAt)} to ${when(g.lastGoesAt)}`;
    return h("section", { class: "panel", id: "waiting" }, h("h2", { text: "Waiting to send" }),
      h("ul", {}, groups.map(g => h("li", { "data-reason": g.reason,
        text: `${g.count} ${why[g.reason] ?? g.reason}${g.why ? ` (${g.why})` : ""}${goes(g)}` }))),
      h("p", { class: "muted small", text: `Times are the program's (${waiting.timeZone}).` }));
  }

  /** What the program calendar does to the next occurrence: a weekly one is skipped, a one-off waits for the first working day. */
  function heldText(held) {
    const pause = `${held.pauseName} (${day(held.first)} – ${day(held.last)})`;
    return held.skipped
      ? `That day is in ${pause}, so that week is skipped (it is not urgent); ${held.goesAt ? `the first one after goes ${when(held.goesAt)}` : "none goes after it yet"}. Calendar lists it under Held back once its day comes.`
      : `That day is in ${pause}, so it waits (it is not urgent) and goes ${when(held.goesAt)}.`;
  }

  /**
   * Signed in with the shared admin token there is no "me" to test on: the coordinator picks someone linked in chat
   * (themselves, on the roster) by name or e-mail, and the test goes to that one person, marked [Test].
   */
  function testTo(id) {
    const search = h("input", { type: "search", id: "test-search", placeholder: "Type a name or e-mail" });
    const who = h("select", { id: "test-person", "aria-label": "Person to send the test to" }, h("option", { value: "" }, "— type to find someone —"));
    let asked = 0;
    // As "Send me a test": one key per test asked for, kept until it is queued.
    let testKey = newKey();
    search.addEventListener("input", async () => {
      const mine = ++asked;
      const found = await api("GET", `/api/admin/people?limit=20&q=${encodeURIComponent(search.value.trim())}`);
      if (mine !== asked) return;
      const inChat = found.filter(p => p.reach === "teams" || p.reach === "slack");
      who.replaceChildren(...(inChat.length === 0 ? [h("option", { value: "" }, `Nobody found who is in ${session.chats}`)]
        : inChat.map(p => h("option", { value: p.id }, `${p.name} (${p.email}, ${p.reach === "teams" ? "Teams" : "Slack"})`))));
    });
    return h("div", {}, h("label", { for: "test-search", text: `Send a test to (someone in ${session.chats}, for example you)` }), search, who,
      action("Send a test", async (out) => {
        if (!who.value) throw new ApiError(400, "Find the person to send the test to first.", { personId: ["Find the person to send the test to first."] });
        await api("POST", `/api/admin/updates/${id}/test-send`, { personId: who.value }, { "Idempotency-Key": testKey });
        testKey = newKey();
        out.replaceChildren(h("span", { class: "notice", text: `On its way to ${who.selectedOptions[0].textContent.split(" (")[0]}, marked [Test].` }));
      }, "secondary", { fields: { personId: search } }));
  }

  /**
   * Someone else's version of what is being typed here (a draft or correction saved since the page opened, or since the
   * text kept in this tab was typed): said and shown under the fields, which keep what was typed here.
   */
  const theirVersion = (said, current, press) => ui.theirVersion(said, press,
    h("p", { id: "their-title", text: current.title }),
    h("p", { id: "their-body", class: "kept-lines", text: current.body }));

  /** Central team: edit a draft's title and text, copy an update into a new draft, stop a send under way. */
  function updateControls(id, update, report, etag) {
    if (session.partnerLead) return null;
    const draft = update.status === "Draft";
    const title = h("input", { type: "text", id: "edit-title", maxlength: 150, value: update.title });
    const body = h("textarea", { id: "edit-body" }, update.body);
    const confirm = h("span");
    // Someone else's save since this page opened: their draft is shown under the fields, which keep what was typed here.
    const theirs = h("div", { id: "their-version" });
    // Changes typed here are kept in this tab until saved, as a new update's are (a reload, a crashed tab, a sign-in after
    // the session ended), with the draft's tag they were typed against: if it was saved since, they come back beside the
    // saved version and say so, never silently over it.
    const typed = draft ? drafts.keep(`update-edit-${id}`, { title, body }, { tag: etag }) : null;
    const back = typed?.restored && (title.value !== update.title || body.value !== update.body);
    if (typed?.restored && !back) typed.drop();
    if (back && typed.restored.tag !== etag)
      theirs.replaceChildren(theirVersion(`This draft was saved${update.draftSavedAt ? ` ${when(update.draftSavedAt)}` : ""}, after you typed ` +
        "your changes, so they were not saved.", update, "Save changes"));
    // One key per copy asked for, kept until it is made: a press whose answer never came, pressed again, is the same copy.
    let copyKey = newKey();
    return h("section", { class: "panel" }, h("h2", { text: draft ? "Edit the draft" : "Change" }),
      back && typed.restored.tag === etag ? h("p", { class: "notice", id: "draft-restored", text: "Your changes to this draft are back: they were not saved yet." }) : null,
      draft ? h("div", {}, h("label", { for: "edit-title", text: "Title" }), title, h("label", { for: "edit-body", text: "Text" }), body,
        action("Save changes", async () => {
          try {
            await api("PATCH", `/api/admin/updates/${id}`, { title: title.value, body: body.value }, etag ? { "If-Match": etag } : undefined);
          } catch (e) {
            const conflict = conflictOf(e);
            if (!conflict) throw e;
            // Saved with their version's tag from now on: the next Save replaces theirs knowingly, never silently.
            etag = conflict.etag;
            theirs.replaceChildren(theirVersion(conflict.said, conflict.current, "Save changes"));
            return;
          }
          typed.clear();
          route();
          return "Saved.";
        }, undefined, { fields: { title, body } }), theirs) : null,
      action("Duplicate as a new draft", async () => {
        const copy = await api("POST", `/api/admin/updates/${id}/duplicate`, undefined, { "Idempotency-Key": copyKey });
        copyKey = newKey();
        location.hash = `#/updates/${copy.id}`;
      }, "secondary"),
      // Held-back copies (the weekly limit) are not sent yet either: a send held back whole had no button to stop it.
      !draft && notSent(report) > 0 ? action("Cancel sending…", async () => {
        ask(confirm, `Stop the ${notSent(report)} not sent yet?`, "Yes, stop sending",
          async () => { await api("POST", `/api/admin/updates/${id}/cancel`); route(); return "Sending stopped."; }, "Keep sending");
      }, "secondary") : null,
      confirm);
  }

  const notSent = report => report.queued + report.failed + (report.heldBack ?? 0);

  /** A sent update (a partner lead's own: the only ones they see) is corrected in every chat it reached, or recalled from them; each asks first. */
  function correctOrRecall(id, update, report, etag) {
    if (update.status === "Draft" || update.recalledAt) return null;
    const title = h("input", { type: "text", id: "correct-title", maxlength: 150, value: update.title });
    const body = h("textarea", { id: "correct-body" }, update.body);
    const form = h("div"), confirm = h("span");
    // A colleague's correction since this page opened: shown under the fields, which keep the correction typed here.
    const theirs = h("div", { id: "their-version" });
    const confirmFirst = (question, yes, run, done) => ask(confirm, question, yes, async () => { await run(); route(); return done; }, "Keep it as it is");
    const chats = report.sent === 1 ? "1 chat" : `${report.sent} chats`;
    return h("section", { class: "panel" }, h("h2", { text: "Correct or recall" }),
      action("Correct…", async () => {
        form.replaceChildren(h("label", { for: "correct-title", text: "Title" }), title, h("label", { for: "correct-body", text: "Text" }), body,
          action("Replace it in every chat…", async () => ask(confirm, `Replace “${update.title}” in ${chats}? The card will say Edited.`, "Yes, correct it", async () => {
            try {
              // The whole title and text go: named as this page read them, a colleague's correction since is not undone (409 says who).
              await api("POST", `/api/admin/updates/${id}/correct`, { title: title.value, body: body.value }, etag ? { "If-Match": etag } : undefined);
            } catch (e) {
              const conflict = conflictOf(e);
              if (!conflict) throw e;
              // Named with their version's tag from now on: the next correction replaces theirs knowingly, never silently.
              etag = conflict.etag;
              confirm.replaceChildren();
              theirs.replaceChildren(theirVersion(conflict.said, conflict.current, "Replace it in every chat"));
              return;
            }
            route();
            return "Correcting it in every chat.";
          }, "Keep it as it is")), theirs);
      }, "secondary"),
      action("Recall…", async () => confirmFirst(`Delete “${update.title}” from ${chats}? What has not gone out yet is cancelled. This cannot be undone.`,
        "Yes, recall it", () => api("POST", `/api/admin/updates/${id}/recall`), "Recalling it from every chat."), "secondary"),
      form, confirm);
  }

  return { routes: [[/^#\/updates$/, updates], [/^#\/updates\/new$/, compose], [/^#\/updates\/([\w-]+)$/, updatePage]] };
};
