// The pages of a slice of the program, read only (the API refuses any change anyway): a site champion's site and a
// partner lead's cohort, each with its survey results (never a group under five) and at-risk lists; the action items they
// own; for a site champion the updates sent to their site. Someone who is both gets both slices.
"use strict";
window.HitBotMySite = (ui, kinds) => {
  const { h, api, show, text, badge, when, day, pct, tile, link } = ui;
  const SLICES = {
    site: { hash: "#/my-site", api: "/api/admin/my-site", name: s => s.siteName, at: "at your site", reached: "reached your site", of: "at",
      yours: "Your site's",
      other: ["Partner", p => p.partnerName ?? p.partner ?? ""] },
    cohort: { hash: "#/my-cohort", api: "/api/admin/my-cohort", name: s => s.partnerName, at: "in your cohort", reached: "reached your cohort", of: "of",
      yours: "Your cohort's",
      other: ["Site", p => p.siteName ?? p.site ?? ""] },
  };
  const fewer = slice => `Fewer than five people ${slice.at} answered, so the results are hidden: nobody's answers can be told apart.`;
  const forAnother = slice => `${slice.yours} results are hidden in this anonymous survey: with them, a few other tutors' answers could be worked out.`;

  function intentParts(s) { return [s.yes ?? 0, s.unsure ?? 0, s.no ?? 0]; }

  const overview = (slice) => async () => {
    const s = await api("GET", slice.api);
    const name = slice.name(s);
    const trend = h("div");
    const withIntent = s.runs.filter(r => r.results.hidden || r.results.yes !== null);
    if (withIntent.length > 0)
      HitBotCharts.stacked(trend, withIntent.map(r => ({ label: day(r.closesAt), hidden: r.results.hidden, hiddenForAnother: r.results.hiddenForAnother, parts: intentParts(r.results) })),
        ["Will continue", "Not sure yet", "Will not continue"], { label: `Retention intent ${slice.of} ${name} by run` });
    show(h("h1", { text: name }),
      h("p", { class: "muted small", text: `Every survey that ${slice.reached}. Groups of fewer than five answers are never shown.` }),
      s.runs.length === 0 ? h("p", { class: "muted", text: `No survey has ${slice.reached} yet.` })
        : h("div", { class: "table-wrap" }, h("table", { class: "responsive", id: "my-runs" },
          h("caption", { class: "sr-only", text: `Surveys that ${slice.reached}` }),
          h("thead", {}, h("tr", {}, ["Survey", "Closes", "Answered", "Response rate", "Plan to continue"].map(t => h("th", { scope: "col", text: t })))),
          h("tbody", {}, s.runs.map(r => h("tr", { "data-run": r.id, "data-hidden": r.results.hidden ? "true" : "false" },
            h("td", { "data-label": "Survey" }, link(`${slice.hash}/runs/${r.id}`, r.title), " ", badge(r.status), r.anonymous ? badge("anonymous") : null),
            h("td", { "data-label": "Closes", text: day(r.closesAt) }),
            h("td", { "data-label": "Answered", text: r.results.hidden ? `hidden (${r.results.invited} invited)` : `${r.results.responses} of ${r.results.invited}` }),
            h("td", { "data-label": "Response rate", text: r.results.hidden ? "hidden" : pct(r.results.responseRate) }),
            h("td", { "data-label": "Plan to continue", text: r.results.hidden || r.results.intendToStay === null ? "—" : pct(r.results.intendToStay) })))))),
      trend.childElementCount ? h("section", { class: "panel" }, h("h2", { text: "Retention intent by run" }), trend) : null);
  };

  const runPage = (slice) => async (id) => {
    const r = await api("GET", `${slice.api}/survey-runs/${id}/results`);
    const atRisk = r.anonymous ? null : await api("GET", `${slice.api}/survey-runs/${id}/at-risk`);
    const s = r.results;
    const name = slice.name(s);
    const [otherLabel, other] = slice.other;
    const charts = h("div", { class: "grid wide" });
    if (!s.hidden) {
      if (s.yes !== null) {
        const panel = h("section", { class: "panel" }, h("h3", { text: "Plan to continue" }));
        HitBotCharts.stacked(panel, [{ label: name, parts: intentParts(s) }], ["Will continue", "Not sure yet", "Will not continue"], { label: "Retention intent" });
        charts.append(panel);
      }
      for (const q of s.questions) {
        const panel = h("section", { class: "panel", "data-question": q.id }, h("h3", { text: q.text }), h("p", { class: "muted small", text: `${q.answered} answered` }));
        HitBotCharts.bars(panel, q.options.map(o => ({ label: o.title, value: o.count })), { label: q.text });
        charts.append(panel);
      }
    }
    show(h("h1", {}, text(r.title), text(" "), badge(r.status), r.anonymous ? text(" ") : null, r.anonymous ? badge("anonymous") : null),
      h("p", {}, link(slice.hash, `Back to ${name}`)),
      s.hidden ? h("p", { class: "muted", id: "hidden-results", text: `${s.hiddenForAnother ? forAnother(slice) : fewer(slice)} (${s.invited} invited.)` })
        : h("div", { class: "tiles" }, tile(s.responses, "answered", "ok"), tile(s.invited, "invited"), tile(pct(s.responseRate), "response rate")),
      charts.childElementCount ? [h("h2", { text: "Answers" }), charts] : null,
      h("section", { class: "panel" }, h("h2", { text: `Tutors ${slice.at} who may not stay` }),
        atRisk === null ? h("p", { class: "muted", text: "This survey was anonymous: it has no list of names." })
          : atRisk.length === 0 ? h("p", { class: "muted", text: "Nobody." })
          : h("div", { class: "table-wrap" }, h("table", { class: "responsive", id: "at-risk" },
          h("caption", { class: "sr-only", text: `Tutors ${slice.at} who may not stay` }),
            h("thead", {}, h("tr", {}, ["Name", otherLabel, "Why"].map(t => h("th", { scope: "col", text: t })))),
            // Deactivated since they answered: gone, not someone to talk to (the central team's page says the same).
            h("tbody", {}, atRisk.map(p => h("tr", {}, h("td", { "data-label": "Name", text: p.left ? `${p.name} (left the program)` : p.name }),
              h("td", { "data-label": otherLabel, text: other(p) }), h("td", { "data-label": "Why", text: p.reasons.join("; ") }))))))));
  };

  // Both slices list the same items (the ones the caller owns): the first slice's API is enough.
  async function myItems() {
    const items = await api("GET", `${SLICES[kinds[0]].api}/action-items`);
    show(h("h1", { text: "My items" }),
      h("p", { class: "muted small", text: "The action items you own, the open ones soonest due first. Change them in chat: type \"my items\"." }),
      items.length === 0 ? h("p", { class: "muted", text: "You own no action items." })
        : h("div", { class: "table-wrap" }, h("table", { class: "responsive", id: "my-items" },
          h("caption", { class: "sr-only", text: "My action items" }),
          h("thead", {}, h("tr", {}, ["Item", "Due", "Status"].map(t => h("th", { scope: "col", text: t })))),
          h("tbody", {}, items.map(i => h("tr", {},
            h("td", { "data-label": "Item", text: i.title }), h("td", { "data-label": "Due", text: day(i.dueDate) }),
            h("td", { "data-label": "Status" }, badge(i.status), i.overdue ? badge("overdue") : null, text(i.blockedReason ? ` ${i.blockedReason}` : ""))))))));
  }

  async function updates() {
    const list = await api("GET", "/api/admin/my-site/updates");
    show(h("h1", { text: "Updates" }),
      h("p", { class: "muted small", text: "Updates sent to people at your site." }),
      list.length === 0 ? h("p", { class: "muted", text: "No update has been sent to your site yet." })
        : h("div", { class: "table-wrap" }, h("table", { class: "responsive", id: "my-updates" },
          h("caption", { class: "sr-only", text: "Updates sent to your site" }),
          h("thead", {}, h("tr", {}, ["Title", "Sent", "People at your site"].map(t => h("th", { scope: "col", text: t })))),
          h("tbody", {}, list.map(u => h("tr", {},
            h("td", { "data-label": "Title" }, link(`#/my-updates/${u.id}`, u.title)), h("td", { "data-label": "Sent", text: when(u.sentAt) }),
            h("td", { "data-label": "People at your site", text: u.sentToSite })))))));
  }

  async function updatePage(id) {
    const u = await api("GET", `/api/admin/my-site/updates/${id}`);
    const links = u.links.filter(l => /^https?:\/\//i.test(l.url));
    show(h("h1", { text: u.title }),
      h("p", { class: "muted small", text: `Sent ${when(u.sentAt)} to ${u.sentToSite} people at your site.` }),
      h("section", { class: "panel" }, h("div", { class: "update-text", text: u.body }),
        links.length ? h("ul", {}, links.map(l => h("li", {}, h("a", { href: l.url, rel: "noopener noreferrer", target: "_blank" }, l.title)))) : null),
      link("#/my-updates", "All updates"));
  }

  const slices = kinds.map(k => SLICES[k]);
  const site = kinds.includes("site");
  return {
    prefixes: [...slices.map(s => s.hash), "#/my-items", ...(site ? ["#/my-updates"] : [])],
    routes: [
      ...slices.flatMap(s => [[new RegExp(`^${s.hash}$`), overview(s)], [new RegExp(`^${s.hash}/runs/([\\w-]+)$`), runPage(s)]]),
      [/^#\/my-items$/, myItems],
      ...(site ? [[/^#\/my-updates$/, updates], [/^#\/my-updates\/([\w-]+)$/, updatePage]] : []),
    ],
  };
};
