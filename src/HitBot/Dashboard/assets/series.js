// Newsletter series: a weekly or every-other-week slot and an audience; each slot sends the next draft queued in it.
// Central team only; every change goes through the admin API (/api/admin/series, and PATCH an update's seriesId).
"use strict";
window.HitBotSeries = (ui) => {
  const { page, h, api, request, show, badge, when, link, action, ask, audienceGroups, audiencePicker, newKey, conflictOf } = ui;
  const days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
  const rhythms = { "weekly": "Every week", "every-other-week": "Every other week" };
  // The API names days as .NET does: "Monday", or a number (0 = Sunday) in older answers.
  const dayName = (d) => (typeof d === "number" ? ["Sunday", ...days][d] : d);
  const slot = (s) => `${rhythms[s.rhythm] ?? s.rhythm}, ${dayName(s.day)} at ${s.time}`;
  const next = (s) => (s.active === false ? "Stopped" : s.nextAt ? when(s.nextAt) : "—");

  /** The series as a colleague saved it since this page opened, under the form that keeps what was typed here. */
  const theirVersion = (said, current) => ui.theirVersion(said, "Save changes",
    h("ul", { id: "their-series" },
      h("li", { text: `Name: ${current.name}` }),
      h("li", { text: `Slot: ${slot(current)}` }),
      h("li", { text: `First week on or after: ${current.startsOn}` })));

  async function list() {
    const all = await api("GET", "/api/admin/series");
    show(h("h1", { text: "Newsletter series" }),
      h("p", { class: "muted small", text: "A series sends one update at each of its slots (every week or every other week, at a day and time in the program's time zone) to its audience: the next draft queued in it. A slot with nothing queued sends nothing, and the central team is told the day before." }),
      h("a", { class: "button", href: "#/series/new" }, "Start a series"),
      all.length === 0 ? h("p", { class: "muted", id: "series-empty", text: "No series yet. Start one for your weekly newsletter, then queue drafts in it ahead of time." })
        : h("div", { class: "table-wrap" }, h("table", { class: "responsive", id: "series" },
          h("caption", { class: "sr-only", text: "Newsletter series" }),
          h("thead", {}, h("tr", {}, ["Series", "Slot", "Next", "Queued"].map(t => h("th", { scope: "col", text: t })))),
          h("tbody", {}, all.map(s => h("tr", { "data-series": s.name },
            h("td", { "data-label": "Series" }, link(`#/series/${s.id}`, s.name)),
            h("td", { "data-label": "Slot", text: slot(s) }),
            h("td", { "data-label": "Next" }, s.active === false ? badge("stopped") : next(s)),
            h("td", { "data-label": "Queued", text: s.queued.length })))))));
  }

  /** The form for a new series or one to change; returns the node and a getter for the request. */
  async function form(s) {
    const groups = await audienceGroups();
    const name = h("input", { type: "text", id: "series-name", maxlength: 100, value: s?.name ?? "" });
    const rhythm = h("select", { id: "series-rhythm" }, Object.entries(rhythms).map(([v, t]) => h("option", { value: v, selected: s?.rhythm === v }, t)));
    const day = h("select", { id: "series-day" }, days.map(d => h("option", { value: d, selected: dayName(s?.day ?? "Monday") === d }, d)));
    const time = h("input", { type: "time", id: "series-time", value: s?.time ?? "08:00" });
    const starts = h("input", { type: "date", id: "series-starts", value: s?.startsOn ?? "" });
    const picker = audiencePicker(groups, () => {}, s?.audience ?? {});
    const node = h("section", { class: "panel", id: "series-form" },
      h("label", { for: "series-name", text: "Name" }), name,
      h("label", { for: "series-rhythm", text: "How often" }), rhythm,
      h("label", { for: "series-day", text: "Day" }), day,
      h("label", { for: "series-time", text: "Time (program's time zone)" }), time,
      h("label", { for: "series-starts", text: "First week on or after (optional; every other week counts from it)" }), starts,
      h("h2", { text: "Audience" }), picker.node);
    const value = () => ({
      name: name.value, rhythm: rhythm.value, day: day.value, time: time.value, audience: picker.value(),
      startsOn: starts.value || undefined,
    });
    return { node, value, fields: { name, rhythm, day, time, startsOn: starts } };
  }

  async function create() {
    const f = await form(null);
    // One key for this form until the series is started: a press whose answer never came, pressed again, starts one series.
    const key = newKey();
    show(h("h1", { text: "Start a series" }), f.node,
      action("Start the series", async () => {
        const saved = await api("POST", "/api/admin/series", f.value(), { "Idempotency-Key": key });
        location.hash = `#/series/${saved.id}`;
      }, undefined, { fields: f.fields }),
      h("p", {}, link("#/series", "Back to the series")));
  }

  async function seriesPage(id) {
    const [{ data: s, headers }, recent] = await Promise.all([request("GET", `/api/admin/series/${id}`), api("GET", "/api/admin/updates?limit=200")]);
    // The form's save names the series as this page read it: a colleague's change since is not put back (409 says who).
    let etag = headers.get("ETag");
    const f = await form(s);
    // A colleague's change since this page opened: shown under the form, which keeps what was typed here.
    const theirs = h("div", { id: "their-version" });
    // Drafts not in a series yet, newest first: what can be queued here. One with a schedule of its own is not (the API refuses it).
    const free = recent.filter(u => u.status === "Draft" && !u.seriesId && !u.sendingSince && !u.schedule);
    const pick = h("select", { id: "series-add" }, free.map(u => h("option", { value: u.id }, u.title)));
    const stopBox = h("span");
    show(h("h1", { text: s.name }),
      h("p", { class: "notice", id: "series-next", text: s.active === false
        ? "This series is stopped: no slot sends anything and the central team is not told of empty ones. Start it again to go on."
        : `${slot(s)}. Next: ${next(s)}${s.queued.length === 0 ? ", and nothing is queued for it yet: it will send nothing." : `: “${s.queued[0].title}”.`}` }),
      h("section", { class: "panel" }, h("h2", { text: "Queued, in the order they go" }),
        s.queued.length === 0 ? h("p", { class: "muted", text: "Nothing queued. Write a draft, then add it here." })
          : h("ol", { id: "series-queued" }, s.queued.map(u => h("li", {}, link(`#/updates/${u.id}`, u.title), " ",
            action("Take out", async () => { await api("PATCH", `/api/admin/updates/${u.id}`, { seriesId: "" }); await seriesPage(id); return `“${u.title}” taken out of the series; it is a draft again.`; },
              "secondary small", { name: `Take out ${u.title}` })))),
        free.length === 0
          ? h("p", { class: "muted small" }, "No draft to add: ", link("#/updates/new", "write an update"), ", save it as a draft, and come back.")
          : h("div", { class: "pair" }, h("label", { for: "series-add", text: "Add a draft" }), pick,
            action("Add to the series", async () => {
              const title = pick.selectedOptions[0]?.textContent;
              await api("PATCH", `/api/admin/updates/${pick.value}`, { seriesId: id });
              await seriesPage(id);
              return `“${title}” queued last in ${s.name}.`;
            }))),
      h("section", { class: "panel" }, h("h2", { text: "Sent" }),
        s.sent.length === 0 ? h("p", { class: "muted", text: "Nothing sent yet." })
          : h("ul", { id: "series-sent" }, [...s.sent].reverse().map(u => h("li", {}, link(`#/updates/${u.id}`, u.title), ` — ${when(u.sentAt)}`)))),
      // Also told in chat, once: kept here so a notice read late (or not at all) is not the only record. Older answers have no list.
      (s.missedSlots ?? []).length === 0 ? null : h("section", { class: "panel" }, h("h2", { text: "Weeks with no issue" }),
        h("p", { class: "muted small", text: "These slots went by and sent nothing: nothing was queued for them, or HitBot was not running. Slots in a break or testing window of the program calendar are not listed." }),
        h("ul", { id: "series-missed" }, [...s.missedSlots].reverse().map(at => h("li", { text: when(at) })))),
      h("h2", { text: "Change the series" }), f.node,
      action("Save changes", async () => {
        try {
          await api("PATCH", `/api/admin/series/${id}`, f.value(), etag ? { "If-Match": etag } : undefined);
        } catch (e) {
          const conflict = conflictOf(e);
          if (!conflict) throw e;
          // Saved with their version's tag from now on: the next Save replaces theirs knowingly, never silently.
          etag = conflict.etag;
          theirs.replaceChildren(theirVersion(conflict.said, conflict.current));
          return;
        }
        await seriesPage(id);
        return "Saved. The next slot was worked out again.";
      }, undefined, { fields: f.fields, id: "series-save" }), theirs,
      h("section", { class: "panel" }, h("h2", { text: s.active === false ? "Start again" : "Stop the series" }),
        s.active === false
          ? action("Start the series again", async () => { await api("PATCH", `/api/admin/series/${id}`, { active: true }); await seriesPage(id); return "Started again."; })
          : h("div", {}, h("p", { class: "muted small", text: "A stopped series sends nothing and stops the weekly “nothing queued” message; its queued drafts stay in it, and you can start it again." }),
            action("Stop the series…", async () => ask(stopBox, `Stop “${s.name}”? No slot sends anything until you start it again.`, "Yes, stop it",
              async () => { await api("PATCH", `/api/admin/series/${id}`, { active: false }); await seriesPage(id); return "Stopped."; }), "secondary"),
            stopBox)),
      h("p", {}, link("#/series", "Back to the series")));
  }

  return { routes: [[/^#\/series\/?$/, list], [/^#\/series\/new$/, create], [/^#\/series\/([^/]+)$/, seriesPage]] };
};
