// The feedback inbox: searched and paged on the server, replies to the chat an item came from, marking it handled.
"use strict";
window.HitBotFeedback = (ui) => {
  const { page, h, api, request, show, text, badge, when, link, action, showMore, ask, announce, route, audienceGroups, audiencePicker, session, drafts, problem } = ui;

  const FEEDBACK_PAGE = 50;

  async function feedback(status) {
    // "Open" is everything not handled yet, so an item stays in view after it is answered. The server pages and searches:
    // a large program's inbox never comes to the browser whole.
    const search = h("input", { type: "search", id: "feedback-search", placeholder: "Text, writer, site or partner" });
    const url = () => `/api/admin/feedback?status=${status === "all" ? "" : status}&limit=${FEEDBACK_PAGE}&q=${encodeURIComponent(search.value.trim())}`;
    const [first, groups] = await Promise.all([request("GET", url()), audienceGroups()]);
    let items = first.data;
    let total = Number(first.headers.get("X-Total-Count") ?? items.length);
    // "Show more" follows the server's next address (below the last item shown), not a count of items shown: feedback
    // arriving or answered meanwhile would otherwise show an item twice or skip one.
    const nextPage = (r) => /<([^>]+)>;\s*rel="next"/.exec(r.headers.get("Link") ?? "")?.[1] ?? null;
    let next = nextPage(first);
    const tabs = h("div", { class: "tabs" }, [["open", "Open"], ["new", "New"], ["replied", "Replied"], ["handled", "Handled"], ["all", "All"]]
      .map(([v, t]) => h("a", { href: `#/feedback/${v}`, class: v === status ? "active" : "", "aria-current": v === status ? "page" : null }, t)));
    const csv = h("a", { class: "button secondary", href: `/api/admin/feedback.csv?status=${status === "all" ? "" : status}`, download: "" }, "Download this tab (CSV)");
    show(h("h1", { text: "Feedback" }), tabs, csv,
      h("label", { for: "feedback-search", text: "Find feedback" }), search,
      h("p", { class: "muted small", id: "feedback-count" }), h("div", { id: "feedback-list" }), h("div", { id: "feedback-more-slot" }),
      thanks(groups));
    render();

    let asked = 0;
    search.addEventListener("input", async () => {
      const mine = ++asked;
      let r;
      try { r = await request("GET", url()); } catch (e) {
        if (mine === asked) page.querySelector("#feedback-count").replaceChildren(problem(e));
        return;
      }
      if (mine !== asked) return; // a late answer to an older search
      items = r.data; total = Number(r.headers.get("X-Total-Count") ?? items.length); next = nextPage(r);
      render();
      // The list changes under the search box, out of a screen reader's sight: it hears how many match.
      announce(page.querySelector("#feedback-count").textContent);
    });

    function render() {
      page.querySelector("#feedback-list").replaceChildren(...(items.length === 0 ? [h("p", { class: "muted", id: "feedback-empty", text: search.value.trim() ? "Nothing matches." : "Nothing here. Tutors write to you by typing feedback in their chat with HitBot, or with “Ask a question” under an update." })] : items.map(card)));
      page.querySelector("#feedback-count").textContent = `Showing ${items.length} of ${total}.`;
      page.querySelector("#feedback-more-slot").replaceChildren(next ? showMore(async () => {
        const r = await request("GET", next);
        items = items.concat(r.data); total = Number(r.headers.get("X-Total-Count") ?? total); next = nextPage(r);
        render();
      }, () => page.querySelectorAll("[data-feedback]"), () => page.querySelector("#feedback-count").textContent) : "");
    }

    function card(f) {
      const reply = h("textarea", { "aria-label": `Reply to #${f.number}`, placeholder: "Your reply goes to the chat it came from" });
      // Kept in this tab until sent: the list is drawn again by a search, Show more, or any item's button, and a reload or
      // a sign-in after the session ended draws it anew.
      const typed = drafts.keep(`reply-${f.id}`, { text: reply });
      // Each item's first line is its heading: a screen reader moves from item to item by headings, instead of through
      // every reply box and button of the fifty items a page holds.
      return h("section", { class: "panel feedback-item", "data-feedback": f.number },
        h("h2", { class: "item-head" }, h("strong", { text: `#${f.number} ` }), badge(f.status), text(" "),
          h("span", { class: "muted small", text: `${f.anonymous ? "Anonymous" : `${f.from?.name ?? ""}${f.from?.site ? `, ${f.from.siteName ?? f.from.site}` : ""}`} · ${when(f.createdAt)}${f.updateTitle ? ` · about “${f.updateTitle}”` : ""}` })),
        h("div", { class: "text", text: f.text }),
        f.wordsRemoved ? h("p", { class: "muted small", text: `Removed by ${f.wordsRemoved.by ?? "the central team"} on ${when(f.wordsRemoved.at)}${f.wordsRemoved.note ? `: ${f.wordsRemoved.note}` : "."}` }) : null,
        f.replies.length ? h("ul", {}, f.replies.map(r => h("li", { class: "small" }, h("strong", { text: "Reply: " }), text(r.text), h("span", { class: "muted", text: ` — ${r.by ?? "central team"}, ${when(r.at)}` }),
          r.delivery === "failed" ? h("strong", { text: ` Not delivered: ${r.notSentReason ?? "the chat refused it"}` }) : null))) : null,
        reply,
        // Each item's buttons say which item they act on: a list of "Send reply" buttons tells a screen reader nothing.
        action("Send reply", async () => {
          await api("POST", `/api/admin/feedback/${f.id}/reply`, { text: reply.value });
          typed.clear();
          route();
          return `Reply to #${f.number} sent.`;
        },
          undefined, { name: `Send reply to #${f.number}`, fields: { text: reply } }),
        f.status === "handled"
          ? action("Reopen", async () => { await api("DELETE", `/api/admin/feedback/${f.id}/handled`); route(); return `#${f.number} reopened.`; }, "secondary", { name: `Reopen #${f.number}` })
          : action("Mark handled", async () => {
            const shown = [...page.querySelectorAll("[data-feedback]")].map(n => n.dataset.feedback);
            const at = shown.indexOf(String(f.number));
            await api("POST", `/api/admin/feedback/${f.id}/handled`);
            await route();
            // The item leaves the Open and New tabs: the keyboard goes on to the next item (the one before at the end of the
            // list), not back to the top of the page past the tabs and the search; on All it stays on the item, now Reopen.
            const target = page.querySelector(`[data-feedback="${f.number}"] button[aria-label^="Reopen"]`)
              ?? [shown[at + 1], shown[at - 1]].map(n => n && page.querySelector(`[data-feedback="${n}"] h2`)).find(Boolean);
            if (target) { target.tabIndex = target.tagName === "H2" ? -1 : target.tabIndex; target.focus(); }
            return `#${f.number} marked handled.`;
          }, "secondary", { name: `Mark handled: #${f.number}` }),
        f.wordsRemoved ? null : removeWords(f));
    }

    // A student's name or details typed into feedback: the words of the item and its replies go for good, here and in
    // HitBot's records; copies already delivered in Teams or Slack are changed where HitBot can reach them, not everywhere.
    function removeWords(f) {
      const box = h("div", { class: "confirm" });
      const note = h("input", { type: "text", maxlength: 200, "aria-label": `Why the words of #${f.number} are removed (optional)`, placeholder: "Why (optional), e.g. named a student" });
      return h("div", {}, action("Remove the words…", async () => ask(box,
        `Remove the words of #${f.number} and its replies? This cannot be undone. Copies already delivered in Teams or Slack may stay in those chats.`,
        "Yes, remove them", async () => {
          await api("POST", `/api/admin/feedback/${f.id}/redact`, note.value.trim() ? { note: note.value.trim() } : undefined);
          await route();
          return `The words of #${f.number} were removed.`;
        }, "Keep them"), "secondary", { name: `Remove the words of #${f.number}` }), note, box);
    }
  }

  /**
   * A thank-you card to a group ("express appreciation", seed 001). The form keeps one id until it is sent, so a second
   * press or a retry after a lost answer sends nobody anything twice.
   */
  function thanks(groups) {
    const title = h("input", { type: "text", id: "thanks-title", maxlength: 100, placeholder: "Thank you!" });
    const message = h("textarea", { id: "thanks-message", placeholder: "What you are thanking them for (Markdown)" });
    const picker = audiencePicker(groups, () => {});
    const newId = () => Array.from(crypto.getRandomValues(new Uint8Array(8)), b => b.toString(16).padStart(2, "0")).join("");
    let id = newId();
    return h("section", { class: "panel", id: "thanks" }, h("h2", { text: "Send a thank-you" }),
      h("label", { for: "thanks-title", text: "Title (optional)" }), title,
      h("label", { for: "thanks-message", text: "Message" }), message, picker.node,
      action("Send the thank-you", async (out) => {
        const r = await api("POST", "/api/admin/appreciation", { id, title: title.value.trim() || undefined, message: message.value, audience: picker.value() });
        const people = (n) => `${n} ${n === 1 ? "person" : "people"}`;
        const left = [r.optedOut ? `${r.optedOut} opted out` : null, r.notInChat ? `${r.notInChat} not in ${session.chats} yet` : null].filter(Boolean);
        const said = r.matched === 0 ? "Nobody on the roster matches this audience, so nothing was sent."
          : `${r.alreadySent ? `This thank-you was sent before: only people new to its audience get it (${people(r.queued)}).` : `Sending to ${people(r.queued)}.`}` +
            (r.heldBack ? ` ${r.heldBack} of them get it on a later day (their weekly message limit is reached).` : "") +
            (left.length ? ` Not reached: ${left.join(", ")}.` : "");
        out.replaceChildren(h("span", { class: "notice", text: said }), left.length ? text(" ") : null,
          left.length ? link("#/people", "See why on People") : null);
        if (r.matched > 0) { id = newId(); message.value = ""; title.value = ""; }
        return said;
      }, undefined, { fields: { message, title, audience: picker.node.querySelector("fieldset") } }));
  }

  return { routes: [[/^#\/feedback$/, () => feedback("open")], [/^#\/feedback\/(open|new|replied|handled|all)$/, feedback]] };
};
