using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Surveys;
using HitBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HitBot.Tests.Dashboard;

/// <summary>
/// The dashboard in a real Chromium against HitBot on a local port, with Teams and Slack stand-ins: what the central
/// team does in a week, click by click. Every page is photographed at desktop and phone width into artifacts/screenshots.
/// </summary>
public sealed class DashboardBrowserTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    TwoChannelApp both = null!;
    TeamsTestApp teams => both.Teams;
    BrowserPage browser = null!;
    IPage page => browser.Page;
    string baseUrl => browser.BaseUrl;

    public async ValueTask InitializeAsync()
    {
        both = await TwoChannelApp.StartAsync(realPort: true);
        browser = await BrowserPage.OpenAsync(teams.App.Services);
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        await both.DisposeAsync();
    }

    [Fact]
    public async Task A_wrong_token_cannot_sign_in_and_the_right_one_opens_the_page_asked_for()
    {
        await page.GotoAsync(baseUrl + "/#/people");
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
        await page.FillAsync("#token", "this-is-not-the-token");
        await page.ClickAsync("button[type=submit]");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("That token did not work");
        await ShootAsync("sign-in-refused");
        await page.GotoAsync(baseUrl + "/");
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);

        // The right token then opens the page that was asked for in the first place.
        await page.GotoAsync(baseUrl + "/#/people");
        await page.FillAsync("#token", HitBotApp.AdminToken);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("People");
    }

    [Fact]
    public async Task The_sign_in_link_a_local_run_prints_signs_in_and_takes_the_token_out_of_the_address_bar()
    {
        await page.GotoAsync($"{baseUrl}/login#token={HitBotApp.AdminToken}");

        await Expect(page.Locator("h1")).ToHaveTextAsync("This week");
        Assert.DoesNotContain(HitBotApp.AdminToken, page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_the_servers_own_address_a_link_carrying_a_token_does_not_sign_in_with_it()
    {
        // Someone sends a link with their own token (login CSRF): opened, it would put the reader in that person's session,
        // past the sign-in form's CSRF check. Only a local run's link, on a loopback address, signs in by itself.
        var server = $"http://{Chromium.ServerHostName}:{new Uri(baseUrl).Port}";
        await page.GotoAsync($"{server}/login#token={HitBotApp.AdminToken}");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.DoesNotContain(HitBotApp.AdminToken, page.Url, StringComparison.Ordinal);
        Assert.Equal("", await page.InputValueAsync("#token"));
        await page.GotoAsync(server + "/");
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
    }

    [Fact]
    public async Task The_central_team_runs_the_week_from_the_dashboard()
    {
        // Sign in with the admin token.
        await page.GotoAsync(baseUrl + "/");
        await ShootAsync("sign-in");
        await page.FillAsync("#token", HitBotApp.AdminToken);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("This week");

        // People: a roster with a bad line is refused with its line number; the fixed one imports.
        await page.ClickAsync("nav >> text=People");
        await UploadRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\nNo Email,,tutor,Lincoln,CityTutors\n");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Line 3");
        Assert.Empty(teams.App.Get<DirectoryStore>().All());
        await UploadRosterAsync(
            "Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n" +
            "Sam Ortiz,sam@example.org,tutor,Lincoln,CityTutors\n" +
            "Ana Ruiz,ana@example.org,tutor,Grant,ReadCorps\n" +
            "Ben Okafor,ben@example.org,site champion,Lincoln,\n" +
            "Lena Park,lena@example.org,central team,,\n");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Imported: 5 new");

        // Maya chats on Teams, Sam on Slack; the people page shows who is linked where.
        var maya = teams.NewUser();
        var directory = teams.App.Get<PeopleDirectory>();
        var mayaPerson = directory.Link(both.TeamsAddress(maya.UserId), "maya@example.org")!;
        directory.Link(TwoChannelApp.SlackAddress("U1SAM"), "sam@example.org");
        await page.ReloadAsync();
        await Expect(page.Locator("tr[data-person='maya@example.org'] td[data-label=Reach]")).ToHaveTextAsync("Teams");
        await Expect(page.Locator("tr[data-person='sam@example.org'] td[data-label=Reach]")).ToHaveTextAsync("Slack");
        await ShootAsync("people");
        // Finding someone on a long roster: the search asks the server and shows only who matches.
        await page.FillAsync("#people-search", "grant");
        await Expect(page.Locator("#people tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#people-count")).ToHaveTextAsync("Showing 1 of 1.");
        await Expect(page.Locator("tr[data-person='ana@example.org']")).ToBeVisibleAsync();
        await page.FillAsync("#people-search", "");
        await Expect(page.Locator("#people tbody tr")).ToHaveCountAsync(5);

        // Compose an update with a live preview of both cards and the number of people it reaches; send it.
        await page.ClickAsync("nav >> text=Updates");
        await page.ClickAsync("text=Write an update");
        await page.FillAsync("#title", "Week 12: sessions resume Monday");
        await page.FillAsync("#body", "Thank you for a **great** first term!\n\n- Sessions resume Monday");
        await page.FillAsync("#image-url", "https://example.org/spring-schedule.png");
        await page.FillAsync("#image-alt", "The spring session calendar");
        await page.CheckAsync("fieldset[data-audience=roles] input[value=tutor]");
        await Expect(page.Locator("#reach")).ToContainTextAsync("Reaches 2 people (left out: 0 opted out, 1 not in Teams or Slack yet)");
        await Expect(page.Locator("#preview-teams")).ToContainTextAsync("Image: The spring session calendar");
        await Expect(page.Locator("#preview-teams")).ToContainTextAsync("Week 12: sessions resume Monday");
        await Expect(page.Locator("#preview-teams strong", new PageLocatorOptions { HasText = "great" })).ToBeVisibleAsync();
        await Expect(page.Locator("#preview-slack")).ToContainTextAsync("Sessions resume Monday");
        await ShootAsync("update-compose");
        await page.ClickAsync("text=Save draft");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/updates/[0-9a-f]+$"));
        await page.ClickAsync("text=Send now…");
        await page.ClickAsync("text=Yes, send to 2");
        // The page looks again by itself until nothing is waiting.
        await Expect(page.Locator("[data-tile=delivered] b")).ToHaveTextAsync("2", new LocatorAssertionsToHaveTextOptions { Timeout = 20_000 });
        var posted = await teams.PostedActivitiesAsync();
        Assert.Contains(posted, a => a.ToJsonString().Contains("Week 12: sessions resume Monday", StringComparison.Ordinal));
        // The picture written on the dashboard is on the card, described by the words given for it.
        Assert.Contains(posted, a => a.ToJsonString().Contains("\"altText\":\"The spring session calendar\"", StringComparison.Ordinal));
        await both.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage" && c.Body.Contains("Week 12", StringComparison.Ordinal)), Ct);
        await ShootAsync("update-sent");

        // Launch the retention survey for tutors, Maya answers it in Teams, the result is on the chart.
        await page.ClickAsync("nav >> text=Surveys");
        await page.ClickAsync("text=New from the retention template");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Tutor retention pulse");
        await page.CheckAsync("fieldset[data-audience=roles] input[value=tutor]");
        await page.FillAsync("#closes", teams.App.Time.GetUtcNow().AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await ShootAsync("survey");
        await page.ClickAsync("button:text-is('Launch')");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/runs/"));
        var runId = page.Url.Split("#/runs/")[1];
        var store = teams.App.Get<SurveyStore>();
        await teams.App.Get<SurveyRunnerProgress>().WaitForAsync(() => store.FindRun(runId)?.Status == RunStatus.Open, Guard, Ct);
        var answered = await teams.PostAsync(maya.Execute(SurveyCards.AnswerVerb, new JsonObject { ["run"] = runId }, "card-1",
            new JsonObject { ["intent"] = "yes", ["satisfaction"] = "4", ["support"] = "5", ["interests"] = "more-hours" }));
        answered.EnsureSuccessStatusCode();
        await page.ReloadAsync();
        await Expect(page.Locator("[data-tile=answered] b")).ToHaveTextAsync("1");
        await Expect(page.Locator("[data-question=intent] rect[data-label=Yes]")).ToHaveAttributeAsync("data-value", "1");
        await Expect(page.Locator("rect[data-label='Lincoln Will continue']")).ToHaveAttributeAsync("data-value", "1");
        await Expect(page.Locator("a[download]")).ToHaveAttributeAsync("href", $"/api/admin/survey-runs/{runId}/responses.csv");
        await ShootAsync("survey-results");

        // The action plan: give the first item an owner, a date and a status; its history says so.
        await page.ClickAsync("nav >> text=Action plan");
        await Expect(page.Locator("[data-phase=installation] [data-status=not-started] .item").First).ToBeVisibleAsync();
        await ShootAsync("action-plan");
        await page.Locator("[data-phase=installation] [data-status=not-started] .item").First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/plan/"));
        var itemId = page.Url.Split("#/plan/")[1];
        // The owner is found on the server as the name is typed: the page never holds a large roster.
        await page.FillAsync("#owner-search", "maya");
        await Expect(page.Locator("#owner option")).ToHaveCountAsync(2);
        await page.SelectOptionAsync("#owner", mayaPerson.Id);
        await page.FillAsync("#due", "2026-03-20");
        await page.SelectOptionAsync("#status", "in-progress");
        await page.ClickAsync("text=Save changes");
        await Expect(page.Locator(".history")).ToContainTextAsync("Owner: nobody → Maya Lopez");
        await Expect(page.Locator(".history")).ToContainTextAsync("Due date: none → 2026-03-20");
        await ShootAsync("action-item");
        var item = teams.App.Get<ActionPlanStore>().Find(itemId)!;
        Assert.Equal((mayaPerson.Id, ItemStatus.InProgress, new DateOnly(2026, 3, 20)), (item.OwnerId, item.Status, item.DueDate));

        // Feedback from chat: named and anonymous; the reply goes back to Maya's Teams chat; then it is handled.
        (await teams.PostAsync(maya.Text("feedback The new pacing guide is really clear"))).EnsureSuccessStatusCode();
        (await teams.PostAsync(maya.Text("feedback anonymously Sessions run too long on Fridays"))).EnsureSuccessStatusCode();
        await page.ClickAsync("nav >> text=Feedback");
        var named = page.Locator("[data-feedback]", new PageLocatorOptions { HasText = "pacing guide" });
        var anonymous = page.Locator("[data-feedback]", new PageLocatorOptions { HasText = "too long on Fridays" });
        await Expect(named).ToContainTextAsync("Maya Lopez");
        await Expect(anonymous).ToContainTextAsync("Anonymous");
        await Expect(anonymous).Not.ToContainTextAsync("Maya");
        await ShootAsync("feedback");
        // The open tab downloads as a spreadsheet, with the dashboard's own sign-in.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("text=Download this tab (CSV)"));
        var downloaded = await File.ReadAllTextAsync((await download.PathAsync())!, Ct);
        Assert.Contains("The new pacing guide is really clear", downloaded, StringComparison.Ordinal);
        Assert.Contains("Sessions run too long on Fridays", downloaded, StringComparison.Ordinal);
        // Searching asks the server; Maya's name never finds what she sent anonymously.
        await page.FillAsync("#feedback-search", "maya");
        await Expect(page.Locator("[data-feedback]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#feedback-count")).ToHaveTextAsync("Showing 1 of 1.");
        await Expect(named).ToBeVisibleAsync();
        await page.FillAsync("#feedback-search", "");
        await Expect(page.Locator("[data-feedback]")).ToHaveCountAsync(2);
        await named.Locator("textarea").FillAsync("Thanks Maya, glad it helps!");
        await named.Locator("text=Send reply").ClickAsync();
        await Expect(page.Locator("[data-feedback]", new PageLocatorOptions { HasText = "pacing guide" })).ToContainTextAsync("Reply: Thanks Maya");
        var calls = await teams.DeliveredAsync();
        Assert.Contains(calls, c => c.Path.Contains(FakeBotConnector.ConversationFor(maya.UserId), StringComparison.Ordinal)
                                    && c.Body?.ToJsonString().Contains("Thanks Maya, glad it helps!", StringComparison.Ordinal) == true);
        await page.Locator("[data-feedback]", new PageLocatorOptions { HasText = "pacing guide" }).Locator("text=Mark handled").ClickAsync();
        await Expect(page.Locator("[data-feedback]", new PageLocatorOptions { HasText = "pacing guide" })).ToHaveCountAsync(0);

        // The overview sums it up.
        await page.ClickAsync("nav >> text=Overview");
        await Expect(page.Locator("h1")).ToHaveTextAsync("This week");
        await Expect(page.Locator("main")).ToContainTextAsync("Week 12: sessions resume Monday");
        await Expect(page.Locator("main")).ToContainTextAsync("1 of 2 answered (50%)");
        await Expect(page.Locator("[data-tile='new feedback'] b")).ToHaveTextAsync("1");
        await ShootAsync("overview");

        // Nothing was fetched from anywhere but HitBot itself.
        Assert.All(browser.Requested(), url => Assert.StartsWith(baseUrl, url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_partner_lead_signs_in_with_their_own_token_and_writes_to_their_tutors_only()
    {
        await teams.ImportRosterAsync(
            "Pia Chen,pia@example.org,partner lead,,CityTutors\n" +
            "Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n" +
            "Ana Ruiz,ana@example.org,tutor,Grant,ReadCorps\n");
        var directory = teams.App.Get<PeopleDirectory>();
        var pia = directory.Link(both.TeamsAddress(teams.NewUser().UserId), "pia@example.org")!;
        directory.Link(both.TeamsAddress(teams.NewUser().UserId), "maya@example.org");
        directory.Link(TwoChannelApp.SlackAddress("U1ANA"), "ana@example.org");
        var issued = await teams.App.CreateAdminClient().PostAsync(new Uri($"/api/admin/people/{pia.Id}/api-token", UriKind.Relative), null, Ct);
        var token = (string)JsonNode.Parse(await issued.Content.ReadAsStringAsync(Ct))!["token"]!;

        await page.GotoAsync(baseUrl + "/");
        await page.FillAsync("#token", token);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Updates");
        await Expect(page.Locator("nav a:visible")).ToHaveTextAsync(["Updates", "My cohort", "My items"]);
        await page.GotoAsync(baseUrl + "/#/people");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/updates$"));

        await page.ClickAsync("text=Write an update");
        await Expect(page.Locator("main")).ToContainTextAsync("This update goes to the tutors of CityTutors.");
        await Expect(page.Locator("#urgent")).ToHaveCountAsync(0);
        await page.FillAsync("#title", "CityTutors: new coaching slots");
        await page.FillAsync("#body", "Book a slot with your coach this week.");
        await Expect(page.Locator("#reach")).ToHaveTextAsync("Reaches 1 person.");
        await ShootAsync("partner-lead-compose");
        await page.ClickAsync("text=Save draft");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/updates/[0-9a-f]+$"));
        await page.ClickAsync("text=Send now…");
        await page.ClickAsync("text=Yes, send to 1");
        await Expect(page.Locator("[data-tile=delivered] b")).ToHaveTextAsync("1", new LocatorAssertionsToHaveTextOptions { Timeout = 20_000 });
        Assert.Contains(await teams.PostedActivitiesAsync(), a => a.ToJsonString().Contains("new coaching slots", StringComparison.Ordinal));
        // Sent: its counts are from the send, so the offer to reach newcomers promises no number.
        await page.ClickAsync("text=Send to anyone not reached yet…");
        await Expect(page.Locator("main")).ToContainTextAsync("to anyone in its audience who has no copy yet?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
        Assert.DoesNotContain(both.Slack.CallsTo("chat.postMessage"), c => c.Body.Contains("coaching slots", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Updates_are_scheduled_and_surveys_written_from_scratch()
    {
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        await SignInAsync();

        await page.ClickAsync("nav >> text=Updates");
        await page.ClickAsync("text=Write an update");
        await page.FillAsync("#title", "Friday: bring your session logs");
        await page.FillAsync("#body", "Please bring this week's session logs.");
        await page.CheckAsync("fieldset[data-audience=roles] input[value=tutor]");
        await page.ClickAsync("text=Save draft");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/updates/[0-9a-f]+$"));
        var id = page.Url.Split("#/updates/")[1];
        var updates = teams.App.Get<Core.Updates.UpdateStore>();

        await page.FillAsync("#schedule-at", "2026-03-05T09:00");
        await page.ClickAsync("button:text-is('Schedule')");
        await Expect(page.Locator(".notice", new PageLocatorOptions { HasText = "Scheduled:" })).ToBeVisibleAsync();
        Assert.Equal(new DateTime(2026, 3, 5, 15, 0, 0, DateTimeKind.Utc), updates.Find(id)!.NextAt); // 09:00 in Chicago

        await page.SelectOptionAsync("#weekly-day", "Friday");
        await page.FillAsync("#weekly-time", "07:30");
        await page.ClickAsync("text=Send every week");
        await Expect(page.Locator(".notice", new PageLocatorOptions { HasText = "Every week; next:" })).ToBeVisibleAsync();
        Assert.Equal(new DateTime(2026, 3, 6, 13, 30, 0, DateTimeKind.Utc), updates.Find(id)!.NextAt);
        await ShootAsync("update-scheduled");
        await page.ClickAsync("text=Stop the schedule");
        await Expect(page.Locator(".notice", new PageLocatorOptions { HasText = "Every week" })).ToHaveCountAsync(0);
        Assert.Null(updates.Find(id)!.NextAt);
        await page.ClickAsync("nav >> text=Updates");
        await Expect(page.Locator("main")).ToContainTextAsync("Friday: bring your session logs");
        await ShootAsync("updates");

        // A survey of their own: a choice question with one choice is refused and nothing is saved; two choices save.
        await page.ClickAsync("nav >> text=Surveys");
        await page.ClickAsync("text=New survey from scratch");
        await page.FillAsync("#survey-title", "Mid-term check-in");
        await page.FillAsync("[aria-label='Question 1']", "Which day suits the training best?");
        await page.SelectOptionAsync("[aria-label='Question 1 type']", "SingleChoice");
        await page.FillAsync("[aria-label='Question 1 options']", "Monday");
        await page.ClickAsync("text=Add a question");
        await page.FillAsync("[aria-label='Question 2']", "How useful was the last training?");
        await page.SelectOptionAsync("[aria-label='Question 2 type']", "Scale5");
        await page.ClickAsync("text=Save survey");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("questions[0].options: 2 to 25");
        Assert.Empty(teams.App.Get<SurveyStore>().AllSurveys());
        await ShootAsync("survey-new");
        await page.FillAsync("[aria-label='Question 1 options']", "Monday\nWednesday afternoon");
        await page.ClickAsync("text=Save survey");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Mid-term check-in");
        var survey = Assert.Single(teams.App.Get<SurveyStore>().AllSurveys());
        Assert.Equal(["monday", "wednesday-afternoon"], survey.Questions[0].Options.Select(o => o.Value));
        await page.ClickAsync("nav >> text=Surveys");
        await Expect(page.Locator("main")).ToContainTextAsync("Mid-term check-in");
        await ShootAsync("surveys");
    }

    [Fact]
    public async Task Signed_in_with_the_admin_token_the_coordinator_sends_a_test_to_themselves_found_by_name()
    {
        await teams.ImportRosterAsync("Lena Park,lena@example.org,central team,,\nMaya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        var lena = teams.NewUser();
        teams.App.Get<PeopleDirectory>().Link(both.TeamsAddress(lena.UserId), "lena@example.org");
        var created = await teams.App.CreateAdminClient().PostAsync(new Uri("/api/admin/updates", UriKind.Relative), new StringContent(
            """{"title": "Week 12: sessions resume Monday", "body": "Thank you!", "audience": {"roles": ["tutor"]}}""", Encoding.UTF8, "application/json"), Ct);
        var id = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync(Ct))!["id"]!;
        await SignInAsync();

        await page.GotoAsync($"{baseUrl}/#/updates/{id}");
        await page.ClickAsync("button:text-is('Send a test')");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Find the person to send the test to first.");
        await page.FillAsync("#test-search", "lena");
        await Expect(page.Locator("#test-person option")).ToHaveTextAsync(["Lena Park (lena@example.org, Teams)"]);
        await page.ClickAsync("button:text-is('Send a test')");
        await Expect(page.Locator(".notice", new PageLocatorOptions { HasText = "On its way to Lena Park, marked [Test]." })).ToBeVisibleAsync();
        await ShootAsync("update-test-send");

        var posted = Assert.Single(await teams.PostedActivitiesAsync());
        Assert.Equal("[Test] Week 12: sessions resume Monday", (string?)posted["summary"]);
    }

    [Fact]
    public async Task A_long_list_of_updates_comes_fifty_at_a_time_newest_first_with_show_more()
    {
        var updates = teams.App.Get<Core.Updates.UpdateStore>();
        var at = teams.App.Time.GetUtcNow().UtcDateTime;
        for (var i = 1; i <= 55; i++)
            updates.Save(new Core.Updates.Update
            {
                Id = $"draft-{i:D2}", Title = $"Draft {i:D2}", Body = "Timesheets by Friday.", Audience = new Audience { Roles = [Roles.Tutor] },
                CreatedAt = at.AddMinutes(i),
            });
        await SignInAsync();

        await page.ClickAsync("nav >> text=Updates");
        await Expect(page.Locator("#updates tbody tr")).ToHaveCountAsync(50);
        await Expect(page.Locator("#updates tbody tr").First).ToContainTextAsync("Draft 55");
        await Expect(page.Locator("#updates-count")).ToHaveTextAsync("Showing 50 of 55.");
        await page.ClickAsync("text=Show more");

        await Expect(page.Locator("#updates tbody tr")).ToHaveCountAsync(55);
        await Expect(page.Locator("#updates tbody tr").Last).ToContainTextAsync("Draft 01");
        await Expect(page.Locator("#updates-more-slot button")).ToHaveCountAsync(0);
    }

    async Task SignInAsync()
    {
        await page.GotoAsync(baseUrl + "/");
        await page.FillAsync("#token", HitBotApp.AdminToken);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("This week");
    }

    async Task UploadRosterAsync(string lines)
    {
        await page.SetInputFilesAsync("#roster", new FilePayload
        {
            Name = "roster.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes("name,email,role,site,partner\n" + lines),
        });
        await page.ClickAsync("button:text-is('Import')");
    }

    /// <summary>Photographs the page at desktop and phone width; on the phone nothing may stick out sideways.</summary>
    async Task ShootAsync(string name)
    {
        var folder = Chromium.ScreenshotFolder();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.desktop.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{name}: the page is {overflow}px wider than a phone screen");
        // The menu's pages stay on the screen: none hidden past its edge in a strip scrolled sideways.
        var offScreen = await page.EvaluateAsync<string[]>("""
            [...document.querySelectorAll(".top nav a")].filter(a => a.offsetParent !== null)
              .filter(a => { const r = a.getBoundingClientRect(); return r.left < 0 || r.right > window.innerWidth; }).map(a => a.textContent)
            """);
        Assert.True(offScreen.Length == 0, $"{name}: menu entries past the edge of a phone screen: {string.Join(", ", offScreen)}");
        // A phone's browser zooms into a field whose text is under 16 px when it is tapped, and a tiny box is hard to hit.
        var cramped = await page.EvaluateAsync<string[]>("""
            [...document.querySelectorAll("input:not([type=checkbox]):not([type=radio]):not([type=hidden]), select, textarea")]
              .filter(e => e.offsetParent !== null)
              .filter(e => parseFloat(getComputedStyle(e).fontSize) < 16 || e.getBoundingClientRect().width < 80)
              .map(e => e.id || e.name || e.placeholder || e.tagName)
            """);
        Assert.True(cramped.Length == 0, $"{name}: fields too small to type in on a phone: {string.Join(", ", cramped)}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.phone.png"), FullPage = true });
        await page.SetViewportSizeAsync(1280, 900);
    }
}
