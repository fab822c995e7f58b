// The HitBot dashboard: one page, hash routes (#/updates/abc), every change through the admin API with the session
// cookie and the CSRF token. DOM built with h(), never innerHTML, so nothing anyone types can run as code.
"use strict";
(() => {
  const page = document.getElementById("page");
  let session = null;
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
  /** Puts a page's parts in place: lists are flattened, empty parts (null, false) left out. */
  const show = (...parts) => page.replaceChildren(...parts.flat(Infinity).filter(p => p !== null && p !== undefined && p !== false && p !== ""));
  const text = (s) => document.createTextNode(String(s ?? ""));
  const badge = (s) => h("span", { class: `badge ${String(s).toLowerCase()}` }, String(s).replace(/-/g, " "));
  const when = (iso) => (iso ? new Date(iso).toLocaleString([], { dateStyle: "medium", timeStyle: "short" }) : "");
  const day = (iso) => (iso ? new Date(iso + (iso.length === 10 ? "T12:00:00" : "")).toLocaleDateString([], { dateStyle: "medium" }) : "");
  const pct = (r) => `${Math.round((r ?? 0) * 100)}%`;
  const tile = (value, label, cls) => h("div", { class: `tile ${cls ?? ""}`, "data-tile": label }, h("b", { text: String(value) }), h("span", { text: label }));
  const link = (href, label) => h("a", { href }, label);

  class ApiError extends Error {
    constructor(status, title, errors) { super(title); this.status = status; this.errors = errors ?? []; }
  }

  async function api(method, path, body) {
    return (await request(method, path, body)).data;
  }

  /** The answer and its headers (a paged list says its total in X-Total-Count). */
  async function request(method, path, body) {
    const headers = { "X-CSRF-TOKEN": session?.csrf ?? "" };
    let payload = body;
    if (body !== undefined && !(body instanceof FormData) && typeof body !== "string") {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    } else if (typeof body === "string") headers["Content-Type"] = "text/csv";
    const response = await fetch(path, { method, headers, body: payload, credentials: "same-origin" });
    if (response.status === 401) { location.href = "/login"; throw new ApiError(401, "Signed out."); }
    const type = response.headers.get("content-type") ?? "";
    const data = type.includes("json") ? await response.json() : await response.text();
    if (!response.ok) throw new ApiError(response.status, data?.title ?? `The server answered ${response.status}.`, data?.errors);
    return { data, headers: response.headers };
  }

  function problem(error) {
    // A 400 files its messages by field ({ title: ["title: …"], "line 3": ["Line 3: …"] }), each readable on its own
    // (a single one is the title already, so not listed twice); an import's skipped lines come as a list of { line, message }.
    const errors = Array.isArray(error.errors)
      ? error.errors.map(e => (typeof e === "string" ? e : `Line ${e.line}: ${e.message}`))
      : error.errors && typeof error.errors === "object" ? Object.values(error.errors).flat().map(String).filter(e => e !== error.message)
      : [];
    return h("div", { class: "alert", role: "alert" }, h("div", { text: error.message }), errors.length ? h("ul", {}, errors.map(e => h("li", { text: e }))) : null);
  }

  /** Runs an action from a button: disables it while it runs, shows the error next to it, never twice at once. */
  function action(label, run, cls) {
    const out = h("span");
    const button = h("button", {
      type: "button", class: cls, async onclick() {
        button.disabled = true; out.replaceChildren();
        try { await run(out); } catch (e) { out.replaceChildren(problem(e)); } finally { button.disabled = false; }
      },
    }, label);
    return h("span", {}, button, out);
  }

  // The pickers never load the roster: a large one is 100,000 people. The audience picker takes the groups from the
  // server, and the owner picker asks the server as you type (a page of matches, like the People page's search).
  async function audienceGroups() {
    groupsCache ??= await api("GET", "/api/admin/people/groups");
    return groupsCache;
  }
  const PICK_PAGE = 20;

  // Checkboxes for roles, sites and partners the roster names; returns a getter for an audience object.
  function audiencePicker(found, onchange) {
    // "Interested in" comes from the latest named retention pulse (coaching role, more hours): seed 000 §5's future coaches.
    const groups = { roles: found.roles, sites: found.sites, partners: found.partners, interestedIn: ["coaching", "more-hours"] };
    const names = { roles: "Roles", sites: "Sites", partners: "Partners", interestedIn: "Interested in" };
    const fieldsets = Object.entries(groups).map(([key, values]) =>
      h("fieldset", { "data-audience": key }, h("legend", { text: names[key] }),
        values.length === 0 ? h("span", { class: "muted small", text: "none in the roster yet" }) : null,
        [...values].sort().map(v => h("label", { class: "inline" }, h("input", { type: "checkbox", value: v, onchange }), key === "roles" || key === "interestedIn" ? v.replace(/-/g, " ") : v))));
    const node = h("div", {}, h("p", { class: "muted small", text: "Pick roles, sites, partners or interests: people must match every group you pick from." }), fieldsets);
    const value = () => {
      const audience = { roles: [], sites: [], partners: [], interestedIn: [] };
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
      const offered = found.filter(p => !p.optedOut && p.id !== current?.id);
      select.replaceChildren(h("option", { value: "" }, "— no owner —"),
        ...(current ? [h("option", { value: current.id, selected: chosen === current.id }, `${current.name} (current owner)`)] : []),
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
        h("thead", {}, h("tr", {}, ["Update", "When", "In audience", "Sent", "Waiting", "Failed"].map(t => h("th", { text: t })))),
        h("tbody", {}, o.sends.map(s => h("tr", {},
          h("td", { "data-label": "Update" }, link(`#/updates/${s.id}`, s.title), " ", badge(s.status)),
          h("td", { "data-label": "When", text: s.sentAt ? when(s.sentAt) : `scheduled ${when(s.nextAt)}` }),
          h("td", { "data-label": "In audience", text: s.report?.matched ?? 0 }),
          h("td", { "data-label": "Sent", text: s.report?.sent ?? 0 }),
          h("td", { "data-label": "Waiting", text: s.report?.queued ?? 0 }),
          h("td", { "data-label": "Failed", text: (s.report?.failed ?? 0) + (s.report?.dead ?? 0) }))))));
    const surveys = o.openSurveys.length === 0 ? h("p", { class: "muted", text: "No survey is open." })
      : h("ul", {}, o.openSurveys.map(r => h("li", {}, link(`#/runs/${r.runId}`, r.title), text(` — ${r.responses} of ${r.invited} answered (${pct(r.responseRate)})`))));
    const retention = h("div");
    if (o.retention && o.retention.intentBySite.length > 0) {
      retention.append(h("p", { class: "muted small" }, text("From "), link(`#/runs/${o.retention.runId}`, o.retention.title), text(` (${o.retention.status})`)));
      intentChart(retention, o.retention.intentBySite, "Retention intent by site");
    } else retention.append(h("p", { class: "muted", text: "No retention survey answers yet." }));
    const plan = o.actionPlan;
    show(
      h("h1", { text: "This week" }),
      h("div", { class: "tiles" },
        tile(plan.dueThisWeek, "items due this week", plan.dueThisWeek ? "warn" : ""), tile(plan.overdue, "items overdue", plan.overdue ? "bad" : ""),
        tile(plan.blocked, "items blocked", plan.blocked ? "bad" : ""), tile(o.feedback.new, "new feedback", o.feedback.new ? "warn" : "")),
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

  function intentChart(target, groups, label) {
    HitBotCharts.stacked(target, groups.map(g => ({ label: g.group, hidden: g.hidden, parts: [g.yes ?? 0, g.unsure ?? 0, g.no ?? 0] })),
      ["Will continue", "Not sure yet", "Will not continue"], { label });
  }

  async function updates() {
    const list = await api("GET", "/api/admin/updates");
    show(h("h1", { text: "Updates" }),
      h("a", { class: "button", href: "#/updates/new" }, "Write an update"),
      list.length === 0 ? h("p", { class: "muted", text: "No updates yet." }) : h("div", { class: "table-wrap" }, h("table", { class: "responsive" },
        h("thead", {}, h("tr", {}, ["Title", "Status", "Written", "Sent"].map(t => h("th", { text: t })))),
        h("tbody", {}, list.map(u => h("tr", {},
          h("td", { "data-label": "Title" }, link(`#/updates/${u.id}`, u.title)), h("td", { "data-label": "Status" }, badge(u.recalledAt ? "recalled" : u.status)),
          h("td", { "data-label": "Written", text: when(u.createdAt) }), h("td", { "data-label": "Sent", text: when(u.sentAt) })))))));
  }

  /** A partner lead writes to their own partner's tutors only: no choice to make, and the server checks it again. */
  function cohortPicker() {
    const audience = { roles: ["tutor"], sites: [], partners: [session.partner] };
    return { node: h("p", { text: `This update goes to the tutors of ${session.partner}.` }), value: () => audience };
  }

  async function compose() {
    const groups = session.partnerLead ? null : await audienceGroups();
    const title = h("input", { type: "text", id: "title", maxlength: 150 });
    const body = h("textarea", { id: "body", placeholder: "Write in Markdown: **bold**, _italic_, - lists, [links](https://…)" });
    const linkRows = [0, 1, 2].map(i => ({
      title: h("input", { type: "text", placeholder: "Button text", "aria-label": `Link ${i + 1} text` }),
      url: h("input", { type: "url", placeholder: "https://…", "aria-label": `Link ${i + 1} address` }),
    }));
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
            (r.optedOut || r.notInChat ? ` (left out: ${r.optedOut} opted out, ${r.notInChat} not in Teams or Slack yet)` : "") + ".";
      } catch (e) { errors.replaceChildren(problem(e)); }
    }
    for (const input of [title, body, ...linkRows.flatMap(r => [r.title, r.url])]) input.addEventListener("input", schedule);
    show(h("h1", { text: "Write an update" }),
      h("div", { class: "compose" },
        h("section", { class: "panel" },
          h("label", { for: "title", text: "Title" }), title,
          h("label", { for: "body", text: "Text" }), body,
          h("fieldset", {}, h("legend", { text: "Link buttons (up to 3)" }), linkRows.map(r => h("div", { class: "pair" }, r.title, r.url))),
          h("h2", { text: "Audience" }), picker.node, reach,
          // The program calendar holds everything else during breaks and testing windows.
          h("label", { class: "inline" }, urgent, "Urgent: goes out even during a break or testing window"),
          errors,
          action("Save draft", async () => {
            const saved = await api("POST", "/api/admin/updates", draft());
            location.hash = `#/updates/${saved.id}`;
          })),
        h("div", { class: "previews" },
          h("section", { class: "panel preview" }, h("h3", { text: "In Teams" }), teams),
          h("section", { class: "panel preview" }, h("h3", { text: "In Slack" }), slack))));
    refresh();
  }

  async function updatePage(id) {
    const [{ update, report }, preview] = await Promise.all([api("GET", `/api/admin/updates/${id}`), api("GET", `/api/admin/updates/${id}/preview`)]);
    const teams = h("div"), slack = h("div");
    HitBotCards.teams(preview.teams, teams);
    HitBotCards.slack(preview.slack, slack);
    const reachable = report.matched - report.optedOut - report.notInChat;
    const confirm = h("span");
    const send = action(update.sentAt ? "Send to anyone not reached yet…" : "Send now…", async () => {
      confirm.replaceChildren(h("strong", { text: `Send “${update.title}” to ${reachable} ${reachable === 1 ? "person" : "people"}? ` }),
        action(`Yes, send to ${reachable}`, async () => { await api("POST", `/api/admin/updates/${id}/send`); route(); }),
        h("button", { type: "button", class: "secondary", onclick: () => confirm.replaceChildren() }, "Cancel"));
    });
    const at = h("input", { type: "datetime-local", id: "schedule-at", "aria-label": "Send at (program time)" });
    const weekday = h("select", { id: "weekly-day", "aria-label": "Day of the week" },
      ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"].map(d => h("option", { value: d }, d)));
    const weeklyTime = h("input", { type: "time", id: "weekly-time", value: "08:00", "aria-label": "Time (program time)" });
    const failures = report.failures.length === 0 ? null : h("section", { class: "panel" }, h("h2", { text: "Not delivered" }),
      h("div", { class: "table-wrap" }, h("table", { class: "responsive" },
        h("thead", {}, h("tr", {}, ["Person", "State", "Attempts", "Why"].map(t => h("th", { text: t })))),
        h("tbody", {}, report.failures.map(f => h("tr", {},
          h("td", { "data-label": "Person", text: f.personName ?? f.personId ?? "" }), h("td", { "data-label": "State" }, badge(f.state)),
          h("td", { "data-label": "Attempts", text: f.attempts }), h("td", { "data-label": "Why", text: f.reason ?? "" })))))),
      session.partnerLead ? null : action("Send the failed ones again", async (out) => {
        const r = await api("POST", `/api/admin/updates/${id}/resend-failed`);
        out.replaceChildren(h("span", { class: "notice", text: `${r.requeued} queued again.` }));
      }, "secondary"));
    show(h("h1", {}, text(update.title), text(" "), badge(update.recalledAt ? "recalled" : update.status), update.urgent ? badge("urgent") : null),
      h("div", { class: "tiles" },
        tile(report.matched, "in the audience"), tile(report.sent, "delivered", "ok"), tile(report.queued, "waiting to send", report.queued ? "warn" : ""),
        tile(report.failed + report.dead, "not delivered", report.failed + report.dead ? "bad" : ""),
        tile(report.optedOut, "opted out"), tile(report.notInChat, "not in chat yet"), report.cancelled ? tile(report.cancelled, "cancelled", "warn") : null,
        report.heldBack ? tile(report.heldBack, "held back (weekly limit; in a digest later)") : null,
        tile(report.helpful, "found it helpful", "ok"), tile(report.notHelpful, "not helpful"), tile(report.questions, "questions"),
        update.editedAt ? tile(report.edited, "edited", report.editsWaiting ? "warn" : "ok") : null,
        update.recalledAt ? tile(report.recalled, "recalled", report.recallsWaiting ? "warn" : "ok") : null),
      update.recalledAt ? h("p", { class: "notice", text: `Recalled ${when(update.recalledAt)}: deleted from every chat it reached.` }) : null,
      h("section", { class: "panel" }, h("h2", { text: "Send" }),
        update.sentAt ? h("p", { text: `First sent ${when(update.sentAt)}.` }) : null,
        update.nextAt ? h("p", { class: "notice", text: `${update.schedule?.weekly ? "Every week; next" : "Scheduled"}: ${when(update.nextAt)}.` }) : null,
        update.recalledAt ? null : send, confirm,
        session.personId ? action("Send me a test", async (out) => {
          await api("POST", `/api/admin/updates/${id}/test-send`, { personId: session.personId });
          out.replaceChildren(h("span", { class: "notice", text: "On its way to your chat, marked [Test]." }));
        }, "secondary") : null,
        session.partnerLead ? null : h("div", {}, h("label", { for: "schedule-at", text: "Or send it at (program time zone)" }), at,
          action("Schedule", async (out) => {
            if (!at.value) throw new ApiError(400, "Pick a date and time first.");
            await api("PUT", `/api/admin/updates/${id}/schedule`, { at: at.value });
            route();
          }, "secondary"),
          h("label", { for: "weekly-day", text: "Or every week on (program time zone)" }), h("div", { class: "pair" }, weekday, weeklyTime),
          action("Send every week", async () => {
            await api("PUT", `/api/admin/updates/${id}/schedule`, { weekly: { day: weekday.value, time: weeklyTime.value } });
            route();
          }, "secondary"),
          update.nextAt ? action("Stop the schedule", async () => { await api("DELETE", `/api/admin/updates/${id}/schedule`); route(); }, "secondary") : null)),
      updateControls(id, update, report),
      correctOrRecall(id, update, report),
      failures,
      h("div", { class: "compose" },
        h("section", { class: "panel preview" }, h("h3", { text: "In Teams" }), teams),
        h("section", { class: "panel preview" }, h("h3", { text: "In Slack" }), slack)));
    // While messages are on their way, look again every few seconds.
    if (report.queued + (report.editsWaiting ?? 0) + (report.recallsWaiting ?? 0) > 0) setTimeout(() => { if (location.hash === `#/updates/${id}`) route(); }, 2000);
  }

  async function surveys() {
    const list = await api("GET", "/api/admin/surveys");
    show(h("h1", { text: "Surveys" }),
      action("New from the retention template", async () => {
        const s = await api("POST", "/api/admin/surveys", { template: "retention-pulse" });
        location.hash = `#/surveys/${s.id}`;
      }),
      h("a", { class: "button secondary", href: "#/surveys/new" }, "New survey from scratch"),
      list.length === 0 ? h("p", { class: "muted", text: "No surveys yet." })
        : h("ul", {}, list.map(s => h("li", {}, link(`#/surveys/${s.id}`, s.title), text(` — ${s.questions.length} questions, written ${day(s.createdAt)}`)))));
  }

  const TYPES = [["SingleChoice", "One choice"], ["MultipleChoice", "Several choices"], ["Scale5", "Scale 1–5"], ["Scale10", "Scale 0–10"],
    ["YesNoUnsure", "Yes / no / not sure"], ["FreeText", "Free text"]];

  async function newSurvey() {
    const title = h("input", { type: "text", id: "survey-title" });
    const intro = h("textarea", { id: "survey-intro" });
    const list = h("div");
    const rows = [];
    function addQuestion() {
      const n = rows.length + 1;
      const row = {
        text: h("input", { type: "text", "aria-label": `Question ${n}` }),
        type: h("select", { "aria-label": `Question ${n} type` }, TYPES.map(([v, t]) => h("option", { value: v }, t))),
        required: h("input", { type: "checkbox" }),
        options: h("textarea", { "aria-label": `Question ${n} options`, placeholder: "Choices, one per line (choice questions only)" }),
      };
      rows.push(row);
      list.append(h("fieldset", {}, h("legend", { text: `Question ${n}` }), row.text, row.type,
        h("label", { class: "inline" }, row.required, "Required"), row.options));
    }
    addQuestion();
    const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "option";
    show(h("h1", { text: "New survey" }), h("section", { class: "panel" },
      h("label", { for: "survey-title", text: "Title" }), title, h("label", { for: "survey-intro", text: "Introduction" }), intro, list,
      h("button", { type: "button", class: "secondary", onclick: addQuestion }, "Add a question"),
      action("Save survey", async () => {
        const questions = rows.map((r, i) => ({
          id: `q${i + 1}`, text: r.text.value, type: r.type.value, required: r.required.checked,
          options: ["SingleChoice", "MultipleChoice"].includes(r.type.value)
            ? r.options.value.split("\n").map(s => s.trim()).filter(Boolean).map(t => ({ value: slug(t), title: t })) : [],
        }));
        const s = await api("POST", "/api/admin/surveys", { title: title.value, intro: intro.value, questions });
        location.hash = `#/surveys/${s.id}`;
      })));
  }

  async function surveyPage(id) {
    const [{ survey, runs }, groups] = await Promise.all([api("GET", `/api/admin/surveys/${id}`), audienceGroups()]);
    const picker = audiencePicker(groups, () => {});
    const closes = h("input", { type: "date", id: "closes", value: new Date(Date.now() + 7 * 864e5).toISOString().slice(0, 10) });
    const anonymous = h("input", { type: "checkbox", id: "anonymous" });
    const every = h("input", { type: "number", id: "every", value: "3", min: "0", max: "60" });
    const most = h("input", { type: "number", id: "most", value: "2", min: "0", max: "10" });
    const repeat = h("input", { type: "number", id: "repeat", min: "1", max: "52", placeholder: "a one-off" });
    show(h("h1", { text: survey.title }),
      survey.intro ? h("p", { text: survey.intro }) : null,
      h("section", { class: "panel" }, h("h2", { text: "Questions" }),
        h("ol", {}, survey.questions.map(q => h("li", {}, text(q.text), text(q.required ? " (required)" : ""), h("span", { class: "muted small", text: ` — ${TYPES.find(t => t[0] === q.type)?.[1] ?? q.type}` }))))),
      h("section", { class: "panel" }, h("h2", { text: "Runs" }),
        runs.length === 0 ? h("p", { class: "muted", text: "Not launched yet." })
          : h("ul", {}, runs.map(r => h("li", {}, link(`#/runs/${r.id}`, `${day(r.opensAt)} – ${day(r.closesAt)}`), " ", badge(r.status), text(r.anonymous ? " anonymous" : ""))))),
      h("section", { class: "panel" }, h("h2", { text: "Launch a run" }), picker.node,
        h("label", { for: "closes", text: "Closes at the end of" }), closes,
        h("label", { class: "inline" }, anonymous, "Anonymous (no names in results or CSV)"),
        h("label", { for: "every", text: "Remind people who have not answered every N days (0 = never)" }), every,
        h("label", { for: "most", text: "At most this many reminders" }), most,
        h("label", { for: "repeat", text: "Run again every N weeks" }), repeat,
        action("Launch", async () => {
          const run = await api("POST", `/api/admin/surveys/${id}/runs`, {
            audience: picker.value(), closesAt: new Date(`${closes.value}T23:59:00`).toISOString(), anonymous: anonymous.checked,
            reminderEveryDays: Number(every.value), maxReminders: Number(most.value), repeatEveryWeeks: repeat.value ? Number(repeat.value) : null,
          });
          location.hash = `#/runs/${run.id}`;
        })));
  }

  async function runPage(id) {
    const r = await api("GET", `/api/admin/survey-runs/${id}/results`);
    const questions = h("div", { class: "grid wide" });
    for (const q of r.questions) {
      const panel = h("section", { class: "panel", "data-question": q.id }, h("h3", { text: q.text }), h("p", { class: "muted small", text: `${q.answered} answered` }));
      if (q.hidden) panel.append(h("p", { class: "muted small", text: "Hidden until five people have answered (anonymous run)." }));
      else if (q.options.length > 0) HitBotCharts.bars(panel, q.options.map(o => ({ label: o.title, value: o.count })), { label: q.text });
      else panel.append(h("p", { class: "muted small", text: "Free text: see the CSV." }));
      questions.append(panel);
    }
    const intent = h("div");
    if (r.intentBySite.length) { intent.append(h("h3", { text: "By site" })); intentChart(intent, r.intentBySite, "Retention intent by site"); }
    if (r.intentByPartner.length) { intent.append(h("h3", { text: "By partner" })); intentChart(intent, r.intentByPartner, "Retention intent by partner"); }
    const trend = h("div");
    if (r.trend.length > 0) {
      trend.append(h("h3", { text: "Response rate by run" }));
      HitBotCharts.trend(trend, r.trend.map(t => ({ label: day(t.opensAt), value: t.responseRate })), { label: "Response rate by run" });
      if (r.trend.some(t => t.intendToStay !== null)) {
        trend.append(h("h3", { text: "Say they will continue" }));
        HitBotCharts.trend(trend, r.trend.map(t => ({ label: day(t.opensAt), value: t.intendToStay })), { label: "Intend to stay by run" });
      }
    }
    show(h("h1", {}, text(r.title), text(" "), badge(r.status), text(r.anonymous ? " " : ""), r.anonymous ? badge("anonymous") : null),
      h("div", { class: "tiles" }, tile(r.responses, "answered", "ok"), tile(r.invited, "invited"), tile(pct(r.responseRate), "response rate")),
      h("a", { class: "button secondary", href: `/api/admin/survey-runs/${id}/responses.csv`, download: `${id}.csv` }, "Download the answers (CSV)"),
      runControls(id, r),
      intent.childElementCount ? h("section", { class: "panel" }, h("h2", { text: "Retention intent" }), intent) : null,
      questions,
      trend.childElementCount ? h("section", { class: "panel" }, h("h2", { text: "Across runs" }), trend) : null,
      r.anonymous ? null : h("section", { class: "panel" }, h("h2", { text: "Tutors who may not stay" }),
        r.atRisk.length === 0 ? h("p", { class: "muted", text: "Nobody so far." }) : h("div", { class: "table-wrap" }, h("table", { class: "responsive", id: "at-risk" },
          h("thead", {}, h("tr", {}, ["Name", "Site", "Partner", "Why"].map(t => h("th", { text: t })))),
          h("tbody", {}, r.atRisk.map(p => h("tr", {}, h("td", { "data-label": "Name", text: p.name }), h("td", { "data-label": "Site", text: p.site ?? "" }),
            h("td", { "data-label": "Partner", text: p.partner ?? "" }), h("td", { "data-label": "Why", text: p.reasons.join("; ") }))))))),
      // Seed 000 §5: keep trained tutors and move experienced ones into coaching.
      r.anonymous || !r.interested?.length ? null : h("section", { class: "panel" }, h("h2", { text: "Tutors who want to do more" }),
        h("div", { class: "table-wrap" }, h("table", { class: "responsive", id: "interested" },
          h("thead", {}, h("tr", {}, ["Name", "Site", "Would like"].map(t => h("th", { text: t })))),
          h("tbody", {}, r.interested.map(p => h("tr", {}, h("td", { "data-label": "Name", text: p.name }), h("td", { "data-label": "Site", text: p.site ?? "" }),
            h("td", { "data-label": "Would like", text: p.interests.map(i => (i === "coaching" ? "a coaching role" : i.replace(/-/g, " "))).join(", ") }))))))));
  }

  /** Close now, cancel, move the closing date, and who has not answered (counts only in anonymous runs). */
  function runControls(id, r) {
    const live = r.status === "open" || r.status === "scheduled";
    const confirm = h("span");
    const ask = (label, question, yes, path) => action(label, async () => {
      confirm.replaceChildren(h("strong", { text: question + " " }),
        action(yes, async () => { await api("POST", `/api/admin/survey-runs/${id}/${path}`); route(); }),
        h("button", { type: "button", class: "secondary", onclick: () => confirm.replaceChildren() }, "Keep it"));
    }, "secondary");
    const closesAt = h("input", { type: "datetime-local", id: "closes-at", "aria-label": "New closing time (your time)" });
    const missing = h("div", { id: "non-responders" });
    return h("section", { class: "panel" }, h("h2", { text: "This run" }),
      r.status === "open" ? ask("Close now…", "Close this run now? The summary and at-risk lists go out as at a normal close.", "Yes, close it", "close") : null,
      live ? ask("Cancel the run…", "Cancel this run? Nothing more is sent, no summary, and answers are no longer recorded.", "Yes, cancel it", "cancel") : null,
      confirm,
      live ? h("div", {}, h("label", { for: "closes-at", text: "Close it at instead" }), closesAt,
        action("Change the closing time", async () => {
          if (!closesAt.value) throw new ApiError(400, "Pick a date and time first.");
          await api("PATCH", `/api/admin/survey-runs/${id}`, { closesAt: new Date(closesAt.value).toISOString() });
          route();
        }, "secondary")) : null,
      action("Who has not answered?", async () => {
        const n = await api("GET", `/api/admin/survey-runs/${id}/non-responders`);
        const counts = h("p", { text: `${n.notAnswered} of ${n.invited} invited have not answered (${n.answered} answered).` });
        missing.replaceChildren(counts, n.anonymous ? h("p", { class: "muted small", text: "Anonymous run: counts only, never names." })
          : n.people.length === 0 ? null : h("div", { class: "table-wrap" }, h("table", { class: "responsive" },
            h("thead", {}, h("tr", {}, ["Name", "E-mail", "Site"].map(t => h("th", { text: t })))),
            h("tbody", {}, n.people.map(p => h("tr", {}, h("td", { "data-label": "Name", text: p.name }),
              h("td", { "data-label": "E-mail", text: p.email }), h("td", { "data-label": "Site", text: p.site ?? "" })))))));
      }, "secondary"),
      missing);
  }

  /** Central team: edit a draft's title and text, copy an update into a new draft, stop a send under way. */
  function updateControls(id, update, report) {
    if (session.partnerLead) return null;
    const draft = update.status === "Draft";
    const title = h("input", { type: "text", id: "edit-title", maxlength: 150, value: update.title });
    const body = h("textarea", { id: "edit-body" }, update.body);
    const confirm = h("span");
    return h("section", { class: "panel" }, h("h2", { text: draft ? "Edit the draft" : "Change" }),
      draft ? h("div", {}, h("label", { for: "edit-title", text: "Title" }), title, h("label", { for: "edit-body", text: "Text" }), body,
        action("Save changes", async () => { await api("PATCH", `/api/admin/updates/${id}`, { title: title.value, body: body.value }); route(); })) : null,
      action("Duplicate as a new draft", async () => {
        const copy = await api("POST", `/api/admin/updates/${id}/duplicate`);
        location.hash = `#/updates/${copy.id}`;
      }, "secondary"),
      !draft && report.queued + report.failed > 0 ? action("Cancel sending…", async () => {
        confirm.replaceChildren(h("strong", { text: `Stop the ${report.queued + report.failed} not sent yet? ` }),
          action("Yes, stop sending", async () => { await api("POST", `/api/admin/updates/${id}/cancel`); route(); }),
          h("button", { type: "button", class: "secondary", onclick: () => confirm.replaceChildren() }, "Keep sending"));
      }, "secondary") : null,
      confirm);
  }

  /** Central team: a sent update is corrected in every chat it reached, or recalled from them; each asks first. */
  function correctOrRecall(id, update, report) {
    if (session.partnerLead || update.status === "Draft" || update.recalledAt) return null;
    const title = h("input", { type: "text", id: "correct-title", maxlength: 150, value: update.title });
    const body = h("textarea", { id: "correct-body" }, update.body);
    const form = h("div"), confirm = h("span");
    const ask = (question, yes, run) => confirm.replaceChildren(h("strong", { text: question + " " }),
      action(yes, async () => { await run(); route(); }),
      h("button", { type: "button", class: "secondary", onclick: () => confirm.replaceChildren() }, "Keep it as it is"));
    const chats = report.sent === 1 ? "1 chat" : `${report.sent} chats`;
    return h("section", { class: "panel" }, h("h2", { text: "Correct or recall" }),
      action("Correct…", async () => {
        form.replaceChildren(h("label", { for: "correct-title", text: "Title" }), title, h("label", { for: "correct-body", text: "Text" }), body,
          action("Replace it in every chat…", async () => ask(`Replace “${update.title}” in ${chats}? The card will say Edited.`, "Yes, correct it",
            () => api("POST", `/api/admin/updates/${id}/correct`, { title: title.value, body: body.value }))));
      }, "secondary"),
      action("Recall…", async () => ask(`Delete “${update.title}” from ${chats}? What has not gone out yet is cancelled. This cannot be undone.`,
        "Yes, recall it", () => api("POST", `/api/admin/updates/${id}/recall`)), "secondary"),
      form, confirm);
  }

  const PHASES = [["installation", "Installation"], ["initial-implementation", "Initial implementation"], ["scaling-and-sustainability", "Scaling and sustainability"]];
  const STATUSES = [["not-started", "Not started"], ["in-progress", "In progress"], ["blocked", "Blocked"], ["done", "Done"]];
  const today = () => new Date().toISOString().slice(0, 10);

  async function plan() {
    const [items, phase] = await Promise.all([api("GET", "/api/admin/action-items"), api("GET", "/api/admin/program-phase")]);
    // The current phase leads the board; the API already lists its items first.
    const phases = phase.phase ? [...PHASES.filter(([p]) => p === phase.phase), ...PHASES.filter(([p]) => p !== phase.phase)] : PHASES;
    // An occurrence that is done or missed lives in its series' page; the board shows the series and what is still open.
    const onBoard = items.filter(i => !i.seriesId || (i.status !== "done" && i.status !== "missed"));
    show(h("h1", { text: "Action plan" }), phasePanel(phase),
      phases.map(([key, phaseName]) => h("section", { class: "panel", "data-phase": key },
        h("h2", { text: key === phase.phase ? `${phaseName} (current phase)` : phaseName }),
        h("div", { class: "board" }, STATUSES.map(([status, statusName]) => {
          const here = onBoard.filter(i => i.phase === key && i.status === status);
          return h("div", { class: "column", "data-status": status }, h("h3", { text: `${statusName} (${here.length})` }),
            here.map(i => {
              const late = !i.repeat && i.dueDate && i.dueDate < today() && status !== "done";
              const timing = i.repeat ? `every ${i.repeat.everyWeeks === 1 ? "week" : `${i.repeat.everyWeeks} weeks`} on ${i.repeat.on}` : i.dueDate ? `due ${day(i.dueDate)}` : "no date";
              return h("a", { class: `item${late ? " overdue" : ""}`, href: `#/plan/${i.id}` }, h("div", { class: "title", text: i.title }),
                h("div", { class: "muted small", text: [i.owner?.name ?? "no owner", timing].join(" · ") }),
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
        h("input", { type: "checkbox", value: r.role, checked: ["tutor", "site-champion", "school-leader"].includes(r.role) }),
        h("b", { text: ` ${r.title}: ` }), text(r.expectations.join(" "))));
      announce.replaceChildren(h("h3", { text: `Tell people what ${current.name} (${current.guideName}) expects of them` }),
        h("p", { class: "muted small", text: current.what }), h("div", { class: "roles" }, roles),
        action("Send the announcement", async (out) => {
          const chosen = roles.map(l => l.querySelector("input")).filter(i => i.checked).map(i => i.value);
          const r = await api("POST", "/api/admin/program-phase/announce", { roles: chosen });
          out.replaceChildren(text(`Sent to ${r.queued} ${r.queued === 1 ? "person" : "people"} (${r.optedOut} opted out, ${r.notInChat} not in chat yet).`));
        }));
    };
    offer(phase);
    return h("section", { class: "panel", id: "program-phase" }, h("h2", { text: "Program phase" }),
      h("label", { for: "phase", text: "The program is now in" }), select,
      action("Set phase", async () => {
        if (!select.value) throw new ApiError(400, "Choose a phase.");
        await api("PUT", "/api/admin/program-phase", { phase: select.value });
        route();
      }), announce);
  }

  async function itemPage(id) {
    const [item, all] = await Promise.all([api("GET", `/api/admin/action-items/${id}`), api("GET", "/api/admin/action-items")]);
    const occurrences = all.filter(i => i.seriesId === id).sort((a, b) => (a.dueDate < b.dueDate ? 1 : -1));
    const every = h("input", { type: "number", id: "repeat-weeks", min: 0, max: 12, value: item.repeat?.everyWeeks ?? "" });
    const repeatOn = h("select", { id: "repeat-on" }, ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"].map(d => h("option", { value: d, selected: d === item.repeat?.on }, d)));
    const preRead = h("input", { type: "checkbox", id: "pre-read", checked: item.preRead });
    const ownerPick = ownerPicker(item.owner);
    await ownerPick.ready;
    const owner = ownerPick.select;
    const due = h("input", { type: "date", id: "due", value: item.dueDate ?? "" });
    const status = h("select", { id: "status" }, STATUSES.map(([v, t]) => h("option", { value: v, selected: v === item.status }, t)));
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
          if (owner.value !== (item.owner?.id ?? "")) { if (owner.value) edit.ownerId = owner.value; else edit.clearOwner = true; }
          if (due.value && due.value !== (item.dueDate ?? "")) edit.dueDate = due.value;
          if (status.value !== item.status) edit.status = status.value;
          if (status.value === "blocked" && reason.value !== (item.blockedReason ?? "")) edit.blockedReason = reason.value;
          if (note.value.trim()) edit.note = note.value.trim();
          if (!item.seriesId && every.value !== "" && (Number(every.value) !== (item.repeat?.everyWeeks ?? 0) || (item.repeat && repeatOn.value !== item.repeat.on)))
            Object.assign(edit, { repeatEveryWeeks: Number(every.value), repeatOn: repeatOn.value });
          if (!item.seriesId && preRead.checked !== item.preRead) edit.preRead = preRead.checked;
          if (Object.keys(edit).length === 0) throw new ApiError(400, "Nothing changed.");
          await api("PATCH", `/api/admin/action-items/${id}`, edit);
          route();
        })),
      occurrences.length ? h("section", { class: "panel" }, h("h2", { text: "Meetings" }),
        h("ul", {}, occurrences.map(o => h("li", {}, link(`#/plan/${o.id}`, day(o.dueDate)), text(" "), badge(o.status), text(` · ${o.owner?.name ?? "no owner"}`))))) : null,
      h("section", { class: "panel" }, h("h2", { text: "History" }),
        h("ul", { class: "history" }, [...item.history].reverse().map(l => h("li", {}, h("div", { text: l.text }), h("div", { class: "muted small", text: `${l.by}, ${when(l.at)}` }))))));
  }

  const FEEDBACK_PAGE = 50;

  async function feedback(status) {
    // "Open" is everything not handled yet, so an item stays in view after it is answered. The server pages and searches:
    // a large program's inbox never comes to the browser whole.
    const search = h("input", { type: "search", id: "feedback-search", placeholder: "Text, writer, site or partner" });
    const url = (offset) => `/api/admin/feedback?status=${status === "all" ? "" : status}&limit=${FEEDBACK_PAGE}&offset=${offset}&q=${encodeURIComponent(search.value.trim())}`;
    const first = await request("GET", url(0));
    let items = first.data;
    let total = Number(first.headers.get("X-Total-Count") ?? items.length);
    const tabs = h("div", { class: "tabs" }, [["open", "Open"], ["new", "New"], ["replied", "Replied"], ["handled", "Handled"], ["all", "All"]]
      .map(([v, t]) => h("a", { href: `#/feedback/${v}`, class: v === status ? "active" : "" }, t)));
    show(h("h1", { text: "Feedback" }), tabs,
      h("label", { for: "feedback-search", text: "Find feedback" }), search,
      h("p", { class: "muted small", id: "feedback-count" }), h("div", { id: "feedback-list" }), h("div", { id: "feedback-more-slot" }));
    render();

    let asked = 0;
    search.addEventListener("input", async () => {
      const mine = ++asked;
      const r = await request("GET", url(0));
      if (mine !== asked) return; // a late answer to an older search
      items = r.data; total = Number(r.headers.get("X-Total-Count") ?? items.length);
      render();
    });

    function render() {
      page.querySelector("#feedback-list").replaceChildren(...(items.length === 0 ? [h("p", { class: "muted", text: "Nothing here." })] : items.map(card)));
      page.querySelector("#feedback-count").textContent = `Showing ${items.length} of ${total}.`;
      page.querySelector("#feedback-more-slot").replaceChildren(items.length < total ? action("Show more", async () => {
        const r = await request("GET", url(items.length));
        items = items.concat(r.data); total = Number(r.headers.get("X-Total-Count") ?? total);
        render();
      }, "secondary") : "");
    }

    function card(f) {
      const reply = h("textarea", { "aria-label": `Reply to #${f.number}`, placeholder: "Your reply goes to the chat it came from" });
      return h("section", { class: "panel feedback-item", "data-feedback": f.number },
        h("div", {}, h("strong", { text: `#${f.number} ` }), badge(f.status), text(" "),
          h("span", { class: "muted small", text: `${f.anonymous ? "Anonymous" : `${f.from?.name ?? ""}${f.from?.site ? `, ${f.from.site}` : ""}`} · ${when(f.createdAt)}${f.updateTitle ? ` · about “${f.updateTitle}”` : ""}` })),
        h("div", { class: "text", text: f.text }),
        f.replies.length ? h("ul", {}, f.replies.map(r => h("li", { class: "small" }, h("strong", { text: "Reply: " }), text(r.text), h("span", { class: "muted", text: ` — ${r.by ?? "central team"}, ${when(r.at)}` })))) : null,
        reply,
        action("Send reply", async () => { await api("POST", `/api/admin/feedback/${f.id}/reply`, { text: reply.value }); route(); }),
        f.status === "handled"
          ? action("Reopen", async () => { await api("DELETE", `/api/admin/feedback/${f.id}/handled`); route(); }, "secondary")
          : action("Mark handled", async () => { await api("POST", `/api/admin/feedback/${f.id}/handled`); route(); }, "secondary"));
    }
  }

  const reachLabels = {
    teams: "Teams", slack: "Slack", installing: "Installing", "not-in-tenant": "Not in the tenant", "not-in-workspace": "Not in Slack",
    blocked: "Blocked the app", "opted-out": "Opted out", inactive: "Inactive", "no-chat-yet": "No chat yet",
  };

  const PEOPLE_PAGE = 100;

  async function peoplePage() {
    groupsCache = null;
    const search = h("input", { type: "search", id: "people-search", placeholder: "Name, e-mail, site or partner" });
    const [first, reach] = await Promise.all([request("GET", `/api/admin/people?limit=${PEOPLE_PAGE}`), api("GET", "/api/admin/reach")]);
    let list = first.data;
    let total = Number(first.headers.get("X-Total-Count") ?? list.length);
    const file = h("input", { type: "file", id: "roster", accept: ".csv,text/csv" });
    const skip = h("input", { type: "checkbox", id: "skip" });
    const missing = h("input", { type: "checkbox", id: "deactivate-missing" });
    const when = (t) => (t ? new Date(t).toLocaleString() : "");
    const form = () => { const f = new FormData(); f.append("file", file.files[0]); return f; };
    const importUrl = (preview) => `/api/admin/people/import?skipInvalid=${skip.checked}&deactivateMissing=${missing.checked}&preview=${preview}`;
    const toggle = (p, field, label) => h("button", { class: "secondary small", type: "button", text: label, onclick: async () => {
      await api("PATCH", `/api/admin/people/${p.id}`, { [field]: !(field === "active" ? p.active : p.optedOut) });
      await peoplePage();
    } });
    show(h("h1", { text: "People" }),
      h("section", { class: "panel" }, h("h2", { text: "Import a roster" }),
        h("p", { class: "muted small", text: "A CSV with the columns name, email, role, site, partner. Importing again updates people; it never duplicates them." }),
        h("label", { for: "roster", text: "Roster file" }), file,
        h("label", { class: "inline" }, skip, "Import the good lines even if some are wrong"),
        h("label", { class: "inline" }, missing, "Deactivate everyone who is not in this file (people who left the program)"),
        action("Import", async () => {
          if (!file.files[0]) throw new ApiError(400, "Choose the roster file first.");
          const result = page.querySelector("#import-result");
          if (missing.checked) {
            // Deactivating is never a surprise: show who it would be, and import only once that is confirmed.
            const preview = await api("POST", importUrl(true), form());
            if (preview.deactivated.length > 0) {
              result.replaceChildren(h("div", { class: "alert", role: "alert" },
                h("p", { text: `This import deactivates ${preview.deactivated.length} ${preview.deactivated.length === 1 ? "person" : "people"}:` }),
                h("ul", { id: "to-deactivate" }, preview.deactivated.map(d => h("li", { text: `${d.name} (${d.email})` }))),
                action("Import and deactivate them", async () => { await doImport(); })));
              return;
            }
          }
          await doImport();
        }),
        h("div", { id: "import-result" })),
      h("section", { class: "panel" }, h("h2", { text: `Everyone (${Object.values(reach.counts).reduce((a, b) => a + b, 0)})` }),
        h("p", { class: "muted small", text: `${reach.counts.teams ?? 0} reached in Teams, ${reach.counts.slack ?? 0} in Slack, ` +
          `${reach.counts["opted-out"] ?? 0} opted out, ${reach.counts.inactive ?? 0} inactive, ` +
          `${Object.entries(reach.counts).filter(([s]) => !["teams", "slack", "opted-out", "inactive"].includes(s)).reduce((a, [, n]) => a + n, 0)} not reached yet.` }),
        h("label", { for: "people-search", text: "Find people" }), search,
        h("p", { class: "muted small", id: "people-count" }),
        h("div", { class: "table-wrap" }, h("table", { class: "responsive", id: "people" },
          h("thead", {}, h("tr", {}, ["Name", "Email", "Roles", "Site", "Partner", "Reach", "Last attempt", "Opted out", "Change"].map(t => h("th", { text: t })))),
          h("tbody", {}))),
        h("div", { id: "people-more-slot" })));
    render();

    // Searching asks the server again (a large roster never comes to the browser whole); a late answer to an older
    // search is dropped, so the table always shows what is in the box now.
    let asked = 0;
    search.addEventListener("input", async () => {
      const mine = ++asked;
      const r = await request("GET", `/api/admin/people?limit=${PEOPLE_PAGE}&q=${encodeURIComponent(search.value.trim())}`);
      if (mine !== asked) return;
      list = r.data; total = Number(r.headers.get("X-Total-Count") ?? list.length);
      render();
    });

    function render() {
      page.querySelector("#people tbody").replaceChildren(...list.map(row));
      page.querySelector("#people-count").textContent = `Showing ${list.length} of ${total}.`;
      page.querySelector("#people-more-slot").replaceChildren(list.length < total ? action("Show more", async () => {
        const r = await request("GET", `/api/admin/people?offset=${list.length}&limit=${PEOPLE_PAGE}&q=${encodeURIComponent(search.value.trim())}`);
        list = list.concat(r.data); total = Number(r.headers.get("X-Total-Count") ?? total);
        render();
      }, "secondary") : "");
    }

    function row(p) {
      return h("tr", { "data-person": p.email },
        h("td", { "data-label": "Name", text: p.name }), h("td", { "data-label": "Email", text: p.email }),
        h("td", { "data-label": "Roles", text: p.roles.join(", ") }), h("td", { "data-label": "Site", text: p.site ?? "" }),
        h("td", { "data-label": "Partner", text: p.partner ?? "" }),
        h("td", { "data-label": "Reach", "data-reach": p.reach, text: reachLabels[p.reach] ?? p.reach }),
        h("td", { "data-label": "Last attempt", text: when(p.lastReachAttempt) }),
        h("td", { "data-label": "Opted out", text: p.optedOut ? `yes, ${when(p.optedOutAt)}${p.optedOutBy ? ` (${p.optedOutBy === "self" ? "by themselves" : p.optedOutBy})` : ""}` : "" }),
        h("td", { "data-label": "Change" }, toggle(p, "optedOut", p.optedOut ? "Opt back in" : "Opt out"),
          toggle(p, "active", p.active ? "Deactivate" : "Reactivate")));
    }

    async function doImport() {
      const r = await api("POST", importUrl(false), form());
      groupsCache = null;
      await peoplePage();
      page.querySelector("#import-result")?.replaceChildren(h("p", { class: "notice", role: "status",
        text: `Imported: ${r.created} new, ${r.updated} updated, ${r.unchanged} unchanged${r.skipped ? `, ${r.skipped} lines skipped` : ""}` +
          `${r.deactivated.length ? `, ${r.deactivated.length} deactivated` : ""}.` }),
        r.errors.length ? problem(new ApiError(200, "Skipped lines:", r.errors)) : "");
    }
  }

  // ---- routing ---------------------------------------------------------------------------------------------
  const routes = [
    [/^#\/?$/, overview],
    [/^#\/updates$/, updates],
    [/^#\/updates\/new$/, compose],
    [/^#\/updates\/([\w-]+)$/, updatePage],
    [/^#\/surveys$/, surveys],
    [/^#\/surveys\/new$/, newSurvey],
    [/^#\/surveys\/([\w-]+)$/, surveyPage],
    [/^#\/runs\/([\w-]+)$/, runPage],
    [/^#\/plan$/, plan],
    [/^#\/plan\/([\w-]+)$/, itemPage],
    [/^#\/feedback$/, () => feedback("open")],
    [/^#\/feedback\/(open|new|replied|handled|all)$/, feedback],
    [/^#\/people$/, peoplePage],
  ];

  async function route() {
    const hash = location.hash || "#/";
    // Partner leads and site champions see only their pages (the API refuses them the rest anyway).
    if (allowed && !allowed.some(p => hash.startsWith(p))) { location.hash = allowed[0]; return; }
    for (const a of document.querySelectorAll(".top nav a")) {
      const target = a.getAttribute("href");
      a.classList.toggle("active", target === "#/" ? hash === "#/" : hash.startsWith(target));
    }
    const match = routes.map(([pattern, render]) => [pattern.exec(hash), render]).find(([m]) => m);
    if (!match) { show(h("h1", { text: "Not found" }), link("#/", "Back to the overview")); return; }
    const [m, render] = match;
    try {
      await render(...m.slice(1));
      document.title = `${page.querySelector("h1")?.textContent ?? "Dashboard"} · HitBot`;
    } catch (e) {
      if (e.status !== 401) show(problem(e));
    }
  }

  async function start() {
    const response = await fetch("/dashboard/session", { credentials: "same-origin" });
    if (!response.ok) { location.href = "/login"; return; }
    session = await response.json();
    document.getElementById("who").textContent = session.name;
    document.getElementById("logout-csrf").value = session.csrf;
    if (session.siteChampion) {
      const mine = HitBotMySite({ h, api, show, text, badge, when, day, pct, tile, link });
      routes.push(...mine.routes);
      allowed = [...mine.prefixes, ...(session.partnerLead ? ["#/updates"] : [])];
    } else if (session.partnerLead) allowed = ["#/updates"];
    for (const a of document.querySelectorAll(".top nav a"))
      a.hidden = allowed ? !allowed.some(p => a.getAttribute("href").startsWith(p)) : a.dataset.for === "site-champion";
    // Someone who is both sees their partner's updates and their site's: tell the two apart.
    if (session.siteChampion && session.partnerLead) document.querySelector('.top nav a[href="#/my-updates"]').textContent = "Site updates";
    routes.push(...HitBotCalendar({ h, api, show, badge, when, day, action, ApiError }).routes);
    window.addEventListener("hashchange", route);
    await route();
    document.body.dataset.ready = "true";
  }

  start();
})();
