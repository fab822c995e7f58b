// The surveys pages: surveys (from the retention template or from scratch), one survey and its runs, one run's
// results, at-risk list and controls (close, cancel, move the closing date, who has not answered).
"use strict";
window.HitBotSurveys = (ui) => {
  const { h, api, request, show, text, badge, when, day, pct, link, tile, ApiError, action, showMore, announce, ask, route, audienceGroups, audiencePicker, intentChart, session, newKey } = ui;

  /**
   * A local date and time in the program's zone ("2026-03-09T23:59") as an instant: a coordinator's browser in another
   * zone would otherwise close the run at the end of its own day, hours before (or after) the program's.
   */
  function programTime(local) {
    const zone = session.timeZone;
    if (!zone) return new Date(local).toISOString();
    const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit" });
    const offset = (t) => {
      const v = Object.fromEntries(parts.formatToParts(new Date(t)).map(p => [p.type, p.value]));
      return Date.UTC(+v.year, +v.month - 1, +v.day, +v.hour, +v.minute, +v.second) - t;
    };
    const asUtc = Date.parse(`${local}:00Z`);
    // Twice: the first guess may sit on the other side of a clock change from the answer.
    let t = asUtc - offset(asUtc);
    t = asUtc - offset(t);
    return new Date(t).toISOString();
  }

  const NON_RESPONDERS_PAGE = 100;

  async function surveys() {
    const list = await api("GET", "/api/admin/surveys");
    // One key per page drawn, until a survey is made (the page then leaves): pressed again after no answer, one survey.
    const key = newKey();
    show(h("h1", { text: "Surveys" }),
      action("New from the retention template", async () => {
        const s = await api("POST", "/api/admin/surveys", { template: "retention-pulse" }, { "Idempotency-Key": key });
        location.hash = `#/surveys/${s.id}`;
      }),
      h("a", { class: "button secondary", href: "#/surveys/new" }, "New survey from scratch"),
      list.length === 0 ? h("p", { class: "muted", id: "surveys-empty", text: "No surveys yet. Start with the retention template: it asks tutors whether they will keep tutoring and how supported they feel." })
        : h("ul", {}, list.map(s => h("li", {}, link(`#/surveys/${s.id}`, s.title), text(` — ${s.questions.length} questions, written ${day(s.createdAt)}`)))));
  }

  const TYPES = [["SingleChoice", "One choice"], ["MultipleChoice", "Several choices"], ["Scale5", "Scale 1–5"], ["Scale10", "Scale 0–10"],
    ["YesNoUnsure", "Yes / no / not sure"], ["FreeText", "Free text"]];

  async function newSurvey() {
    // One key for this form until the survey is saved: a Save whose answer never came, pressed again, saves one survey.
    const key = newKey();
    const title = h("input", { type: "text", id: "survey-title", maxlength: 150 });
    const intro = h("textarea", { id: "survey-intro", maxlength: 2000 });
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
        const s = await api("POST", "/api/admin/surveys", { title: title.value, intro: intro.value, questions }, { "Idempotency-Key": key });
        location.hash = `#/surveys/${s.id}`;
      }, undefined, { fields: { title, intro } })));
  }

  async function surveyPage(id) {
    const [{ survey, runs, tutorsByDefault }, groups] = await Promise.all([api("GET", `/api/admin/surveys/${id}`), audienceGroups()]);
    // The retention pulse asks whether someone will keep tutoring (and its answers make the at-risk lists): Tutors starts
    // ticked, and the server takes a run with no role ticked as the tutors of the sites or partners picked.
    const picker = audiencePicker(groups, () => {}, tutorsByDefault ? { roles: ["tutor"] } : {});
    // A week from today in the program's zone (en-CA writes dates as 2026-03-09), not from the browser's UTC date.
    const weekOn = new Intl.DateTimeFormat("en-CA", { timeZone: session.timeZone || undefined }).format(new Date(Date.now() + 7 * 864e5));
    const closes = h("input", { type: "date", id: "closes", value: weekOn });
    const anonymous = h("input", { type: "checkbox", id: "anonymous" });
    const every = h("input", { type: "number", id: "every", value: "3", min: "0", max: "60" });
    const most = h("input", { type: "number", id: "most", value: "2", min: "0", max: "10" });
    const repeat = h("input", { type: "number", id: "repeat", min: "1", max: "52", placeholder: "a one-off" });
    // One key per page drawn, until the run is launched (the page then leaves): a Launch whose answer never came, pressed
    // again, is answered with the run it launched instead of "already launched".
    const launchKey = newKey();
    show(h("h1", { text: survey.title }),
      survey.intro ? h("p", { text: survey.intro }) : null,
      h("section", { class: "panel" }, h("h2", { text: "Questions" }),
        h("ol", {}, survey.questions.map(q => h("li", {}, text(q.text), text(q.required ? " (required)" : ""), h("span", { class: "muted small", text: ` — ${TYPES.find(t => t[0] === q.type)?.[1] ?? q.type}` }))))),
      h("section", { class: "panel" }, h("h2", { text: "Runs" }),
        runs.length === 0 ? h("p", { class: "muted", text: "Not launched yet." })
          : h("ul", {}, runs.map(r => h("li", {}, link(`#/runs/${r.id}`, `${day(r.opensAt)} – ${day(r.closesAt)}`), " ", badge(r.status), text(r.anonymous ? " anonymous" : ""))))),
      h("section", { class: "panel" }, h("h2", { text: "Launch a run" }),
        tutorsByDefault ? h("p", { class: "muted small", id: "tutors-by-default", text: "This survey asks tutors about their tutoring, and its answers make the list of tutors who may not stay, " +
          "so it goes to tutors: with no role ticked, to the tutors of the sites or partners you pick. Tick other roles to ask them as well." }) : null,
        picker.node,
        h("label", { for: "closes", text: `Closes at the end of (the program's day${session.timeZone ? `, ${session.timeZone}` : ""})` }), closes,
        h("label", { class: "inline" }, anonymous, "Anonymous (no names in results or CSV)"),
        h("label", { for: "every", text: "Remind people who have not answered every N days (0 = never)" }), every,
        h("label", { for: "most", text: "At most this many reminders" }), most,
        h("label", { for: "repeat", text: "Run again every N weeks" }), repeat,
        action("Launch", async () => {
          const run = await api("POST", `/api/admin/surveys/${id}/runs`, {
            audience: picker.value(), closesAt: programTime(`${closes.value}T23:59`), anonymous: anonymous.checked,
            reminderEveryDays: Number(every.value), maxReminders: Number(most.value), repeatEveryWeeks: repeat.value ? Number(repeat.value) : null,
          }, { "Idempotency-Key": launchKey });
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
      else panel.append(h("p", { class: "muted small", text: "Free text: see the CSV." }), removeWords(id, q));
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
      h("div", { class: "tiles" }, tile(r.responses, "answered", "ok"), tile(r.invited, "invited"), tile(r.invited === 0 ? "—" : pct(r.responseRate), "response rate"),
        r.notReached ? tile(r.notReached, "not reached (could not be delivered)", "bad") : null),
      // What the numbers count, on the page: "invited" is not the audience, and the at-risk rule is not obvious.
      h("p", { class: "muted small", id: "counts-meaning", text: `Invited: the people in the run's audience HitBot sent the survey to in ${session.chats} ` +
        "(not those who opted out or are not in a chat with HitBot yet, nor invitations stopped before they went out). " +
        "Response rate: answered out of invited." +
        (r.notReached ? ` Not reached: invited, but HitBot could not deliver the survey to them (they removed the app, for example); they are marked in "Who has not answered?", and the People page says why.` : "") }),
      h("a", { class: "button secondary", href: `/api/admin/survey-runs/${id}/responses.csv`, download: `${id}.csv` }, "Download the answers (CSV)"),
      runControls(id, r),
      intent.childElementCount ? h("section", { class: "panel" }, h("h2", { text: "Retention intent" }), intent) : null,
      // The questions' h3 headings need an h2 above them: without the intent panel they followed the h1 directly.
      r.questions.length ? h("h2", { text: "Answers by question" }) : null,
      questions,
      trend.childElementCount ? h("section", { class: "panel" }, h("h2", { text: "Across runs" }), trend) : null,
      r.anonymous ? null : h("section", { class: "panel" }, h("h2", { text: "Tutors who may not stay" }),
        h("p", { class: "muted small", id: "at-risk-meaning", text: "Listed when a tutor answered that they will not continue next term or are not sure, " +
          "or rated how supported they feel 2 or lower out of 5. At the close, each site's list goes to its site champion (to the central team for a site without one) and each partner's to its partner lead." }),
        r.atRisk.length === 0 ? h("p", { class: "muted", text: "Nobody so far." }) : h("div", { class: "table-wrap" }, h("table", { class: "responsive", id: "at-risk" },
          h("caption", { class: "sr-only", text: "Tutors who may not stay" }),
          h("thead", {}, h("tr", {}, ["Name", "Site", "Partner", "Why"].map(t => h("th", { scope: "col", text: t })))),
          h("tbody", {}, r.atRisk.map(p => h("tr", {}, h("td", { "data-label": "Name", text: leftOrName(p) }), h("td", { "data-label": "Site", text: p.siteName ?? p.site ?? "" }),
            h("td", { "data-label": "Partner", text: p.partnerName ?? p.partner ?? "" }), h("td", { "data-label": "Why", text: p.reasons.join("; ") }))))))),
      // Seed 000 §5: keep trained tutors and move experienced ones into coaching.
      r.anonymous || !r.interested?.length ? null : h("section", { class: "panel" }, h("h2", { text: "Tutors who want to do more" }),
        h("div", { class: "table-wrap" }, h("table", { class: "responsive", id: "interested" },
          h("caption", { class: "sr-only", text: "Tutors who want to do more" }),
          h("thead", {}, h("tr", {}, ["Name", "Site", "Would like"].map(t => h("th", { scope: "col", text: t })))),
          h("tbody", {}, r.interested.map(p => h("tr", {}, h("td", { "data-label": "Name", text: leftOrName(p) }), h("td", { "data-label": "Site", text: p.siteName ?? p.site ?? "" }),
            h("td", { "data-label": "Would like", text: p.interests.map(i => (i === "coaching" ? "a coaching role" : i.replace(/-/g, " "))).join(", ") }))))))));
  }

  /**
   * A student's name or details in free-text answers (read in the CSV): every answer to this question holding the words
   * loses them for good. Answers have no number to point at (an anonymous one must not be), so the words pick them.
   */
  function removeWords(runId, q) {
    const box = h("div", { class: "confirm" });
    const words = h("input", { type: "text", id: `remove-${q.id}`, maxlength: 200, placeholder: "The name or words, as written in the answer" });
    const note = h("input", { type: "text", maxlength: 200, "aria-label": `Why words are removed from the answers to "${q.text}" (optional)`, placeholder: "Why (optional), e.g. named a student" });
    return h("div", {}, h("label", { for: `remove-${q.id}`, text: "Remove a student's name or details from these answers" }), words, note,
      action("Remove the words…", async () => {
        const said = words.value.trim();
        if (said.length < 3) throw new ApiError(400, "Type at least 3 characters of the words to remove, as written in the answer.");
        ask(box, `Replace every answer to this question that holds "${said}" with "(words removed by the central team)"? The whole answer goes, and this cannot be undone.`,
          "Yes, remove them", async () => {
            const r = await api("POST", `/api/admin/survey-runs/${runId}/redact`, { questionId: q.id, words: said, note: note.value.trim() || undefined });
            words.value = ""; note.value = "";
            // null: a small anonymous run, whose answers the central team never reads, does not say how many held them.
            return r.removed === null ? "The words were removed from any answer that held them."
              : r.removed === 0 ? "No answer to this question holds those words." : `The words were removed from ${r.removed} ${r.removed === 1 ? "answer" : "answers"}.`;
          }, "Keep them");
      }, "secondary", { name: `Remove words from the answers to ${q.text}`, fields: { words } }), box);
  }

  /** A tutor deactivated since they answered, as "who has not answered" marks them: gone, not someone to talk to. */
  const leftOrName = p => p.left ? `${p.name} (left the program)` : p.name;

  /** Close now, cancel, move the closing date, and who has not answered (counts only in anonymous runs). */
  function runControls(id, r) {
    const live = r.status === "open" || r.status === "scheduled";
    const confirm = h("span");
    const confirmFirst = (label, question, yes, path, done) => action(label, async () => {
      ask(confirm, question, yes, async () => { await api("POST", `/api/admin/survey-runs/${id}/${path}`); route(); return done; }, "Keep it");
    }, "secondary");
    const closesAt = h("input", { type: "datetime-local", id: "closes-at" });
    const missing = h("div", { id: "non-responders" });
    return h("section", { class: "panel" }, h("h2", { text: "This run" }),
      // Neither can be undone, and a coordinator who closed early to "pause" it found no way to open it again: the
      // question says so, and names what gives tutors more time instead.
      r.status === "open" ? confirmFirst("Close now…", "Close this run now? It cannot be reopened: tutors can no longer answer, and the summary and at-risk " +
        "lists go out as at a normal close. To give them more time, change the closing time below instead.", "Yes, close it", "close", "The run is closed.") : null,
      live ? confirmFirst("Cancel the run…", "Cancel this run? It cannot be undone: nothing more is sent, no summary, and answers are no longer recorded.",
        "Yes, cancel it", "cancel", "The run is cancelled.") : null,
      confirm,
      live ? h("div", {}, h("label", { for: "closes-at", text: `Close it at instead (the program's time${session.timeZone ? `, ${session.timeZone}` : ""})` }), closesAt,
        action("Change the closing time", async () => {
          if (!closesAt.value) throw new ApiError(400, "Pick a date and time first.");
          await api("PATCH", `/api/admin/survey-runs/${id}`, { closesAt: programTime(closesAt.value) });
          route();
          return "The closing time is changed.";
        }, "secondary", { fields: { closesAt } })) : null,
      action("Who has not answered?", async () => {
        // A page at a time: a run of a whole large program can leave tens of thousands who have not answered.
        // "Show more" follows the next page's address (where the shown page ended): people answering meanwhile leave the
        // list, and a count of rows shown would then skip someone not yet chased.
        const nextPage = (r) => /<([^>]+)>;\s*rel="next"/.exec(r.headers.get("Link") ?? "")?.[1] ?? null;
        const first = await request("GET", `/api/admin/survey-runs/${id}/non-responders?limit=${NON_RESPONDERS_PAGE}`);
        const n = first.data;
        let next = nextPage(first);
        let people = n.people ?? [];
        const rows = h("tbody");
        const more = h("div");
        const shown = h("p", { class: "muted small" });
        const render = () => {
          // Someone the survey never reached is chased another way: the list says so, and why.
          // One whose invitation still waits (their morning, their weekly limit, a retry) is not chased for what they have not had.
          const label = p => p.left ? `${p.name} (left the program)` : p.notReached ? `${p.name} (never got it: ${p.notReachedWhy ?? "it could not be delivered"})`
            : p.notSentYet ? `${p.name} (not sent yet${p.invitationSendsAt ? `: it goes ${when(p.invitationSendsAt)}` : ""})` : p.name;
          rows.replaceChildren(...people.map(p => h("tr", {}, h("td", { "data-label": "Name", text: label(p) }),
            h("td", { "data-label": "E-mail", text: p.email }), h("td", { "data-label": "Site", text: p.siteName ?? p.site ?? "" }))));
          // Those listed who answered since stay listed (which ones is not asked again), so the count can fall below the rows.
          shown.textContent = people.length <= n.notAnswered ? `Showing ${people.length} of ${n.notAnswered}.`
            : `Showing ${people.length}. ${n.notAnswered} have still not answered: some listed here answered after the list opened.`;
          more.replaceChildren(next ? showMore(async () => {
            const r = await request("GET", next);
            people = people.concat(r.data.people ?? []); next = nextPage(r);
            // Each page brings the counts as they are now: those of the first page said nobody had answered meanwhile.
            Object.assign(n, { notAnswered: r.data.notAnswered, invited: r.data.invited, answered: r.data.answered });
            counts.textContent = countsText();
            render();
          }, () => rows.rows, () => shown.textContent) : "");
        };
        const countsText = () => `${n.notAnswered} of ${n.invited} invited have not answered (${n.answered} answered).`;
        const counts = h("p", { text: countsText() });
        missing.replaceChildren(counts, n.forgotten ? h("p", { class: "muted small", text: "HitBot no longer keeps who was asked: this run's invitations are older than the days it keeps a record of what it sent (HitBot:Storage:RetentionDays)." })
          : n.anonymous ? h("p", { class: "muted small", text: "Anonymous run: counts only, never names." })
          : people.length === 0 ? null : h("div", {}, shown, h("div", { class: "table-wrap" }, h("table", { class: "responsive" },
          h("caption", { class: "sr-only", text: "Who has not answered" }),
            h("thead", {}, h("tr", {}, ["Name", "E-mail", "Site"].map(t => h("th", { scope: "col", text: t })))), rows)), more));
        if (!n.anonymous) render();
        // The list opens below the button, out of a screen reader's sight: it hears the counts.
        announce(counts.textContent);
      }, "secondary"),
      missing);
  }

  return { routes: [[/^#\/surveys$/, surveys], [/^#\/surveys\/new$/, newSurvey], [/^#\/surveys\/([\w-]+)$/, surveyPage], [/^#\/runs\/([\w-]+)$/, runPage]] };
};
