// The program calendar page: breaks, testing windows and holidays (added one by one or from the district's CSV), and
// what they held back. Central team only; every change goes through the admin API.
"use strict";
window.HitBotCalendar = (ui) => {
  const { h, api, show, badge, when, day, action, ask, ApiError, csvText } = ui;
  const kinds = { "break": "Break", "testing": "Testing window", "holiday": "Holiday" };
  const heldKinds = { "update": "Update", "survey-run": "Survey opening", "survey-reminders": "Survey reminders", "action-reminder": "Action-item reminder" };

  async function calendarPage() {
    const [c, held] = await Promise.all([api("GET", "/api/admin/calendar"), api("GET", "/api/admin/calendar/held")]);
    const name = h("input", { type: "text", id: "pause-name", maxlength: 100, placeholder: "Winter break" });
    const kind = h("select", { id: "pause-kind" }, Object.entries(kinds).map(([v, t]) => h("option", { value: v }, t)));
    const first = h("input", { type: "date", id: "pause-first" });
    const last = h("input", { type: "date", id: "pause-last" });
    const file = h("input", { type: "file", id: "calendar-file", accept: ".csv,text/csv" });
    show(h("h1", { text: "Program calendar" }),
      c.pausedToday
        ? h("p", { class: "notice", id: "paused-today", text: `Today is in ${c.pausedToday.name} (${day(c.pausedToday.first)} – ${day(c.pausedToday.last)}): only urgent updates go out. Work starts again on ${day(c.nextWorkingDay)}.` })
        : null,
      h("p", { class: "muted small", text: `During a break, testing window or holiday nothing that is not urgent goes out: weekly updates skip that week, survey runs open on the first working day after and their reminders wait, action-item reminders move to the first working day after. Survey reminders never go on weekends. Dates are in the program's time zone (${c.timeZone}).` }),
      h("section", { class: "panel" }, h("h2", { text: "Breaks and testing windows" }),
        c.entries.length === 0 ? h("p", { class: "muted", text: "Nothing on the calendar yet." })
          : h("div", { class: "table-wrap" }, h("table", { class: "responsive", id: "pauses" },
          h("caption", { class: "sr-only", text: "Breaks and testing windows" }),
            h("thead", {}, h("tr", {}, ["Name", "Kind", "First day", "Last day", "Change"].map(t => h("th", { scope: "col", text: t })))),
            h("tbody", {}, c.entries.map(e => h("tr", { "data-pause": e.name },
              h("td", { "data-label": "Name", text: e.name }), h("td", { "data-label": "Kind" }, badge(e.kind)),
              h("td", { "data-label": "First day", text: day(e.first) }), h("td", { "data-label": "Last day", text: day(e.last) }),
              // Asks first: removed, what the pause holds back is no longer held, and a tap beside the dates on a phone is easy to make.
              h("td", { "data-label": "Change" }, action("Remove", async (out) => ask(out, `Remove “${e.name}” from the calendar? What it holds back is no longer held.`,
                "Yes, remove it", async () => { await api("DELETE", `/api/admin/calendar/${e.id}`); await calendarPage(); return `${e.name} removed.`; }, "Keep it"),
                "secondary small", { name: `Remove ${e.name}`, id: `remove-${e.id}` }))))))),
        h("h3", { text: "Add one" }),
        h("div", { class: "pair" }, h("label", { for: "pause-name", text: "Name" }), h("label", { for: "pause-kind", text: "Kind" })),
        h("div", { class: "pair" }, name, kind),
        h("div", { class: "pair even" }, h("label", { for: "pause-first", text: "First day" }), h("label", { for: "pause-last", text: "Last day" })),
        h("div", { class: "pair even" }, first, last),
        action("Add to the calendar", async () => {
          await api("POST", "/api/admin/calendar", { name: name.value, kind: kind.value, first: first.value, last: last.value });
          await calendarPage();
          return "Added to the calendar.";
        }, undefined, { fields: { name, kind, first, last } })),
      h("section", { class: "panel", id: "calendar-import" }, h("h2", { text: "Import the district's calendar" }),
        h("p", { class: "muted small", text: "A CSV with the columns name, kind (break, testing or holiday), first, last (dates like 2026-12-21). A file with any wrong line changes nothing; importing the same file again changes nothing either." }),
        h("label", { for: "calendar-file", text: "Calendar file" }), file,
        action("Import", async (out) => {
          if (!file.files[0]) throw new ApiError(400, "Choose the calendar file first.");
          const r = await api("POST", "/api/admin/calendar/import", await csvText(file.files[0]));
          await calendarPage();
          const said = `Imported: ${r.added} added, ${r.replaced} already there.`;
          document.getElementById("calendar-import").append(h("p", { class: "notice", role: "status", text: said }));
          out.replaceChildren();
          return said;
        })),
      h("section", { class: "panel" }, h("h2", { text: "Held back" }),
        held.length === 0 ? h("p", { class: "muted", text: "Nothing has been held back yet." })
          : h("div", { class: "table-wrap" }, h("table", { class: "responsive", id: "held" },
          h("caption", { class: "sr-only", text: "Held back" }),
            h("thead", {}, h("tr", {}, ["What", "Title", "Was due", "Goes", "Held by"].map(t => h("th", { scope: "col", text: t })))),
            h("tbody", {}, held.map(x => h("tr", { "data-held": x.kind },
              h("td", { "data-label": "What", text: heldKinds[x.kind] ?? x.kind }), h("td", { "data-label": "Title", text: x.title }),
              h("td", { "data-label": "Was due", text: when(x.dueAt) }),
              h("td", { "data-label": "Goes", text: x.skipped ? `skipped; next ${x.goesAt ? when(x.goesAt) : "—"}` : (x.goesAt ? when(x.goesAt) : "not before it closes") }),
              h("td", { "data-label": "Held by", text: x.pauseName }))))))));
  }

  return { routes: [[/^#\/calendar$/, calendarPage]] };
};
