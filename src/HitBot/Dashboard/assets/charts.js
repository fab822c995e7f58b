// Small SVG charts drawn in the page (no chart library, nothing fetched): horizontal bars, stacked bars, a trend.
// Every bar carries a <title> and its number as text, so the charts read out loud and on a phone.
"use strict";
window.HitBotCharts = (() => {
  const NS = "http://www.w3.org/2000/svg";
  const COLORS = ["#2e7d32", "#f0a202", "#c62828", "#4b53bc", "#00838f", "#6d4c41"];
  const LABEL = 120, WIDTH = 400, ROW = 24;

  const svg = (tag, attrs, text) => {
    const node = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs ?? {})) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const frame = (rows, label) => svg("svg", { viewBox: `0 0 ${WIDTH} ${Math.max(rows, 1) * ROW + 6}`, class: "chart", role: "img", "aria-label": label });
  const clip = (text, n) => (text.length > n ? text.slice(0, n - 1) + "…" : text);

  /** rows: [{label, value}] drawn against the largest value (or `total`, e.g. the number of answers). */
  function bars(target, rows, { label = "Chart", total } = {}) {
    const chart = frame(rows.length, label);
    const max = Math.max(total ?? 0, ...rows.map(r => r.value), 1);
    rows.forEach((row, i) => {
      const y = i * ROW + 4, w = ((WIDTH - LABEL - 50) * row.value) / max;
      chart.append(svg("text", { x: 0, y: y + 14 }, clip(row.label, 18)));
      const bar = svg("rect", { x: LABEL, y, width: Math.max(w, row.value > 0 ? 2 : 0), height: ROW - 8, rx: 3, fill: COLORS[3], "data-label": row.label, "data-value": row.value });
      bar.append(svg("title", {}, `${row.label}: ${row.value}`));
      chart.append(bar, svg("text", { x: LABEL + w + 6, y: y + 14, class: "count" }, String(row.value)));
    });
    target.append(chart);
  }

  /** groups: [{label, parts: [n, n, n], hidden}] as 100% bars; names label the parts (legend drawn above). */
  function stacked(target, groups, names, { label = "Chart" } = {}) {
    const legend = document.createElement("div");
    legend.className = "legend";
    names.forEach((name, i) => { const s = document.createElement("span"); const sw = document.createElement("i"); sw.className = `c${i}`; s.append(sw, name); legend.append(s); });
    target.append(legend);
    const chart = frame(groups.length, label);
    groups.forEach((group, i) => {
      const y = i * ROW + 4;
      chart.append(svg("text", { x: 0, y: y + 14 }, clip(group.label, 18)));
      if (group.hidden) { chart.append(svg("text", { x: LABEL, y: y + 14, class: "muted" }, group.hiddenForAnother ? "hidden: would give away a smaller group" : "under 5 answers: hidden")); return; }
      const sum = group.parts.reduce((a, b) => a + b, 0) || 1;
      let x = LABEL;
      group.parts.forEach((n, p) => {
        const w = ((WIDTH - LABEL - 10) * n) / sum;
        if (n === 0) return;
        const rect = svg("rect", { x, y, width: w, height: ROW - 8, fill: COLORS[p], "data-label": `${group.label} ${names[p]}`, "data-value": n });
        rect.append(svg("title", {}, `${group.label}, ${names[p]}: ${n}`));
        chart.append(rect);
        if (w > 18) chart.append(svg("text", { x: x + 4, y: y + 14, fill: "#fff" }, String(n)));
        x += w;
      });
    });
    target.append(chart);
  }

  /** points: [{label, value}] with value 0..1, drawn as percentages in time order. */
  function trend(target, points, { label = "Trend" } = {}) {
    bars(target, points.map(p => ({ label: p.label, value: Math.round((p.value ?? 0) * 100) })), { label, total: 100 });
    target.lastChild.querySelectorAll("text.count").forEach(t => { t.textContent += "%"; });
  }

  return { bars, stacked, trend };
})();
