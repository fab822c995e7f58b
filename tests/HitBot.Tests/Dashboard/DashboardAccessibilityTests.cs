using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HitBot.Tests.Dashboard;

/// <summary>
/// The dashboard for district staff who use a keyboard, a screen reader, zoom or a phone (WCAG 2.1 AA), in a real Chromium:
/// tab stops and their names, where the keyboard lands after a click, what is announced, the tables and charts a screen
/// reader reads, colours computed from the page's own styles.
/// </summary>
public sealed class DashboardAccessibilityTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    TeamsTestApp teams = null!;
    HitBotApp app => teams.App;
    HttpClient admin = null!;
    BrowserPage browser = null!;
    IPage page => browser.Page;
    string baseUrl => browser.BaseUrl;

    public async ValueTask InitializeAsync()
    {
        teams = await TeamsTestApp.StartAsync(realPort: true);
        admin = app.CreateAdminClient();
        browser = await BrowserPage.OpenAsync(app.Services);
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        await teams.DisposeAsync();
    }

    [Fact]
    public async Task The_first_tab_stop_skips_to_the_page_without_leaving_it()
    {
        await SignInAsync();

        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator(":focus")).ToHaveAccessibleNameAsync("Skip to the page");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator(":focus")).ToHaveTextAsync("This week");
        Assert.EndsWith("/#/", page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("h1")).ToHaveTextAsync("This week");
    }

    [Fact]
    public async Task The_menu_and_the_inbox_tabs_say_which_page_is_open_and_the_keyboard_lands_on_its_heading()
    {
        await SignInAsync();

        await page.Locator("nav a", new() { HasText = "Feedback" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Feedback");

        await Expect(page.Locator(":focus")).ToHaveTextAsync("Feedback");
        Assert.Equal("H1", await page.EvaluateAsync<string>("document.activeElement.tagName"));
        await Expect(page.Locator("nav a[aria-current=page]")).ToHaveTextAsync("Feedback");
        await Expect(page.Locator(".tabs a[aria-current=page]")).ToHaveTextAsync("Open");
        Assert.Equal("Feedback · HitBot", await page.TitleAsync());
    }

    [Fact]
    public async Task A_button_that_changes_the_page_keeps_the_keyboard_on_it_and_what_happened_is_announced()
    {
        await SignInAsync("#/calendar");
        await page.FillAsync("#pause-name", "Spring break");
        await page.FillAsync("#pause-first", "2026-03-23");
        await page.FillAsync("#pause-last", "2026-03-27");

        await page.GetByRole(AriaRole.Button, new() { Name = "Add to the calendar" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("#pauses")).ToContainTextAsync("Spring break");
        await Expect(page.Locator(":focus")).ToHaveAccessibleNameAsync("Add to the calendar");
        await Expect(page.Locator("#said")).ToHaveTextAsync("Added to the calendar.");
        // The page itself is no live region: a page drawn again (every 2 s while an update goes out) is not read out again.
        await Expect(page.Locator("main")).Not.ToHaveAttributeAsync("aria-live", new System.Text.RegularExpressions.Regex("."));
    }

    /// <summary>While an update's messages are on their way its page looks again every 2 s: the same route, drawn in place.</summary>
    [Fact]
    public async Task A_page_drawn_again_in_place_leaves_the_keyboard_where_it_was()
    {
        var id = await NewUpdateAsync();
        await SignInAsync($"#/updates/{id}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Duplicate as a new draft" }).FocusAsync();
        await page.EvaluateAsync("document.querySelector('main h1').dataset.old = 'yes'");

        await page.EvaluateAsync("window.dispatchEvent(new HashChangeEvent('hashchange'))");

        await Expect(page.Locator("main h1")).ToContainTextAsync("Week 12");
        await Expect(page.Locator("main h1[data-old]")).ToHaveCountAsync(0);
        await Expect(page.Locator(":focus")).ToHaveAccessibleNameAsync("Duplicate as a new draft");
        // The tab (and a screen reader's page list) names the update, not its status badge: not "… Monday draft · HitBot".
        Assert.Equal("Week 12: sessions resume Monday · HitBot", await page.TitleAsync());
    }

    [Fact]
    public async Task The_page_of_an_update_on_its_way_looks_again_but_never_over_what_is_being_typed()
    {
        var id = await NewUpdateAsync();
        // The page looks again every 2 s while its report counts messages waiting: the server's answer says one waits.
        var looks = 0;
        await page.RouteAsync($"**/api/admin/updates/{id}", async route =>
        {
            Interlocked.Increment(ref looks);
            var response = await route.FetchAsync();
            var json = JsonNode.Parse(await response.TextAsync())!;
            json["report"]!["queued"] = 1;
            json["report"]!["waiting"]!["groups"] = new JsonArray(new JsonObject { ["reason"] = "now", ["count"] = 1 });
            await route.FulfillAsync(new() { Response = response, Body = json.ToJsonString() });
        });
        await page.Clock.InstallAsync();
        await SignInAsync($"#/updates/{id}");
        await Expect(page.Locator("[data-tile='waiting to send'] b")).ToHaveTextAsync("1");

        await page.EvaluateAsync("document.querySelector('main h1').dataset.old = 'yes'");
        await page.Clock.RunForAsync(2500);
        await Expect(page.Locator("main h1[data-old]")).ToHaveCountAsync(0); // it looked again

        await page.FillAsync("#weekly-time", "09:30");
        var before = Volatile.Read(ref looks);
        await page.Clock.RunForAsync(6500);
        // A request made now is answered after any the page made while the clock ran: then nothing else may have come.
        await page.EvaluateAsync($"fetch('/api/admin/updates/{id}').then(r => r.ok)");

        Assert.Equal(before + 1, Volatile.Read(ref looks));
        await Expect(page.Locator("#weekly-time")).ToHaveValueAsync("09:30");
    }

    /// <summary>
    /// Two copies wait for their readers' morning, hours away: the page looked again and drew itself anew every 2 seconds
    /// until then (all night on a coordinator's phone), though nothing could change before they went. It looks once a minute.
    /// </summary>
    [Fact]
    public async Task The_page_of_an_update_whose_copies_wait_for_the_morning_looks_again_once_a_minute_not_every_two_seconds()
    {
        var id = await NewUpdateAsync();
        var looks = 0;
        await page.RouteAsync($"**/api/admin/updates/{id}", async route =>
        {
            Interlocked.Increment(ref looks);
            var response = await route.FetchAsync();
            var json = JsonNode.Parse(await response.TextAsync())!;
            json["report"]!["queued"] = 2;
            json["report"]!["waiting"]!["groups"] = new JsonArray(new JsonObject
            {
                ["reason"] = "morning", ["count"] = 2, ["firstGoesAt"] = "2026-03-03T15:00:00Z", ["lastGoesAt"] = "2026-03-03T16:00:00Z",
            });
            await route.FulfillAsync(new() { Response = response, Body = json.ToJsonString() });
        });
        await page.Clock.InstallAsync();
        await SignInAsync($"#/updates/{id}");
        await Expect(page.Locator("#waiting li[data-reason=morning]")).ToContainTextAsync("2 waiting for the person's morning");
        var before = Volatile.Read(ref looks);

        await page.Clock.RunForAsync(30_000);
        // A request made now is answered after any the page made while the clock ran: then nothing else may have come.
        await page.EvaluateAsync($"fetch('/api/admin/updates/{id}').then(r => r.ok)");
        Assert.Equal(before + 1, Volatile.Read(ref looks));

        await page.EvaluateAsync("document.querySelector('main h1').dataset.old = 'yes'");
        await page.Clock.RunForAsync(31_000);
        await Expect(page.Locator("main h1[data-old]")).ToHaveCountAsync(0); // after a minute it looked again
    }

    [Fact]
    public async Task A_question_before_sending_takes_the_keyboard_and_Escape_takes_it_back()
    {
        await ImportAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        app.Get<PeopleDirectory>().Link(TwoChannelApp.SlackAddress("U1MAYA"), "maya@example.org");
        var id = await NewUpdateAsync();
        await SignInAsync($"#/updates/{id}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Send now…" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator(":focus")).ToHaveTextAsync("Send “Week 12: sessions resume Monday” to 1 person?");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator(":focus")).ToHaveAccessibleNameAsync("Yes, send to 1");
        await page.Keyboard.PressAsync("Escape");

        await Expect(page.Locator(":focus")).ToHaveAccessibleNameAsync("Send now…");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Yes, send to 1" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_refused_field_is_marked_and_points_at_the_message_that_says_why()
    {
        await SignInAsync("#/updates/new");
        await page.FillAsync("#body", "Sessions resume Monday.");

        await page.ClickAsync("button:text-is('Save draft')");

        var alert = page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("give the update a title");
        await Expect(page.Locator("#title")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#title")).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("give the update a title"));
        await Expect(page.Locator("#body")).Not.ToHaveAttributeAsync("aria-invalid", "true");
    }

    [Fact]
    public async Task A_wrong_token_marks_the_token_field_and_points_at_the_message()
    {
        await page.GotoAsync(baseUrl + "/");
        await page.FillAsync("#token", "this-is-not-the-token");
        await page.ClickAsync("button[type=submit]");

        await Expect(page.Locator("#token")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#token")).ToHaveAccessibleDescriptionAsync("That token did not work. Check it and try again.");
    }

    [Fact]
    public async Task Every_table_has_a_caption_and_column_headers()
    {
        await ImportAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        var id = await NewUpdateAsync();
        (await admin.PutAsJsonAsync($"/api/admin/updates/{id}/schedule", new JsonObject { ["at"] = "2026-03-05T09:00" }, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/admin/calendar", new JsonObject { ["name"] = "Spring break", ["kind"] = "break", ["first"] = "2026-03-23", ["last"] = "2026-03-27" }, Ct)).EnsureSuccessStatusCode();
        await SignInAsync();

        foreach (var (hash, heading) in new[] { ("#/", "This week"), ("#/updates", "Updates"), ("#/people", "People"), ("#/calendar", "Program calendar") })
        {
            await page.GotoAsync(baseUrl + "/" + hash);
            await Expect(page.Locator("h1")).ToHaveTextAsync(heading);
            await Expect(page.Locator("main table").First).ToBeAttachedAsync();
            var bare = await page.EvaluateAsync<string[]>("""
                [...document.querySelectorAll("main table")].flatMap(t => [
                  ...(t.caption?.textContent.trim() ? [] : [`${t.id || "a table"}: no caption`]),
                  ...[...t.querySelectorAll("thead th")].filter(th => th.getAttribute("scope") !== "col").map(th => `${t.id || "a table"}: ${th.textContent} has no scope`)])
                """);
            Assert.True(bare.Length == 0, $"{heading}: {string.Join("; ", bare)}");
        }
    }

    [Fact]
    public async Task A_chart_reads_out_its_numbers_as_a_table()
    {
        await SignInAsync();

        await page.EvaluateAsync("""
            () => {
              const target = document.createElement("div"); target.id = "chart-test"; document.getElementById("page").append(target);
              HitBotCharts.stacked(target, [{ label: "Lincoln", parts: [6, 2, 1] }, { label: "Grant", hidden: true }],
                ["Will continue", "Not sure yet", "Will not continue"], { label: "Retention intent by site" });
              HitBotCharts.trend(target, [{ label: "Mar 2", value: 0.5 }], { label: "Response rate by run" });
            }
            """);

        var intent = page.GetByRole(AriaRole.Table, new() { Name = "Retention intent by site" });
        await Expect(intent.GetByRole(AriaRole.Row, new() { Name = "Lincoln 6 2 1" })).ToBeAttachedAsync();
        await Expect(intent.GetByRole(AriaRole.Columnheader, new() { Name = "Not sure yet" })).ToBeAttachedAsync();
        await Expect(intent.GetByRole(AriaRole.Row, new() { Name = "Grant under 5 answers: hidden" })).ToBeAttachedAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Response rate by run" }).GetByRole(AriaRole.Cell, new() { Name = "50%" })).ToBeAttachedAsync();
        // Numbers drawn on a bar are as readable as any other text.
        var drawn = await page.EvaluateAsync<double[]>("""
            [...document.querySelectorAll("#chart-test svg text[fill]")].map(t => {
              const rect = t.previousElementSibling;
              const rgb = c => { const x = document.createElement("i"); x.style.color = c; document.body.append(x); const v = getComputedStyle(x).color.match(/\d+/g).map(Number); x.remove(); return v; };
              const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
              const [a, b] = [lum(rgb(t.getAttribute("fill"))), lum(rgb(rect.getAttribute("fill")))];
              return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
            })
            """);
        Assert.Equal(3, drawn.Length);
        Assert.All(drawn, ratio => Assert.True(ratio >= 4.5, $"a number on a bar has a contrast of {ratio:0.00}"));
    }

    [Fact]
    public async Task Text_and_field_borders_are_readable_against_their_background()
    {
        await ImportAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        var id = await NewUpdateAsync(imageUrl: "https://example.org/logo.png");
        (await admin.PutAsJsonAsync($"/api/admin/updates/{id}/schedule", new JsonObject { ["at"] = "2026-03-05T09:00" }, Ct)).EnsureSuccessStatusCode();
        await SignInAsync();

        var failures = new List<string>();
        foreach (var (hash, heading) in new[] { ("#/", "This week"), ("#/updates", "Updates"), ($"#/updates/{id}", "Week 12"), ("#/people", "People"), ("#/plan", "Action plan") })
        {
            await page.GotoAsync(baseUrl + "/" + hash);
            await Expect(page.Locator("h1")).ToContainTextAsync(heading);
            failures.AddRange((await page.EvaluateAsync<string[]>(ContrastCheck)).Select(f => $"{heading}: {f}"));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Distinct()));
    }

    [Fact]
    public async Task A_field_with_a_visible_label_is_called_by_that_label()
    {
        await ImportAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        var id = await NewUpdateAsync();
        var survey = await (await admin.PostAsJsonAsync("/api/admin/surveys", new JsonObject { ["template"] = "retention-pulse" }, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct);
        var run = await (await admin.PostAsJsonAsync($"/api/admin/surveys/{survey!["id"]}/runs", new JsonObject
        {
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") }, ["closesAt"] = "2026-03-09T23:59:00Z", ["anonymous"] = false,
            ["reminderEveryDays"] = 3, ["maxReminders"] = 2,
        }, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct);
        await SignInAsync();

        var failures = new List<string>();
        foreach (var (hash, heading) in new[] { ($"#/updates/{id}", "Week 12"), ($"#/runs/{run!["id"]}", "Tutor retention pulse") })
        {
            await page.GotoAsync(baseUrl + "/" + hash);
            await Expect(page.Locator("h1")).ToContainTextAsync(heading);
            failures.AddRange((await page.EvaluateAsync<string[]>(LabelInName)).Select(f => $"{heading}: {f}"));
            // Headings go down one level at a time: a screen reader's list of headings is the page's outline.
            var levels = await page.EvaluateAsync<int[]>("[...document.querySelectorAll('main h1, main h2, main h3, main h4')].map(x => Number(x.tagName[1]))");
            failures.AddRange(levels.Zip(levels.Skip(1)).Where(p => p.Second > p.First + 1).Select(p => $"{heading}: an h{p.Second} follows an h{p.First}"));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task The_change_buttons_of_a_row_name_the_person_they_change()
    {
        await ImportAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        await SignInAsync("#/people");

        var row = page.Locator("tr[data-person='maya@example.org']");

        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Opt out Maya Lopez", Exact = true })).ToBeVisibleAsync();
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Deactivate Maya Lopez", Exact = true })).ToBeVisibleAsync();
    }

    /// <summary>Deactivating cancels what waits for someone and ends their sign-in: on a phone it sits one tap from Opt out.</summary>
    [Fact]
    public async Task Deactivating_someone_asks_first_and_Escape_keeps_them()
    {
        await ImportAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        await SignInAsync("#/people");
        var deactivate = page.GetByRole(AriaRole.Button, new() { Name = "Deactivate Maya Lopez", Exact = true });

        await deactivate.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator(":focus")).ToContainTextAsync("Deactivate Maya Lopez?");
        Assert.False(app.Get<DirectoryStore>().FindByEmail("maya@example.org")!.Inactive);
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator(":focus")).ToHaveAccessibleNameAsync("Deactivate Maya Lopez");

        await deactivate.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, deactivate" }).ClickAsync();

        await Expect(page.Locator("#said")).ToHaveTextAsync("Maya Lopez deactivated.");
        Assert.True(app.Get<DirectoryStore>().FindByEmail("maya@example.org")!.Inactive);
    }

    [Fact]
    public async Task At_320_pixels_wide_no_page_scrolls_sideways()
    {
        await ImportAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        var id = await NewUpdateAsync();
        await SignInAsync();
        await page.SetViewportSizeAsync(320, 640);

        foreach (var (hash, heading) in new[] { ("#/", "This week"), ("#/updates/new", "Write an update"), ($"#/updates/{id}", "Week 12"), ("#/people", "People"), ("#/plan", "Action plan"), ("#/calendar", "Program calendar"), ("#/feedback", "Feedback") })
        {
            await page.GotoAsync(baseUrl + "/" + hash);
            await Expect(page.Locator("h1")).ToContainTextAsync(heading);
            var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{heading}: the page is {overflow}px wider than 320px");
        }
    }

    /// <summary>
    /// WCAG 2.5.8: on a phone every button, checkbox and menu link is at least 24 by 24 pixels to tap ("Sign out" and the
    /// audience checkboxes were smaller, so a thumb that meant "Lincoln" could tick "Grant"). A checkbox inside its label
    /// is tapped through the label too. Links inside a sentence are exempt, as WCAG says.
    /// </summary>
    [Fact]
    public async Task On_a_phone_every_button_checkbox_and_menu_link_is_big_enough_to_tap()
    {
        await ImportAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\nSam Ortiz,sam@example.org,site-champion,Grant,\n");
        await SignInAsync();
        await page.SetViewportSizeAsync(390, 844);

        var failures = new List<string>();
        foreach (var (hash, heading) in new[] { ("#/", "This week"), ("#/updates/new", "Write an update"), ("#/people", "People") })
        {
            await page.GotoAsync(baseUrl + "/" + hash);
            await Expect(page.Locator("h1")).ToContainTextAsync(heading);
            failures.AddRange((await page.EvaluateAsync<string[]>(TapTargetCheck)).Select(f => $"{heading}: {f}"));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Distinct()));
    }

    const string TapTargetCheck = """
        () => [...document.querySelectorAll("button, a.button, nav a, header a, input[type=checkbox], input[type=radio], select")]
          .filter(el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden" && !el.closest(".sr-only"))
          .map(el => { const t = el.matches("input") && el.closest("label") || el; const r = t.getBoundingClientRect();
                       return r.width < 24 || r.height < 24 ? `${el.tagName.toLowerCase()} "${(t.textContent || el.value || el.id).trim().slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}` : null; })
          .filter(Boolean)
        """;

    /// <summary>On a phone each row reads as label: value; a label over nothing is one more line to scroll past.</summary>
    [Fact]
    public async Task On_a_phone_a_person_with_no_site_shows_no_empty_site_line()
    {
        await ImportAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\nAna Ruiz,ana@example.org,central-team,,\n");
        await SignInAsync("#/people");
        await page.SetViewportSizeAsync(360, 640);

        var ana = page.Locator("#people tbody tr", new() { HasText = "Ana Ruiz" });
        var maya = page.Locator("#people tbody tr", new() { HasText = "Maya Lopez" });

        await Expect(ana.Locator("td[data-label='Site']")).ToBeHiddenAsync();
        await Expect(maya.Locator("td[data-label='Site']")).ToBeVisibleAsync();
    }

    /// <summary>A search redraws the list as it is typed: a screen reader hears how many match (WCAG 4.1.3), on People and in the inbox.</summary>
    [Fact]
    public async Task Typing_a_search_reads_out_how_many_match()
    {
        await ImportAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\nSam Ortiz,sam@example.org,tutor,Grant,CityTutors\n");
        await SignInAsync("#/people");

        await page.FillAsync("#people-search", "grant");

        await Expect(page.Locator("#people tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#said")).ToHaveTextAsync("Showing 1 of 1.");

        await page.GotoAsync(baseUrl + "/#/feedback");
        await page.FillAsync("#feedback-search", "nothing like this");

        await Expect(page.Locator("#feedback-empty")).ToHaveTextAsync("Nothing matches.");
        await Expect(page.Locator("#said")).ToHaveTextAsync("Showing 0 of 0.");
    }

    /// <summary>A screen reader moves through the inbox item by item by headings, each named by its number and writer.</summary>
    [Fact]
    public async Task Each_feedback_item_is_a_heading_under_the_page_heading()
    {
        await ImportAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        var maya = app.Get<DirectoryStore>().FindByEmail("maya@example.org")!.Id;
        foreach (var id in new[] { "fb-1", "fb-2" })
            app.Get<Core.Feedback.FeedbackStore>().AddOnce(new Core.Feedback.FeedbackItem
            {
                Id = id, PersonId = maya, Status = Core.Feedback.FeedbackStatus.New, CreatedAt = app.Time.GetUtcNow().UtcDateTime, Text = "When do sessions resume?",
            }, writtenBy: maya);
        await SignInAsync("#/feedback");

        await Expect(page.Locator("[data-feedback]")).ToHaveCountAsync(2);
        var headings = await page.GetByRole(AriaRole.Heading, new() { Level = 2 }).AllInnerTextsAsync();
        Assert.Equal(["#2", "#1", "Send a thank-you"], headings.Select(t => t.Split(' ')[0] is var first && first.StartsWith('#') ? first : t));
        Assert.All(headings.Take(2), t => Assert.Contains("Maya Lopez", t, StringComparison.Ordinal));
    }

    /// <summary>Working down the inbox by keyboard: an item marked handled leaves the Open tab, and the keyboard goes to the next one, not to the top.</summary>
    [Fact]
    public async Task Marking_an_item_handled_puts_the_keyboard_on_the_next_item()
    {
        await ImportAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        var maya = app.Get<DirectoryStore>().FindByEmail("maya@example.org")!.Id;
        foreach (var id in new[] { "fb-1", "fb-2" })
            app.Get<Core.Feedback.FeedbackStore>().AddOnce(new Core.Feedback.FeedbackItem
            {
                Id = id, PersonId = maya, Status = Core.Feedback.FeedbackStatus.New, CreatedAt = app.Time.GetUtcNow().UtcDateTime, Text = "When do sessions resume?",
            }, writtenBy: maya);
        await SignInAsync("#/feedback");

        await page.GetByRole(AriaRole.Button, new() { Name = "Mark handled: #2" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("[data-feedback]")).ToHaveCountAsync(1);
        await Expect(page.Locator(":focus")).ToContainTextAsync("#1");
        await Expect(page.Locator("#said")).ToHaveTextAsync("#2 marked handled.");
    }

    /// <summary>A link a tutor pasted into feedback is one word several screens wide: it wraps, on the overview and in the inbox.</summary>
    [Fact]
    public async Task At_320_pixels_wide_a_long_link_in_feedback_wraps_instead_of_widening_the_page()
    {
        await ImportAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        var maya = app.Get<DirectoryStore>().FindByEmail("maya@example.org")!.Id;
        app.Get<Core.Feedback.FeedbackStore>().AddOnce(new Core.Feedback.FeedbackItem
        {
            Id = "fb-link", PersonId = maya, Status = Core.Feedback.FeedbackStatus.New, CreatedAt = app.Time.GetUtcNow().UtcDateTime,
            Text = "Where do I log hours? The old form https://forms.example.org/district/tutoring/2026/spring/timesheet-submission-for-tutors says closed.",
        }, writtenBy: maya);
        await SignInAsync();
        await page.SetViewportSizeAsync(320, 640);

        foreach (var (hash, heading) in new[] { ("#/", "This week"), ("#/feedback", "Feedback") })
        {
            await page.GotoAsync(baseUrl + "/" + hash);
            await Expect(page.Locator("h1")).ToContainTextAsync(heading);
            await Expect(page.Locator("main")).ToContainTextAsync("timesheet-submission");
            var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{heading}: the page is {overflow}px wider than 320px");
        }
    }

    /// <summary>Every visible text's contrast with what is behind it (≥ 4.5:1, large text ≥ 3:1) and every field's border (≥ 3:1).</summary>
    const string ContrastCheck = """
        () => {
          const parse = c => { const p = c.match(/[\d.]+/g).map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
          const over = (t, b) => ({ r: t.r * t.a + b.r * (1 - t.a), g: t.g * t.a + b.g * (1 - t.a), b: t.b * t.a + b.b * (1 - t.a), a: 1 });
          const lum = ({ r, g, b }) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
          const ratio = (x, y) => { const [a, b] = [lum(x), lum(y)]; return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); };
          const behind = el => {
            const layers = [];
            for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c.a > 0) { layers.push(c); if (c.a >= 1) break; } }
            return layers.reverse().reduce((acc, l) => over(l, acc), { r: 255, g: 255, b: 255, a: 1 });
          };
          const shown = el => el.getClientRects().length > 0 && el.getBoundingClientRect().width > 1 && getComputedStyle(el).visibility !== "hidden";
          const failures = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const node = walker.currentNode, el = node.parentElement;
            if (!node.textContent.trim() || el.closest("svg, :disabled, option, script") || !shown(el)) continue;
            const s = getComputedStyle(el), size = parseFloat(s.fontSize), large = size >= 24 || (Number(s.fontWeight) >= 700 && size >= 18.66);
            const bg = behind(el), r = ratio(over(parse(s.color), bg), bg);
            if (r < (large ? 3 : 4.5)) failures.push(`"${node.textContent.trim().slice(0, 40)}" (${el.className || el.tagName}) ${r.toFixed(2)}`);
          }
          for (const f of document.querySelectorAll("input:not([type=checkbox]):not([type=radio]):not([type=hidden]):not([type=file]), select, textarea")) {
            if (!shown(f)) continue;
            const bg = behind(f.parentElement), r = ratio(over(parse(getComputedStyle(f).borderTopColor), bg), bg);
            if (r < 3) failures.push(`the border of ${f.id || f.tagName} ${r.toFixed(2)}`);
          }
          return failures;
        }
        """;

    /// <summary>WCAG 2.5.3: a field that has a visible label is not renamed by an aria-label that leaves the label's words out.</summary>
    const string LabelInName = """
        [...document.querySelectorAll("main input[id], main select[id], main textarea[id]")].flatMap(f => {
          const label = document.querySelector(`label[for="${f.id}"]`);
          const named = f.getAttribute("aria-label");
          return label && named && !named.toLowerCase().includes(label.textContent.trim().toLowerCase()) ? [`${f.id} is called "${named}" beside the label "${label.textContent.trim()}"`] : [];
        })
        """;

    async Task SignInAsync(string hash = "#/")
    {
        await page.GotoAsync(baseUrl + "/" + hash);
        await page.FillAsync("#token", HitBotApp.AdminToken);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("body[data-ready=true]")).ToBeAttachedAsync();
    }

    async Task ImportAsync(string lines)
    {
        using var content = new StringContent("name,email,role,site,partner\n" + lines, Encoding.UTF8, "text/csv");
        (await admin.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), content, Ct)).EnsureSuccessStatusCode();
    }

    async Task<string> NewUpdateAsync(string? imageUrl = null)
    {
        var body = new JsonObject { ["title"] = "Week 12: sessions resume Monday", ["body"] = "Thank you!", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") } };
        if (imageUrl is not null) body["imageUrl"] = imageUrl;
        var created = await admin.PostAsJsonAsync("/api/admin/updates", body, Ct);
        created.EnsureSuccessStatusCode();
        return (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
    }
}
