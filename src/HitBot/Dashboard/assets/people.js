// The people page: the roster searched and paged on the server, who HitBot reaches, imports, edits and erasure.
"use strict";
window.HitBotPeople = (ui) => {
  const { page, h, api, request, show, text, when, day, ApiError, problem, action, showMore, announce, ask, forgetGroups, audienceGroups, session, csvText } = ui;

  const reachLabels = {
    teams: "Teams", slack: "Slack", installing: "Installing", "not-in-tenant": "Not in the tenant", "not-in-workspace": "Not in Slack",
    blocked: "Blocked the app", "opted-out": "Opted out", inactive: "Inactive", "no-chat-yet": "No chat yet",
  };

  const PEOPLE_PAGE = 100;
  const TUTORS_NAMED = 20;
  const ROLE_CHANGES_NAMED = 50;

  async function peoplePage() {
    forgetGroups();
    const search = h("input", { type: "search", id: "people-search", placeholder: "Name, e-mail, site or partner" });
    // The reach counts only (limit=0): the table's own page already says each person's reach.
    const [first, reach, groups] = await Promise.all([request("GET", `/api/admin/people?limit=${PEOPLE_PAGE}`), api("GET", "/api/admin/reach?limit=0"),
      audienceGroups()]);
    // The languages people have (from the roster, the admin API or their chat app): "es" lists es-MX too.
    const language = h("select", { id: "people-language" }, h("option", { value: "" }, "Any language"),
      ...groups.languages.map(l => h("option", { value: l.tag }, l.name ? `${l.name} (${l.tag})` : l.tag)));
    // Who is in one reach state ("No chat yet (12)"): the summary's "not reached yet" counted them and nothing listed them.
    const reachState = h("select", { id: "people-reach" }, h("option", { value: "" }, "Any reach"),
      ...Object.entries(reach.counts).filter(([, n]) => n > 0).map(([s, n]) => h("option", { value: s }, `${reachLabels[s] ?? s} (${n})`)));
    const query = () => `q=${encodeURIComponent(search.value.trim())}${language.value ? `&language=${encodeURIComponent(language.value)}` : ""}`
      + (reachState.value ? `&reach=${encodeURIComponent(reachState.value)}` : "");
    let list = first.data;
    let total = Number(first.headers.get("X-Total-Count") ?? list.length);
    // "Show more" follows the server's next address (where the shown page ended), not a count of rows shown: someone
    // added or removed meanwhile would otherwise show a person twice or skip one.
    let next = nextPage(first);
    const file = h("input", { type: "file", id: "roster", accept: ".csv,text/csv" });
    const skip = h("input", { type: "checkbox", id: "skip" });
    const missing = h("input", { type: "checkbox", id: "deactivate-missing" });
    const importUrl = (preview) => `/api/admin/people/import?skipInvalid=${skip.checked}&deactivateMissing=${missing.checked}&preview=${preview}`;
    // The roster as text, read in the browser as the server reads it (UTF-8, UTF-16 with a mark, else Excel's
    // Windows-1252): a bad line is shown as written and can be corrected here, then the whole file goes again.
    let roster = null;
    file.addEventListener("change", () => { roster = null; });
    // A preview's confirm button imports with the boxes as they are when pressed: a box ticked or another file chosen
    // after the preview would import what nobody was shown (people deactivated under a button that named role changes
    // only). Such a change takes the preview away, and says so; Import shows a new one.
    for (const input of [file, skip, missing]) input.addEventListener("change", () => {
      const preview = page.querySelector("#import-preview");
      if (!preview) return;
      const said = "The file or a box changed since this preview: press Import to see what the import does now.";
      preview.replaceWith(h("p", { class: "muted small", id: "import-preview-gone", text: said }));
      announce(said);
    });
    // Each row's buttons name the person they change ("Opt out Maya Lopez"), keep their place for the keyboard (an id that
    // outlives the label's change), and show a refusal beside them like every other button.
    const done = { "Opt out": "opted out", "Opt back in": "opted back in", "Deactivate": "deactivated", "Reactivate": "reactivated" };
    const toggle = (p, field, label) => {
      const change = async () => {
        await api("PATCH", `/api/admin/people/${p.id}`, { [field]: !(field === "active" ? p.active : p.optedOut) });
        await peoplePage();
        return `${p.name} ${done[label]}.`;
      };
      // Deactivating drops what waits for them (reactivating does not bring it back) and sits one tap from Opt out on a phone: it asks first.
      // So does opting back in someone who said stop themselves: a tap meant for the row above overrode their own choice, unasked.
      const run = label === "Deactivate"
        ? async (out) => ask(out, `Deactivate ${p.name}? They get nothing more from HitBot, and what waits to be sent to them is not sent.`,
          "Yes, deactivate", change, "Keep them")
        : label === "Opt back in" && p.optedOutBy === "self"
        ? async (out) => ask(out, `${p.name} said stop themselves (${when(p.optedOutAt)}). Opt them back in only if they asked you to: ` +
          "they get updates, surveys and thank-yous again.", "Yes, they asked", change, "Keep them opted out")
        : change;
      return action(label, run, "secondary small", { name: `${label} ${p.name}`, id: `${field}-${p.id}` });
    };
    // A person's own zone (roster, admin API, else their chat app's) decides their daytime and their week; an empty one
    // is the program's. The field takes an IANA id or a name such as Central, as the roster's column does.
    const zoneEdit = (p) => action("Set time zone", async (out) => {
      const field = h("input", { type: "text", id: `zone-${p.id}`, value: p.timeZone ?? "", placeholder: "America/Chicago or Central",
        "aria-label": `Time zone of ${p.name} (empty: the program's)` });
      out.replaceChildren(field, action("Save", async () => {
        const saved = await api("PATCH", `/api/admin/people/${p.id}`, { timeZone: field.value.trim() });
        await peoplePage();
        return saved.timeZone ? `${p.name}'s time zone is ${saved.timeZone}.` : `${p.name} has the program's time zone (${session.timeZone}).`;
      }, "small", { fields: { timeZone: field }, name: `Save the time zone of ${p.name}`, id: `zone-save-${p.id}` }));
      field.focus();
      return `Type ${p.name}'s time zone, then Save.`;
    }, "secondary small", { name: `Set time zone of ${p.name}`, id: `zone-set-${p.id}` });
    // Site champions and partner leads sign in to their own pages with a personal token: issued here (as by
    // POST /api/admin/people/{id}/api-token) and shown once, to paste in the sign-in form (a link carrying it signs in on
    // a local run only, see login.js). A new one replaces the old and ends its sessions, so the button asks first.
    const mayHaveToken = (p) => p.active && (p.roles.includes("central-team") || (p.roles.includes("site-champion") && p.site)
      || (p.roles.includes("partner-lead") && p.partner));
    const signInToken = (p) => action("Sign-in token", async (out) => ask(out, `Make a new sign-in token for ${p.name}? One given before stops working.`,
      "Yes, make it", async () => {
        const issued = await api("POST", `/api/admin/people/${p.id}/api-token`);
        // The old token's dates no longer hold; the notice says when the new one stops.
        document.getElementById(`token-dates-${p.id}`)?.remove();
        out.replaceChildren(h("span", { class: "notice", id: `sign-in-token-${p.id}` },
          text(`${p.name}'s sign-in token, shown only now: hand it over like a password. They sign in at ${location.origin}/ with `),
          h("code", { text: issued.token }),
          text(issued.expiresAt ? `. It works until ${day(issued.expiresAt)}: make a new one before then.` : ".")));
      }, "Cancel"), "secondary small", { name: `Sign-in token for ${p.name}`, id: `token-${p.id}` });
    // When a person's token was issued and when it stops (HitBot:Admin:PersonalTokenDays), so the central team renews it
    // before a partner lead is locked out, or revokes one nobody should still hold.
    const tokenDates = (p) => !p.tokenIssuedAt ? null : h("div", { class: "muted small token-dates", id: `token-dates-${p.id}`,
      text: `Sign-in token issued ${day(p.tokenIssuedAt)}; ` + (!p.tokenExpiresAt ? "never expires."
        // Expired by HitBot's clock, the one sign-in checks, never the browser's: a laptop's clock can be days off.
        : p.tokenExpired ? `expired ${day(p.tokenExpiresAt)}.` : `expires ${day(p.tokenExpiresAt)}.`) });
    // Someone who asks what HitBot holds about them: one JSON file (GET /api/admin/people/{id}/data), with the session's
    // own sign-in as every download on these pages; nothing they sent anonymously is in it.
    const dataDownload = (p) => h("a", { class: "button secondary small", href: `/api/admin/people/${encodeURIComponent(p.id)}/data`,
      download: `hitbot-data-${p.id}.json`, id: `data-${p.id}`, "aria-label": `Download their data: ${p.name}` }, "Download their data");
    show(h("h1", { text: "People" }),
      h("section", { class: "panel" }, h("h2", { text: "Import a roster" }),
        h("p", { class: "muted small", text: "A CSV with the columns name, email, role, site, partner, and optionally start date, language (en, es, pt-BR or a name such as Spanish) and time zone (America/Chicago or a name such as Central). Importing again updates people; it never duplicates them." }),
        h("label", { for: "roster", text: "Roster file" }), file,
        h("label", { class: "inline" }, skip, "Import the good lines even if some are wrong"),
        h("label", { class: "inline" }, missing, "Deactivate everyone who is not in this file (people who left the program)"),
        action("Import", async () => {
          if (!file.files[0]) throw new ApiError(400, "Choose the roster file first.");
          roster = await csvText(file.files[0]);
          return startImport();
        }),
        h("div", { id: "import-result" })),
      h("section", { class: "panel" }, h("h2", { text: `Everyone (${Object.values(reach.counts).reduce((a, b) => a + b, 0)})` }),
        h("p", { class: "muted small", text: (session.chats === "Slack" ? `${reach.counts.slack ?? 0} reached in Slack, ` : `${reach.counts.teams ?? 0} reached in Teams, ${reach.counts.slack ?? 0} in Slack, `) +
          `${reach.counts["opted-out"] ?? 0} opted out, ${reach.counts.inactive ?? 0} inactive, ` +
          `${Object.entries(reach.counts).filter(([s]) => !["teams", "slack", "opted-out", "inactive"].includes(s)).reduce((a, [, n]) => a + n, 0)} not reached yet.` }),
        h("label", { for: "people-search", text: "Find people" }), search,
        h("label", { for: "people-language", text: "Language" }), language,
        h("label", { for: "people-reach", text: "Reach" }), reachState,
        h("p", { class: "muted small", id: "people-count" }),
        h("div", { class: "table-wrap" }, h("table", { class: "responsive", id: "people" },
          h("caption", { class: "sr-only", text: "Everyone on the roster" }),
          h("thead", {}, h("tr", {}, ["Name", "Email", "Roles", "Site", "Partner", "Language", "Time zone", "Reach", "Last attempt", "Opted out", "Change"].map(t => h("th", { scope: "col", text: t })))),
          h("tbody", {}))),
        h("div", { id: "people-more-slot" })));
    render();

    // Searching asks the server again (a large roster never comes to the browser whole); a late answer to an older
    // search is dropped, so the table always shows what is in the box now.
    let asked = 0;
    const refind = async () => {
      const mine = ++asked;
      const r = await request("GET", `/api/admin/people?limit=${PEOPLE_PAGE}&${query()}`);
      if (mine !== asked) return;
      list = r.data; total = Number(r.headers.get("X-Total-Count") ?? list.length); next = nextPage(r);
      render();
      // The list changes under the search box, out of a screen reader's sight: it hears how many match.
      announce(page.querySelector("#people-count").textContent);
    };
    search.addEventListener("input", refind);
    language.addEventListener("change", refind);
    reachState.addEventListener("change", refind);

    function render() {
      page.querySelector("#people tbody").replaceChildren(...list.map(row));
      page.querySelector("#people-count").textContent = `Showing ${list.length} of ${total}.`;
      page.querySelector("#people-more-slot").replaceChildren(next ? showMore(async () => {
        const r = await request("GET", next);
        list = list.concat(r.data); total = Number(r.headers.get("X-Total-Count") ?? total); next = nextPage(r);
        render();
      }, () => page.querySelectorAll("#people tbody tr"), () => page.querySelector("#people-count").textContent) : "");
    }

    function row(p) {
      return h("tr", { "data-person": p.email },
        h("td", { "data-label": "Name", text: p.name }), h("td", { "data-label": "Email", text: p.email }),
        h("td", { "data-label": "Roles", text: p.roles.join(", ") }), h("td", { "data-label": "Site", text: p.site ?? "" }),
        h("td", { "data-label": "Partner", text: p.partner ?? "" }), h("td", { "data-label": "Language", text: p.language ?? "" }),
        h("td", { "data-label": "Time zone", text: p.timeZone ?? `program's (${session.timeZone})` }),
        // The state and, when an attempt said why, the why in words ("check the e-mail on the roster"): the page's answer
        // to "who is not reached and why", as the reach report has it.
        h("td", { "data-label": "Reach", "data-reach": p.reach }, text(reachLabels[p.reach] ?? p.reach),
          p.reachDetail && !["teams", "slack"].includes(p.reach) ? h("div", { class: "muted small reach-detail", text: p.reachDetail }) : null,
          p.reachNextStep ? h("div", { class: "small reach-next-step", text: p.reachNextStep }) : null),
        h("td", { "data-label": "Last attempt", text: when(p.lastReachAttempt) }),
        h("td", { "data-label": "Opted out", text: p.optedOut ? `yes, ${when(p.optedOutAt)}${p.optedOutBy ? ` (${p.optedOutBy === "self" ? "by themselves" : p.optedOutBy})` : ""}` : "" }),
        h("td", { "data-label": "Change" }, toggle(p, "optedOut", p.optedOut ? "Opt back in" : "Opt out"),
          toggle(p, "active", p.active ? "Deactivate" : "Reactivate"), zoneEdit(p), tokenDates(p), mayHaveToken(p) ? signInToken(p) : null, dataDownload(p)));
    }

    /** Imports `roster` (the file, or the file with lines corrected on the page); a refusal lists each bad line beside its text. */
    async function startImport() {
      const result = page.querySelector("#import-result");
      try {
        // Deactivating someone or taking a role away is never a surprise: show who it would be, and import only once that
        // is confirmed. Roles are taken by any re-import whose line for someone leaves a role out.
        const preview = await api("POST", importUrl(true), roster);
        const role = (r) => r.replace(/-/g, " ");
        const you = (d) => d.id === session.personId ? " (you)" : "";
        const parts = [];
        // A file that is mostly people HitBot does not know (another program's export, last year's file, the e-mails of a
        // different domain) went straight in: each new person is looked up in Teams or Slack and welcomed, a message nobody
        // can take back. On a roster that already has people, such a file is shown before it imports.
        const onRoster = Object.values(reach.counts).reduce((a, b) => a + b, 0);
        const matched = preview.updated + preview.unchanged;
        if (onRoster > 0 && preview.created > matched) {
          parts.push(h("p", { id: "import-adds", text: `This file adds ${preview.created} ${preview.created === 1 ? "person" : "people"} HitBot does not know yet ` +
            `and matches ${matched} of the ${onRoster} already on the roster. HitBot finds each new person in ${session.chats} and welcomes them. ` +
            "If this is not your program's roster, do not import it." }));
        }
        if (preview.deactivated.length > 0) {
          // A file of tutors only (a common export) would deactivate every staff member missing from it: their reminders
          // stop and their sign-in ends. Each is named with their roles, staff are counted apart, and "you" is marked.
          const staff = preview.deactivated.filter(d => d.roles.some(r => r !== "tutor"));
          const others = preview.deactivated.filter(d => !staff.includes(d));
          parts.push(h("p", { text: `This import deactivates ${preview.deactivated.length} ${preview.deactivated.length === 1 ? "person" : "people"}:` }),
            staff.length ? h("p", { id: "staff-to-deactivate", text: `${staff.length} of them ${staff.length === 1 ? "is" : "are"} program staff ` +
              `(${[...new Set(staff.flatMap(d => d.roles.filter(r => r !== "tutor")))].map(role).join(", ")}): ` +
              "they would get no more reminders, lists or sign-in. If this file lists tutors only, untick the box and import again." }) : null,
            // Staff by name, always; of the others (tutors) the first few: a new term's file can leave out thousands.
            h("ul", { id: "to-deactivate" }, [...staff, ...others.slice(0, TUTORS_NAMED)].map(d => h("li", {
              text: `${d.name} (${d.email}), ${d.roles.map(role).join(", ")}${you(d)}` })),
              others.length > TUTORS_NAMED ? h("li", { id: "to-deactivate-more", text: `… and ${others.length - TUTORS_NAMED} more ${others.length - TUTORS_NAMED === 1 ? "tutor" : "tutors"}, not named here.` }) : null));
        }
        if (preview.rolesRemoved.length > 0) {
          // A district export that knows a site champion who tutors only as a tutor takes the champion's role away: their
          // sign-in and their site's lists end with it.
          parts.push(h("p", { text: `This import takes roles away from ${preview.rolesRemoved.length} ${preview.rolesRemoved.length === 1 ? "person" : "people"} ` +
              "(what the role gave them ends: sign-in, lists, reminders). If the file leaves a role out by mistake, add it to their line and import again:" }),
            h("ul", { id: "roles-removed" }, preview.rolesRemoved.slice(0, ROLE_CHANGES_NAMED).map(d => h("li", {
              text: `${d.name} (${d.email}) loses ${d.removed.map(role).join(", ")}${d.roles.length ? `, keeps ${d.roles.map(role).join(", ")}` : ""}${you(d)}` })),
              preview.rolesRemoved.length > ROLE_CHANGES_NAMED ? h("li", { text: `… and ${preview.rolesRemoved.length - ROLE_CHANGES_NAMED} more, not named here.` }) : null));
        }
        if (parts.length > 0) {
          result.replaceChildren(h("div", { class: "alert", role: "alert", id: "import-preview" }, ...parts,
            action(preview.deactivated.length > 0 ? "Import and deactivate them" : preview.rolesRemoved.length > 0 ? "Import and take these roles away"
              : `Import and add ${preview.created === 1 ? "this person" : `these ${preview.created} people`}`, async () => doImport())));
          return;
        }
        return await doImport();
      } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 400 || !e.errors || Array.isArray(e.errors)) throw e;
        const bad = Object.entries(e.errors).map(([key, messages]) => ({ line: Number(key.replace(/^line /, "")), messages }));
        result.replaceChildren(badLines(e.message, bad, roster));
        return e.message;
      }
    }

    async function doImport() {
      const text = roster;
      const r = await api("POST", importUrl(false), text);
      forgetGroups();
      await peoplePage();
      const said = `Imported: ${r.created} new, ${r.updated} updated, ${r.unchanged} unchanged${r.skipped ? `, ${r.skipped} ${r.skipped === 1 ? "line" : "lines"} skipped` : ""}` +
        `${r.deactivated.length ? `, ${r.deactivated.length} deactivated` : ""}.`;
      page.querySelector("#import-result")?.replaceChildren(h("p", { class: "notice", role: "status", text: said }),
        r.errors.length ? badLines("Skipped lines:", r.errors.map(x => ({ line: x.line, messages: [`Line ${x.line}: ${x.message}`] })), text, true) : "");
      return said;
    }

    /**
     * Each bad line's message above the line as the file has it, in a field to correct it; "Import again" sends the whole
     * file with the corrections, so nothing is uploaded again and the good lines are imported (again: unchanged) with them.
     */
    function badLines(title, bad, text, skippedAlready = false) {
      // Excel for Mac's "CSV (Macintosh)" ends lines with a bare CR, which the import reads as a line break too.
      const lines = text.split(/\r\n|\r|\n/);
      const rows = bad.map(({ line, messages }) => {
        const fixable = line > 1 && line <= lines.length;
        const field = fixable ? h("input", { type: "text", value: lines[line - 1], "aria-label": `Line ${line} corrected`, "data-line": line }) : null;
        return { line, field, node: h("li", { "data-bad-line": line }, h("div", { text: messages.join(" ") }), field) };
      });
      const fields = rows.filter(r => r.field);
      return h("div", { class: "alert", role: "alert", id: "bad-lines" }, h("p", { text: title }), h("ul", {}, rows.map(r => r.node)),
        fields.length === 0 ? null : h("p", { class: "muted small", text: skippedAlready
          ? "Correct a line here and import again: the whole file goes again, so the lines already in are left as they are."
          : "Correct the lines here and import again: the whole file goes with them, so there is no need to upload it again." }),
        fields.length === 0 ? null : action("Import again with these corrections", async () => {
          const fixed = [...lines];
          for (const r of fields) fixed[r.line - 1] = r.field.value;
          roster = fixed.join("\n");
          return startImport();
        }));
    }
  }

  /** The next page's address from a list's Link header (rel="next"); null on the last page. */
  function nextPage(r) {
    const link = /<([^>]+)>;\s*rel="next"/.exec(r.headers.get("Link") ?? "");
    return link ? link[1] : null;
  }

  return { routes: [[/^#\/people$/, peoplePage]] };
};
