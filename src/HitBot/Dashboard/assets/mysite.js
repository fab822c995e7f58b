// A site champion's pages: their site's survey results (never a group under five), their at-risk lists, the action
// items they own and the updates sent to their site. Read only: the API refuses them any change anyway.
"use strict";
window.HitBotMySite = (ui) => {
  const { h, api, show, text, badge, when, day, pct, tile, link } = ui;
  const FEWER = "Fewer than five people at your site answered, so the results are hidden: nobody's answers can be told apart.";
  const FOR_ANOTHER = "Your site's results are hidden in this anonymous survey: with them, another site's few answers could be worked out.";

  function intentParts(s) { return [s.yes ?? 0, s.unsure ?? 0, s.no ?? 0]; }

  async function mySite() {
    const s = await api("GET", "/api/admin/my-site");
    const trend = h("div");
    const withIntent = s.runs.filter(r => r.results.hidden || r.results.yes !== null);
    if (withIntent.length > 0)
      HitBotCharts.stacked(trend, withIntent.map(r => ({ label: day(r.closesAt), hidden: r.results.hidden, hiddenForAnother: r.results.hiddenForAnother, parts: intentParts(r.results) })),
        ["Will continue", "Not sure yet", "Will not continue"], { label: `Retention intent at ${s.siteName} by run` });
    show(h("h1", { text: s.siteName }),
      h("p", { class: "muted small", text: "Every survey that reached your site. Groups of fewer than five answers are never shown." }),
      s.runs.length === 0 ? h("p", { class: "muted", text: "No survey has reached your site yet." })
        : h("div", { class: "table-wrap" }, h("table", { class: "responsive", id: "my-runs" },
          h("thead", {}, h("tr", {}, ["Survey", "Closes", "Answered", "Response rate", "Plan to continue"].map(t => h("th", { text: t })))),
          h("tbody", {}, s.runs.map(r => h("tr", { "data-run": r.id, "data-hidden": r.results.hidden ? "true" : "false" },
            h("td", { "data-label": "Survey" }, link(`#/my-site/runs/${r.id}`, r.title), " ", badge(r.status), r.anonymous ? badge("anonymous") : null),
            h("td", { "data-label": "Closes", text: day(r.closesAt) }),
            h("td", { "data-label": "Answered", text: r.results.hidden ? `hidden (${r.results.invited} invited)` : `${r.results.responses} of ${r.results.invited}` }),
            h("td", { "data-label": "Response rate", text: r.results.hidden ? "hidden" : pct(r.results.responseRate) }),
            h("td", { "data-label": "Plan to continue", text: r.results.hidden || r.results.intendToStay === null ? "—" : pct(r.results.intendToStay) })))))),
      trend.childElementCount ? h("section", { class: "panel" }, h("h2", { text: "Retention intent by run" }), trend) : null);
  }

  async function runPage(id) {
    const r = await api("GET", `/api/admin/my-site/survey-runs/${id}/results`);
    const atRisk = r.anonymous ? null : await api("GET", `/api/admin/my-site/survey-runs/${id}/at-risk`);
    const s = r.results;
    const charts = h("div", { class: "grid wide" });
    if (!s.hidden) {
      if (s.yes !== null) {
        const panel = h("section", { class: "panel" }, h("h3", { text: "Plan to continue" }));
        HitBotCharts.stacked(panel, [{ label: s.siteName, parts: intentParts(s) }], ["Will continue", "Not sure yet", "Will not continue"], { label: "Retention intent" });
        charts.append(panel);
      }
      for (const q of s.questions) {
        const panel = h("section", { class: "panel", "data-question": q.id }, h("h3", { text: q.text }), h("p", { class: "muted small", text: `${q.answered} answered` }));
        HitBotCharts.bars(panel, q.options.map(o => ({ label: o.title, value: o.count })), { label: q.text });
        charts.append(panel);
      }
    }
    show(h("h1", {}, text(r.title), text(" "), badge(r.status), r.anonymous ? text(" ") : null, r.anonymous ? badge("anonymous") : null),
      h("p", {}, link("#/my-site", `Back to ${s.siteName}`)),
      s.hidden ? h("p", { class: "muted", id: "hidden-results", text: `${s.hiddenForAnother ? FOR_ANOTHER : FEWER} (${s.invited} invited.)` })
        : h("div", { class: "tiles" }, tile(s.responses, "answered", "ok"), tile(s.invited, "invited"), tile(pct(s.responseRate), "response rate")),
      charts.childElementCount ? charts : null,
      h("section", { class: "panel" }, h("h2", { text: "Tutors at your site who may not stay" }),
        atRisk === null ? h("p", { class: "muted", text: "This survey was anonymous: it has no list of names." })
          : atRisk.length === 0 ? h("p", { class: "muted", text: "Nobody." })
          : h("div", { class: "table-wrap" }, h("table", { class: "responsive", id: "at-risk" },
            h("thead", {}, h("tr", {}, ["Name", "Partner", "Why"].map(t => h("th", { text: t })))),
            h("tbody", {}, atRisk.map(p => h("tr", {}, h("td", { "data-label": "Name", text: p.name }),
              h("td", { "data-label": "Partner", text: p.partnerName ?? p.partner ?? "" }), h("td", { "data-label": "Why", text: p.reasons.join("; ") }))))))));
  }

  async function myItems() {
    const items = await api("GET", "/api/admin/my-site/action-items");
    show(h("h1", { text: "My items" }),
      h("p", { class: "muted small", text: "The action items you own. Change them in chat: type \"my items\"." }),
      items.length === 0 ? h("p", { class: "muted", text: "You own no action items." })
        : h("div", { class: "table-wrap" }, h("table", { class: "responsive", id: "my-items" },
          h("thead", {}, h("tr", {}, ["Item", "Due", "Status"].map(t => h("th", { text: t })))),
          h("tbody", {}, items.map(i => h("tr", {},
            h("td", { "data-label": "Item", text: i.title }), h("td", { "data-label": "Due", text: day(i.dueDate) }),
            h("td", { "data-label": "Status" }, badge(i.status), text(i.blockedReason ? ` ${i.blockedReason}` : ""))))))));
  }

  async function updates() {
    const list = await api("GET", "/api/admin/my-site/updates");
    show(h("h1", { text: "Updates" }),
      h("p", { class: "muted small", text: "Updates sent to people at your site." }),
      list.length === 0 ? h("p", { class: "muted", text: "No update has been sent to your site yet." })
        : h("div", { class: "table-wrap" }, h("table", { class: "responsive", id: "my-updates" },
          h("thead", {}, h("tr", {}, ["Title", "Sent", "People at your site"].map(t => h("th", { text: t })))),
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

  return {
    start: "#/my-site",
    prefixes: ["#/my-site", "#/my-items", "#/my-updates"],
    routes: [
      [/^#\/my-site$/, mySite],
      [/^#\/my-site\/runs\/([\w-]+)$/, runPage],
      [/^#\/my-items$/, myItems],
      [/^#\/my-updates$/, updates],
      [/^#\/my-updates\/([\w-]+)$/, updatePage],
    ],
  };
};
