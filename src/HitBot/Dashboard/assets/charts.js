// Small SVG charts drawn in the page (no chart library, nothing fetched): horizontal bars, stacked bars, a trend.
// Every bar carries a <title> and its number as text, for the eye and on a phone; a screen reader reads the same numbers
// from a table beside the chart (visually hidden), since an image's parts are not read out.
"use strict";
window.HitBotCharts = (() => {
  const NS = "http://www.w3.org/2000/svg";
  const COLORS = ["#2e7d32", "#f0a202", "#c62828", "#4b53bc", "#00838f", "#6d4c41"];
  // A number drawn on a bar: white on the dark colours, ink on amber (white on it is 2.1:1).
  const ON_COLOR = ["#fff", "#1f2430", "#fff", "#fff", "#fff", "#fff"];
  const LABEL = 120, WIDTH = 400, ROW = 24;

  const svg = (tag, attrs, text) => {
    const node = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs ?? {})) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const frame = (rows) => svg("svg", { viewBox: `0 0 ${WIDTH} ${Math.max(rows, 1) * ROW + 6}`, class: "chart", "aria-hidden": "true" });

  /** The chart's numbers for a screen reader: a table captioned with the chart's name, one row per bar. */
  function numbers(label, headers, rows) {
    const el = (tag, text, attrs) => { const n = document.createElement(tag); if (text !== undefined) n.textContent = text; for (const [k, v] of Object.entries(attrs ?? {})) n.setAttribute(k, v); return n; };
    // Hidden by its wrapper: a table is never narrower than its text, so on a table itself "sr-only" would widen the page.
    const wrap = el("div", undefined, { class: "sr-only" });
    const table = el("table");
    wrap.append(table);
    const head = el("tr");
    headers.forEach(t => head.append(el("th", t, { scope: "col" })));
    table.append(el("caption", label), el("thead"), el("tbody"));
    table.tHead.append(head);
    for (const [name, ...cells] of rows) {
      const tr = el("tr");
      tr.append(el("th", name, { scope: "row" }));
      if (cells.length === 1 && typeof cells[0] === "object") tr.append(el("td", cells[0].text, { colspan: String(headers.length - 1) }));
      else for (const c of cells) tr.append(el("td", String(c)));
      table.tBodies[0].append(tr);
    }
    return wrap;
  }
  const clip = (text, n) => (text.length > n ? text.slice(0, n - 1) + "…" : text);

  /** rows: [{label, value}] drawn against the largest value (or `total`, e.g. the number of answers). */
  function bars(target, rows, { label = "Chart", total, suffix = "", rowHeader = "Answer" } = {}) {
    const chart = frame(rows.length);
    const max = Math.max(total ?? 0, ...rows.map(r => r.value), 1);
    rows.forEach((row, i) => {
      const y = i * ROW + 4, w = ((WIDTH - LABEL - 50) * row.value) / max;
      chart.append(svg("text", { x: 0, y: y + 14 }, clip(row.label, 18)));
      const bar = svg("rect", { x: LABEL, y, width: Math.max(w, row.value > 0 ? 2 : 0), height: ROW - 8, rx: 3, fill: COLORS[3], "data-label": row.label, "data-value": row.value });
      bar.append(svg("title", {}, `${row.label}: ${row.value}`));
      chart.append(bar, svg("text", { x: LABEL + w + 6, y: y + 14, class: "count" }, `${row.value}${suffix}`));
    });
    target.append(chart, numbers(label, [rowHeader, suffix ? "Percent" : "Count"], rows.map(r => [r.label, `${r.value}${suffix}`])));
  }

  /** groups: [{label, parts: [n, n, n], hidden}] as 100% bars; names label the parts (legend drawn above). */
  function stacked(target, groups, names, { label = "Chart", rowHeader = "Group" } = {}) {
    const legend = document.createElement("div");
    legend.className = "legend";
    names.forEach((name, i) => { const s = document.createElement("span"); const sw = document.createElement("i"); sw.className = `c${i}`; s.append(sw, name); legend.append(s); });
    target.append(legend);
    const chart = frame(groups.length);
    const hiddenText = (group) => (group.hiddenForAnother ? "hidden: would give away a smaller group" : "under 5 answers: hidden");
    groups.forEach((group, i) => {
      const y = i * ROW + 4;
      chart.append(svg("text", { x: 0, y: y + 14 }, clip(group.label, 18)));
      if (group.hidden) { chart.append(svg("text", { x: LABEL, y: y + 14, class: "muted" }, hiddenText(group))); return; }
      const sum = group.parts.reduce((a, b) => a + b, 0) || 1;
      let x = LABEL;
      group.parts.forEach((n, p) => {
        const w = ((WIDTH - LABEL - 10) * n) / sum;
        if (n === 0) return;
        const rect = svg("rect", { x, y, width: w, height: ROW - 8, fill: COLORS[p], "data-label": `${group.label} ${names[p]}`, "data-value": n });
        rect.append(svg("title", {}, `${group.label}, ${names[p]}: ${n}`));
        chart.append(rect);
        if (w > 18) chart.append(svg("text", { x: x + 4, y: y + 14, fill: ON_COLOR[p] }, String(n)));
        x += w;
      });
    });
    target.append(chart, numbers(label, [rowHeader, ...names], groups.map(g => (g.hidden ? [g.label, { text: hiddenText(g) }] : [g.label, ...g.parts]))));
  }

  /**
   * A share (0..1) as the whole percent every page shows, as SurveyResults.Percent does on the server: a share that is
   * neither all nor none stays between 1 and 99, since 199 of 200 answered read "100%", as if everyone had.
   */
  const percent = (share) => {
    const p = Math.round(share * 100);
    return share > 0 && share < 1 ? Math.min(99, Math.max(1, p)) : p;
  };

  /** points: [{label, value}] with value 0..1, drawn as percentages in time order. */
  function trend(target, points, { label = "Trend" } = {}) {
    bars(target, points.map(p => ({ label: p.label, value: percent(p.value ?? 0) })), { label, total: 100, suffix: "%", rowHeader: "Run" });
  }

  return { bars, stacked, trend, percent };
})();
