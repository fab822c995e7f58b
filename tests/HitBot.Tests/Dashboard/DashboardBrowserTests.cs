using System.Net.Http.Json;
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
public sealed class DashboardBrowserTests : TwoChannelsInBrowser
{
    static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_wrong_token_cannot_sign_in_and_the_right_one_opens_the_page_asked_for()
    {
        await Page.GotoAsync(BaseUrl + "/#/people");
        Assert.Equal("/login", new Uri(Page.Url).AbsolutePath);
        await Page.FillAsync("#token", "this-is-not-the-token");
        await Page.ClickAsync("button[type=submit]");
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("That token did not work");
        await ShootAsync("sign-in-refused");
        await Page.GotoAsync(BaseUrl + "/");
        Assert.Equal("/login", new Uri(Page.Url).AbsolutePath);

        // The right token then opens the page that was asked for in the first place.
        await Page.GotoAsync(BaseUrl + "/#/people");
        await Page.FillAsync("#token", HitBotApp.AdminToken);
        await Page.ClickAsync("button[type=submit]");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("People");
    }

    [Fact]
    public async Task The_sign_in_link_a_local_run_prints_signs_in_and_takes_the_token_out_of_the_address_bar()
    {
        await Page.GotoAsync($"{BaseUrl}/login#token={HitBotApp.AdminToken}");

        await Expect(Page.Locator("h1")).ToHaveTextAsync("This week");
        Assert.DoesNotContain(HitBotApp.AdminToken, Page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_the_servers_own_address_a_link_carrying_a_token_does_not_sign_in_with_it()
    {
        // Someone sends a link with their own token (login CSRF): opened, it would put the reader in that person's session,
        // past the sign-in form's CSRF check. Only a local run's link, on a loopback address, signs in by itself.
        var server = $"http://{Chromium.ServerHostName}:{new Uri(BaseUrl).Port}";
        await Page.GotoAsync($"{server}/login#token={HitBotApp.AdminToken}");
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.DoesNotContain(HitBotApp.AdminToken, Page.Url, StringComparison.Ordinal);
        Assert.Equal("", await Page.InputValueAsync("#token"));
        await Page.GotoAsync(server + "/");
        Assert.Equal("/login", new Uri(Page.Url).AbsolutePath);
    }

    [Fact]
    public async Task The_central_team_runs_the_week_from_the_dashboard()
    {
        // Sign in with the admin token.
        await Page.GotoAsync(BaseUrl + "/");
        await ShootAsync("sign-in");
        await Page.FillAsync("#token", HitBotApp.AdminToken);
        await Page.ClickAsync("button[type=submit]");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("This week");

        // People: a roster with a bad line is refused with its line number; the fixed one imports.
        await Page.ClickAsync("nav >> text=People");
        await UploadRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\nNo Email,,tutor,Lincoln,CityTutors\n");
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Line 3");
        Assert.Empty(Teams.App.Get<DirectoryStore>().All());
        await UploadRosterAsync(
            "Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n" +
            "Sam Ortiz,sam@example.org,tutor,Lincoln,CityTutors\n" +
            "Ana Ruiz,ana@example.org,tutor,Grant,ReadCorps\n" +
            "Ben Okafor,ben@example.org,site champion,Lincoln,\n" +
            "Lena Park,lena@example.org,central team,,\n");
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Imported: 5 new");

        // Maya chats on Teams, Sam on Slack; the people page shows who is linked where.
        var maya = Teams.NewUser();
        var directory = Teams.App.Get<PeopleDirectory>();
        var mayaPerson = directory.Link(Both.TeamsAddress(maya.UserId), "maya@example.org")!;
        directory.Link(TwoChannelApp.SlackAddress("U1SAM"), "sam@example.org");
        await Page.ReloadAsync();
        await Expect(Page.Locator("tr[data-person='maya@example.org'] td[data-label=Reach]")).ToHaveTextAsync("Teams");
        await Expect(Page.Locator("tr[data-person='sam@example.org'] td[data-label=Reach]")).ToHaveTextAsync("Slack");
        await ShootAsync("people");
        // Finding someone on a long roster: the search asks the server and shows only who matches.
        await Page.FillAsync("#people-search", "grant");
        await Expect(Page.Locator("#people tbody tr")).ToHaveCountAsync(1);
        await Expect(Page.Locator("#people-count")).ToHaveTextAsync("Showing 1 of 1.");
        await Expect(Page.Locator("tr[data-person='ana@example.org']")).ToBeVisibleAsync();
        await Page.FillAsync("#people-search", "");
        await Expect(Page.Locator("#people tbody tr")).ToHaveCountAsync(5);

        // Compose an update with a live preview of both cards and the number of people it reaches; send it.
        await Page.ClickAsync("nav >> text=Updates");
        await Page.ClickAsync("text=Write an update");
        await Page.FillAsync("#title", "Week 12: sessions resume Monday");
        await Page.FillAsync("#body", "Thank you for a **great** first term!\n\n- Sessions resume Monday");
        await Page.FillAsync("#image-url", "https://example.org/spring-schedule.png");
        await Page.FillAsync("#image-alt", "The spring session calendar");
        await Page.CheckAsync("fieldset[data-audience=roles] input[value=tutor]");
        await Expect(Page.Locator("#reach")).ToContainTextAsync("Reaches 2 people (left out: 0 opted out, 1 not in Teams or Slack yet)");
        await Expect(Page.Locator("#preview-teams")).ToContainTextAsync("Image: The spring session calendar");
        await Expect(Page.Locator("#preview-teams")).ToContainTextAsync("Week 12: sessions resume Monday");
        await Expect(Page.Locator("#preview-teams strong", new PageLocatorOptions { HasText = "great" })).ToBeVisibleAsync();
        await Expect(Page.Locator("#preview-slack")).ToContainTextAsync("Sessions resume Monday");
        await ShootAsync("update-compose");
        await Page.ClickAsync("text=Save draft");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/updates/[0-9a-f]+$"));
        await Page.ClickAsync("text=Send now…");
        await Page.ClickAsync("text=Yes, send to 2");
        // The page looks again by itself until nothing is waiting.
        await Expect(Page.Locator("[data-tile=delivered] b")).ToHaveTextAsync("2", new LocatorAssertionsToHaveTextOptions { Timeout = 20_000 });
        var posted = await Teams.PostedActivitiesAsync();
        Assert.Contains(posted, a => a.ToJsonString().Contains("Week 12: sessions resume Monday", StringComparison.Ordinal));
        // The picture written on the dashboard is on the card, described by the words given for it.
        Assert.Contains(posted, a => a.ToJsonString().Contains("\"altText\":\"The spring session calendar\"", StringComparison.Ordinal));
        await Both.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage" && c.Body.Contains("Week 12", StringComparison.Ordinal)), Ct);
        await ShootAsync("update-sent");

        // Launch the retention survey for tutors, Maya answers it in Teams, the result is on the chart.
        await Page.ClickAsync("nav >> text=Surveys");
        await Page.ClickAsync("text=New from the retention template");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Tutor retention pulse");
        await Page.CheckAsync("fieldset[data-audience=roles] input[value=tutor]");
        await Page.FillAsync("#closes", Teams.App.Time.GetUtcNow().AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await ShootAsync("survey");
        await Page.ClickAsync("button:text-is('Launch')");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/runs/"));
        var runId = Page.Url.Split("#/runs/")[1];
        var store = Teams.App.Get<SurveyStore>();
        await Teams.App.Get<SurveyRunnerProgress>().WaitForAsync(() => store.FindRun(runId)?.Status == RunStatus.Open, Guard, Ct);
        var answered = await Teams.PostAsync(maya.Execute(SurveyCards.AnswerVerb, new JsonObject { ["run"] = runId }, "card-1",
            new JsonObject { ["intent"] = "yes", ["satisfaction"] = "4", ["support"] = "5", ["interests"] = "more-hours" }));
        answered.EnsureSuccessStatusCode();
        await Page.ReloadAsync();
        await Expect(Page.Locator("[data-tile=answered] b")).ToHaveTextAsync("1");
        await Expect(Page.Locator("[data-question=intent] rect[data-label=Yes]")).ToHaveAttributeAsync("data-value", "1");
        await Expect(Page.Locator("rect[data-label='Lincoln Will continue']")).ToHaveAttributeAsync("data-value", "1");
        await Expect(Page.Locator("a[download]")).ToHaveAttributeAsync("href", $"/api/admin/survey-runs/{runId}/responses.csv");
        await ShootAsync("survey-results");

        // The action plan: give the first item an owner, a date and a status; its history says so.
        await Page.ClickAsync("nav >> text=Action plan");
        await Expect(Page.Locator("[data-phase=installation] [data-status=not-started] .item").First).ToBeVisibleAsync();
        await ShootAsync("action-plan");
        await Page.Locator("[data-phase=installation] [data-status=not-started] .item").First.ClickAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/plan/"));
        var itemId = Page.Url.Split("#/plan/")[1];
        // The owner is found on the server as the name is typed: the page never holds a large roster.
        await Page.FillAsync("#owner-search", "maya");
        await Expect(Page.Locator("#owner option")).ToHaveCountAsync(2);
        await Page.SelectOptionAsync("#owner", mayaPerson.Id);
        await Page.FillAsync("#due", "2026-03-20");
        await Page.SelectOptionAsync("#status", "in-progress");
        await Page.ClickAsync("text=Save changes");
        await Expect(Page.Locator(".history")).ToContainTextAsync("Owner: nobody → Maya Lopez");
        await Expect(Page.Locator(".history")).ToContainTextAsync("Due date: none → 2026-03-20");
        await ShootAsync("action-item");
        var item = Teams.App.Get<ActionPlanStore>().Find(itemId)!;
        Assert.Equal((mayaPerson.Id, ItemStatus.InProgress, new DateOnly(2026, 3, 20)), (item.OwnerId, item.Status, item.DueDate));

        // Feedback from chat: named and anonymous; the reply goes back to Maya's Teams chat; then it is handled.
        (await Teams.PostAsync(maya.Text("feedback The new pacing guide is really clear"))).EnsureSuccessStatusCode();
        (await Teams.PostAsync(maya.Text("feedback anonymously Sessions run too long on Fridays"))).EnsureSuccessStatusCode();
        await Page.ClickAsync("nav >> text=Feedback");
        var named = Page.Locator("[data-feedback]", new PageLocatorOptions { HasText = "pacing guide" });
        var anonymous = Page.Locator("[data-feedback]", new PageLocatorOptions { HasText = "too long on Fridays" });
        await Expect(named).ToContainTextAsync("Maya Lopez");
        await Expect(anonymous).ToContainTextAsync("Anonymous");
        await Expect(anonymous).Not.ToContainTextAsync("Maya");
        await ShootAsync("feedback");
        // The open tab downloads as a spreadsheet, with the dashboard's own sign-in.
        var download = await Page.RunAndWaitForDownloadAsync(() => Page.ClickAsync("text=Download this tab (CSV)"));
        var downloaded = await File.ReadAllTextAsync((await download.PathAsync())!, Ct);
        Assert.Contains("The new pacing guide is really clear", downloaded, StringComparison.Ordinal);
        Assert.Contains("Sessions run too long on Fridays", downloaded, StringComparison.Ordinal);
        // Searching asks the server; Maya's name never finds what she sent anonymously.
        await Page.FillAsync("#feedback-search", "maya");
        await Expect(Page.Locator("[data-feedback]")).ToHaveCountAsync(1);
        await Expect(Page.Locator("#feedback-count")).ToHaveTextAsync("Showing 1 of 1.");
        await Expect(named).ToBeVisibleAsync();
        await Page.FillAsync("#feedback-search", "");
        await Expect(Page.Locator("[data-feedback]")).ToHaveCountAsync(2);
        await named.Locator("textarea").FillAsync("Thanks Maya, glad it helps!");
        await named.Locator("text=Send reply").ClickAsync();
        await Expect(Page.Locator("[data-feedback]", new PageLocatorOptions { HasText = "pacing guide" })).ToContainTextAsync("Reply: Thanks Maya");
        var calls = await Teams.DeliveredAsync();
        Assert.Contains(calls, c => c.Path.Contains(FakeBotConnector.ConversationFor(maya.UserId), StringComparison.Ordinal)
                                    && c.Body?.ToJsonString().Contains("Thanks Maya, glad it helps!", StringComparison.Ordinal) == true);
        await Page.Locator("[data-feedback]", new PageLocatorOptions { HasText = "pacing guide" }).Locator("text=Mark handled").ClickAsync();
        await Expect(Page.Locator("[data-feedback]", new PageLocatorOptions { HasText = "pacing guide" })).ToHaveCountAsync(0);

        // The overview sums it up.
        await Page.ClickAsync("nav >> text=Overview");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("This week");
        await Expect(Page.Locator("main")).ToContainTextAsync("Week 12: sessions resume Monday");
        await Expect(Page.Locator("main")).ToContainTextAsync("1 of 2 answered (50%)");
        await Expect(Page.Locator("[data-tile='new feedback'] b")).ToHaveTextAsync("1");
        await ShootAsync("overview");

        // Nothing was fetched from anywhere but HitBot itself.
        Assert.All(Browser.Requested(), url => Assert.StartsWith(BaseUrl, url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_partner_lead_signs_in_with_their_own_token_and_writes_to_their_tutors_only()
    {
        await Teams.ImportRosterAsync(
            "Pia Chen,pia@example.org,partner lead,,CityTutors\n" +
            "Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n" +
            "Ana Ruiz,ana@example.org,tutor,Grant,ReadCorps\n");
        var directory = Teams.App.Get<PeopleDirectory>();
        var pia = directory.Link(Both.TeamsAddress(Teams.NewUser().UserId), "pia@example.org")!;
        directory.Link(Both.TeamsAddress(Teams.NewUser().UserId), "maya@example.org");
        directory.Link(TwoChannelApp.SlackAddress("U1ANA"), "ana@example.org");
        var issued = await Teams.App.CreateAdminClient().PostAsync(new Uri($"/api/admin/people/{pia.Id}/api-token", UriKind.Relative), null, Ct);
        var token = (string)JsonNode.Parse(await issued.Content.ReadAsStringAsync(Ct))!["token"]!;

        await Page.GotoAsync(BaseUrl + "/");
        await Page.FillAsync("#token", token);
        await Page.ClickAsync("button[type=submit]");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Updates");
        await Expect(Page.Locator("nav a:visible")).ToHaveTextAsync(["Updates", "My cohort", "My items"]);
        await Page.GotoAsync(BaseUrl + "/#/people");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/updates$"));

        await Page.ClickAsync("text=Write an update");
        await Expect(Page.Locator("main")).ToContainTextAsync("This update goes to the tutors of CityTutors.");
        await Expect(Page.Locator("#urgent")).ToHaveCountAsync(0);
        await Page.FillAsync("#title", "CityTutors: new coaching slots");
        await Page.FillAsync("#body", "Book a slot with your coach this week.");
        await Expect(Page.Locator("#reach")).ToHaveTextAsync("Reaches 1 person.");
        await ShootAsync("partner-lead-compose");
        await Page.ClickAsync("text=Save draft");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/updates/[0-9a-f]+$"));
        await Page.ClickAsync("text=Send now…");
        await Page.ClickAsync("text=Yes, send to 1");
        await Expect(Page.Locator("[data-tile=delivered] b")).ToHaveTextAsync("1", new LocatorAssertionsToHaveTextOptions { Timeout = 20_000 });
        Assert.Contains(await Teams.PostedActivitiesAsync(), a => a.ToJsonString().Contains("new coaching slots", StringComparison.Ordinal));
        // Sent: its counts are from the send, so the offer to reach newcomers promises no number.
        await Page.ClickAsync("text=Send to anyone not reached yet…");
        await Expect(Page.Locator("main")).ToContainTextAsync("to anyone in its audience who has no copy yet?");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
        Assert.DoesNotContain(Both.Slack.CallsTo("chat.postMessage"), c => c.Body.Contains("coaching slots", StringComparison.Ordinal));
    }

    /// <summary>A tutor named a student in feedback: the central team removes the words from the Feedback page, after a question.</summary>
    [Fact]
    public async Task Remove_the_words_on_the_feedback_page_asks_first_then_shows_the_item_without_them_and_why()
    {
        await Teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        var maya = Teams.NewUser();
        Teams.App.Get<PeopleDirectory>().Link(Both.TeamsAddress(maya.UserId), "maya@example.org");
        (await Teams.PostAsync(maya.Text("feedback Jayden in 3rd period keeps leaving early"))).EnsureSuccessStatusCode();
        await SignInAsync();

        await Page.ClickAsync("nav >> text=Feedback");
        var item = Page.Locator("[data-feedback]").First;
        await Expect(item).ToContainTextAsync("Jayden in 3rd period");
        await item.GetByLabel("Why the words of #1 are removed (optional)").FillAsync("Named a student");
        await item.GetByRole(AriaRole.Button, new() { Name = "Remove the words of #1" }).ClickAsync();
        // Nothing goes before the question is answered.
        await Expect(item).ToContainTextAsync("This cannot be undone");
        Assert.Contains("Jayden", Assert.Single(Teams.App.Get<Core.Feedback.FeedbackStore>().NewestFirst(Core.Feedback.FeedbackStore.InInbox)).Text, StringComparison.Ordinal);
        await item.GetByRole(AriaRole.Button, new() { Name = "Yes, remove them" }).ClickAsync();

        item = Page.Locator("[data-feedback]").First;
        await Expect(item).ToContainTextAsync("(words removed by the central team on");
        await Expect(item).ToContainTextAsync("Removed by the central team on");
        await Expect(item).ToContainTextAsync(": Named a student");
        await Expect(item).Not.ToContainTextAsync("Jayden");
        await Expect(item.GetByRole(AriaRole.Button, new() { Name = "Remove the words of #1" })).ToHaveCountAsync(0);
        Assert.DoesNotContain("Jayden", Assert.Single(Teams.App.Get<Core.Feedback.FeedbackStore>().NewestFirst(Core.Feedback.FeedbackStore.InInbox)).Text, StringComparison.Ordinal);
    }

    /// <summary>A tutor named a student in a survey answer: the central team removes the words from the run's page, after a question.</summary>
    [Fact]
    public async Task Remove_the_words_on_a_survey_run_page_asks_first_then_says_how_many_answers_lost_them()
    {
        await Teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        var maya = Teams.NewUser();
        Teams.App.Get<PeopleDirectory>().Link(Both.TeamsAddress(maya.UserId), "maya@example.org");
        var admin = Teams.App.CreateAdminClient();
        var created = await admin.PostAsJsonAsync("/api/admin/surveys", new JsonObject { ["template"] = "retention-pulse" }, Ct);
        var surveyId = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var launched = await admin.PostAsJsonAsync($"/api/admin/surveys/{surveyId}/runs", new JsonObject
        {
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") }, ["closesAt"] = Teams.App.Time.GetUtcNow().AddDays(7).ToString("O"),
        }, Ct);
        var runId = (string)(await launched.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var store = Teams.App.Get<SurveyStore>();
        await Teams.App.Get<SurveyRunnerProgress>().WaitForAsync(() => store.FindRun(runId)?.Status == RunStatus.Open, Guard, Ct);
        (await Teams.PostAsync(maya.Execute(SurveyCards.AnswerVerb, new JsonObject { ["run"] = runId }, "card-1", new JsonObject
        {
            ["intent"] = "yes", ["satisfaction"] = "4", ["support"] = "5", ["interests"] = "more-hours", ["help-stay"] = "Jayden in 3rd period keeps leaving early",
        }))).EnsureSuccessStatusCode();
        await SignInAsync();

        await Page.GotoAsync(BaseUrl + $"/#/runs/{runId}");
        var panel = Page.Locator("[data-question=help-stay]");
        await panel.GetByLabel("Remove a student's name or details from these answers").FillAsync("Jayden");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Remove words from the answers to What would help you stay?" }).ClickAsync();
        // Nothing goes before the question is answered.
        await Expect(panel).ToContainTextAsync("this cannot be undone");
        Assert.Contains("Jayden", store.ResponsesTo(runId).Single().Answers["help-stay"], StringComparison.Ordinal);
        await panel.GetByRole(AriaRole.Button, new() { Name = "Yes, remove them" }).ClickAsync();

        await Expect(Page.Locator("main")).ToContainTextAsync("The words were removed from 1 answer.");
        Assert.Equal("(words removed by the central team on 2026-03-02)", store.ResponsesTo(runId).Single().Answers["help-stay"]);
    }

    [Fact]
    public async Task Updates_are_scheduled_and_surveys_written_from_scratch()
    {
        await Teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        await SignInAsync();

        await Page.ClickAsync("nav >> text=Updates");
        await Page.ClickAsync("text=Write an update");
        await Page.FillAsync("#title", "Friday: bring your session logs");
        await Page.FillAsync("#body", "Please bring this week's session logs.");
        await Page.CheckAsync("fieldset[data-audience=roles] input[value=tutor]");
        await Page.ClickAsync("text=Save draft");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/updates/[0-9a-f]+$"));
        var id = Page.Url.Split("#/updates/")[1];
        var updates = Teams.App.Get<Core.Updates.UpdateStore>();

        await Page.FillAsync("#schedule-at", "2026-03-05T09:00");
        await Page.ClickAsync("button:text-is('Schedule')");
        await Expect(Page.Locator(".notice", new PageLocatorOptions { HasText = "Scheduled:" })).ToBeVisibleAsync();
        Assert.Equal(new DateTime(2026, 3, 5, 15, 0, 0, DateTimeKind.Utc), updates.Find(id)!.NextAt); // 09:00 in Chicago

        await Page.SelectOptionAsync("#weekly-day", "Friday");
        await Page.FillAsync("#weekly-time", "07:30");
        await Page.ClickAsync("text=Send every week");
        await Expect(Page.Locator(".notice", new PageLocatorOptions { HasText = "Every week; next:" })).ToBeVisibleAsync();
        Assert.Equal(new DateTime(2026, 3, 6, 13, 30, 0, DateTimeKind.Utc), updates.Find(id)!.NextAt);
        await ShootAsync("update-scheduled");
        await Page.ClickAsync("text=Stop the schedule");
        await Expect(Page.Locator(".notice", new PageLocatorOptions { HasText = "Every week" })).ToHaveCountAsync(0);
        Assert.Null(updates.Find(id)!.NextAt);
        await Page.ClickAsync("nav >> text=Updates");
        await Expect(Page.Locator("main")).ToContainTextAsync("Friday: bring your session logs");
        await ShootAsync("updates");

        // A survey of their own: a choice question with one choice is refused and nothing is saved; two choices save.
        await Page.ClickAsync("nav >> text=Surveys");
        await Page.ClickAsync("text=New survey from scratch");
        await Page.FillAsync("#survey-title", "Mid-term check-in");
        await Page.FillAsync("[aria-label='Question 1']", "Which day suits the training best?");
        await Page.SelectOptionAsync("[aria-label='Question 1 type']", "SingleChoice");
        await Page.FillAsync("[aria-label='Question 1 options']", "Monday");
        await Page.ClickAsync("text=Add a question");
        await Page.FillAsync("[aria-label='Question 2']", "How useful was the last training?");
        await Page.SelectOptionAsync("[aria-label='Question 2 type']", "Scale5");
        await Page.ClickAsync("text=Save survey");
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("questions[0].options: 2 to 25");
        Assert.Empty(Teams.App.Get<SurveyStore>().AllSurveys());
        await ShootAsync("survey-new");
        await Page.FillAsync("[aria-label='Question 1 options']", "Monday\nWednesday afternoon");
        await Page.ClickAsync("text=Save survey");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Mid-term check-in");
        var survey = Assert.Single(Teams.App.Get<SurveyStore>().AllSurveys());
        Assert.Equal(["monday", "wednesday-afternoon"], survey.Questions[0].Options.Select(o => o.Value));
        await Page.ClickAsync("nav >> text=Surveys");
        await Expect(Page.Locator("main")).ToContainTextAsync("Mid-term check-in");
        await ShootAsync("surveys");
    }

    [Fact]
    public async Task Signed_in_with_the_admin_token_the_coordinator_sends_a_test_to_themselves_found_by_name()
    {
        await Teams.ImportRosterAsync("Lena Park,lena@example.org,central team,,\nMaya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        var lena = Teams.NewUser();
        Teams.App.Get<PeopleDirectory>().Link(Both.TeamsAddress(lena.UserId), "lena@example.org");
        var created = await Teams.App.CreateAdminClient().PostAsync(new Uri("/api/admin/updates", UriKind.Relative), new StringContent(
            """{"title": "Week 12: sessions resume Monday", "body": "Thank you!", "audience": {"roles": ["tutor"]}}""", Encoding.UTF8, "application/json"), Ct);
        var id = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync(Ct))!["id"]!;
        await SignInAsync();

        await Page.GotoAsync($"{BaseUrl}/#/updates/{id}");
        await Page.ClickAsync("button:text-is('Send a test')");
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Find the person to send the test to first.");
        await Page.FillAsync("#test-search", "lena");
        await Expect(Page.Locator("#test-person option")).ToHaveTextAsync(["Lena Park (lena@example.org, Teams)"]);
        await Page.ClickAsync("button:text-is('Send a test')");
        await Expect(Page.Locator(".notice", new PageLocatorOptions { HasText = "On its way to Lena Park, marked [Test]." })).ToBeVisibleAsync();
        await ShootAsync("update-test-send");

        var posted = Assert.Single(await Teams.PostedActivitiesAsync());
        Assert.Equal("[Test] Update: Week 12: sessions resume Monday", (string?)posted["summary"]);
    }

    [Fact]
    public async Task A_long_list_of_updates_comes_fifty_at_a_time_newest_first_with_show_more()
    {
        var updates = Teams.App.Get<Core.Updates.UpdateStore>();
        var at = Teams.App.Time.GetUtcNow().UtcDateTime;
        for (var i = 1; i <= 55; i++)
            updates.Save(new Core.Updates.Update
            {
                Id = $"draft-{i:D2}", Title = $"Draft {i:D2}", Body = "Timesheets by Friday.", Audience = new Audience { Roles = [Roles.Tutor] },
                CreatedAt = at.AddMinutes(i),
            });
        await SignInAsync();

        await Page.ClickAsync("nav >> text=Updates");
        await Expect(Page.Locator("#updates tbody tr")).ToHaveCountAsync(50);
        await Expect(Page.Locator("#updates tbody tr").First).ToContainTextAsync("Draft 55");
        await Expect(Page.Locator("#updates-count")).ToHaveTextAsync("Showing 50 of 55.");
        await Page.ClickAsync("text=Show more");

        await Expect(Page.Locator("#updates tbody tr")).ToHaveCountAsync(55);
        await Expect(Page.Locator("#updates tbody tr").Last).ToContainTextAsync("Draft 01");
        await Expect(Page.Locator("#updates-more-slot button")).ToHaveCountAsync(0);
    }

    /// <summary>A tutor who joins while the coordinator reads the first page moves nobody onto the next page twice.</summary>
    [Fact]
    public async Task Show_more_on_the_people_page_goes_on_where_the_page_ended_when_someone_joined_meanwhile()
    {
        var roster = new StringBuilder("name,email,role\n");
        for (var i = 0; i < 150; i++) roster.Append(FormattableString.Invariant($"Tutor {i:D3},tutor{i}@example.org,tutor\n"));
        var import = Teams.App.Get<RosterImport>();
        import.Import(new StringReader(roster.ToString()), skipInvalid: false);
        var everyone = Teams.App.Get<DirectoryStore>().Count();
        await SignInAsync();
        await Page.ClickAsync("nav >> text=People");
        await Expect(Page.Locator("#people tbody tr")).ToHaveCountAsync(100);
        import.Import(new StringReader("name,email,role\nAaron Able,aaron@example.org,tutor\n"), skipInvalid: false);

        await Page.ClickAsync("#people-more-slot button");

        await Expect(Page.Locator("#people-more-slot button")).ToHaveCountAsync(0);
        var shown = await Page.Locator("#people tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.person)");
        Assert.Equal(everyone, shown.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(everyone, shown.Length);
    }

    /// <summary>Feedback arriving while the coordinator reads the first 50 moves no item onto the next page twice.</summary>
    [Fact]
    public async Task Show_more_on_the_feedback_page_goes_on_below_the_last_item_shown_when_new_feedback_arrived()
    {
        var feedback = Teams.App.Get<Core.Feedback.FeedbackStore>();
        var at = Teams.App.Time.GetUtcNow().UtcDateTime;
        void Arrives(string id) => feedback.AddOnce(new Core.Feedback.FeedbackItem
        {
            Id = id, Text = $"Question {id}", Anonymous = true, Status = Core.Feedback.FeedbackStatus.New, CreatedAt = at,
        }, writtenBy: "someone");
        for (var i = 0; i < 60; i++) Arrives($"fb-{i:D2}");
        await SignInAsync();
        await Page.ClickAsync("nav >> text=Feedback");
        await Expect(Page.Locator("[data-feedback]")).ToHaveCountAsync(50);
        Arrives("fb-late");

        await Page.ClickAsync("#feedback-more-slot button");

        await Expect(Page.Locator("#feedback-more-slot button")).ToHaveCountAsync(0);
        var shown = await Page.Locator("[data-feedback]").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.feedback)");
        Assert.Equal(60, shown.Length);
        Assert.Equal(60, shown.Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>
    /// Slack refusing HitBot's token (revoked, or the app uninstalled) reaches nobody there: the first page says so, since
    /// when and who fixes it, where it said "Connected to Slack." (OverviewChatsTests has Teams' refusal through the API.)
    /// </summary>
    [Fact]
    public async Task The_overview_says_Slack_refuses_HitBot_and_who_fixes_it()
    {
        var (outbox, progress) = (Teams.App.Get<Core.Messaging.Outbox.OutboxStore>(), Teams.App.Get<Core.Messaging.Outbox.DispatcherProgress>());
        Both.Slack.FailNext("chat.postMessage", "token_revoked");
        outbox.TryEnqueue(Core.Messaging.Outbox.Delivery.Send("creds:slack", "creds", null, TwoChannelApp.SlackAddress("U1MAYA"),
            Core.Messaging.Message.Text("Hello"), Teams.App.Time.GetUtcNow()));
        // Not given up: it waits for a working token (SlackDeliveryTests), and the refusal is on record.
        await progress.WaitForAsync(() => outbox.Find("creds:slack")?.State == Core.Messaging.Outbox.DeliveryState.Failed, Guard, Ct);

        await SignInAsync();

        var chats = Page.Locator("#chats");
        await Expect(chats).ToContainTextAsync("Slack has refused HitBot's token since ");
        await Expect(chats).ToContainTextAsync("so updates, surveys and reminders reach nobody in Slack. Whoever runs HitBot sets a valid HitBot:Slack:BotToken");
        await Expect(chats).Not.ToContainTextAsync("Connected to Slack");
    }

    /// <summary>
    /// Slack installed without the users:read.email permission links nobody new: the first page says so and who fixes it,
    /// beside the chats that are connected.
    /// </summary>
    [Fact]
    public async Task The_overview_says_the_Slack_app_lacks_the_email_permission_and_who_fixes_it()
    {
        var progress = Teams.App.Get<HitBot.Slack.SlackRosterLinker>().Progress;
        await progress.WaitForAsync(() => progress.Passes >= 1, Guard, Ct);
        var passes = progress.Passes;
        Both.Slack.FailNext("users.lookupByEmail", "missing_scope");
        using var roster = new StringContent("name,email,role\nMaya Lopez,maya@example.org,tutor\n", System.Text.Encoding.UTF8, "text/csv");
        (await Teams.App.CreateAdminClient().PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), roster, Ct)).EnsureSuccessStatusCode();
        await progress.WaitForAsync(() => progress.Passes > passes, Guard, Ct);

        await SignInAsync();

        var chats = Page.Locator("#chats");
        await Expect(chats).ToContainTextAsync("HitBot's Slack app may not look people up by e-mail (it was installed without the users:read.email permission)");
        await Expect(chats).ToContainTextAsync("Whoever runs HitBot adds that scope");
        await Expect(chats).ToContainTextAsync("Connected to Slack.");
    }

    /// <summary>
    /// Tutors answering while the coordinator reads the first 100 who have not answered skip nobody on the next page, and
    /// Show more pressed from the keyboard leaves it on the first person it added, with how many are shown read out; one who
    /// has left the program since is marked so. The counts are those of the last page asked for: they said "150 of 150 have
    /// not answered" after ten had answered, and a coordinator chasing people went by them.
    /// </summary>
    [Fact]
    public async Task Show_more_under_who_has_not_answered_goes_on_where_the_page_ended_and_the_keyboard_reads_on_from_there()
    {
        var (surveys, directory, outbox) = (Teams.App.Get<SurveyStore>(), Teams.App.Get<DirectoryStore>(), Teams.App.Get<Core.Messaging.Outbox.OutboxStore>());
        var closesAt = Teams.App.Time.GetUtcNow().UtcDateTime.AddDays(3);
        var run = new SurveyRun
        {
            Id = "run-150", SurveyId = "pulse", Title = "Tutor retention pulse", Questions = RetentionPulse.Create("pulse", closesAt).Questions,
            Audience = new Audience { Roles = [Roles.Tutor] }, OpensAt = closesAt.AddDays(-7), ClosesAt = closesAt, Status = RunStatus.Open,
        };
        surveys.Save(run);
        for (var i = 0; i < 150; i++)
        {
            var id = FormattableString.Invariant($"p-{i:D3}");
            // One has left the program since the run asked them: still listed, marked so nobody chases them.
            directory.Save(new Person { Id = id, Name = FormattableString.Invariant($"Tutor {i:D3}"), Email = id + "@example.org", Roles = [Roles.Tutor], Site = "lincoln", Inactive = i == 120 });
            // Delivered as the run opened (before Tutor 120 left): a card still waiting would be dropped for someone who left.
            outbox.TryEnqueue(Core.Messaging.Outbox.Delivery.Send($"{run.Campaign}:{id}", run.Campaign, id,
                new Core.Messaging.ChannelAddress { Channel = Core.Messaging.ChannelKind.Teams, UserId = "29:" + id }, Core.Messaging.Message.Text("survey"), run.OpensAt)
                with { State = Core.Messaging.Outbox.DeliveryState.Sent, DueAt = Core.Messaging.Outbox.Delivery.NotDue, SentAt = run.OpensAt });
        }
        await SignInAsync();
        await Page.GotoAsync(BaseUrl + "/#/runs/run-150");
        await Page.ClickAsync("button:text-is('Who has not answered?')");
        var rows = Page.Locator("#non-responders tbody tr");
        await Expect(rows).ToHaveCountAsync(100);
        await Expect(Page.Locator("#non-responders")).ToContainTextAsync("Showing 100 of 150.");
        await Expect(Page.Locator("#said")).ToHaveTextAsync("150 of 150 invited have not answered (0 answered).");
        // Ten already shown answer meanwhile.
        for (var i = 0; i < 10; i++)
        {
            var id = FormattableString.Invariant($"p-{i:D3}");
            surveys.Save(new SurveyResponse
            {
                Id = SurveyStore.ResponseId(run.Id, id), RunId = run.Id, PersonId = id, Site = "lincoln",
                Answers = new() { [RetentionPulse.IntentQuestion] = "yes" }, SubmittedAt = run.OpensAt.AddDays(1),
            });
        }

        await Page.Locator("#non-responders button:text-is('Show more')").FocusAsync();
        await Page.Keyboard.PressAsync("Enter");

        await Expect(rows).ToHaveCountAsync(150);
        await Expect(Page.Locator("#non-responders button:text-is('Show more')")).ToHaveCountAsync(0);
        var names = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.cells[0].textContent)");
        Assert.Equal(Enumerable.Range(0, 150).Select(i => FormattableString.Invariant($"Tutor {i:D3}") + (i == 120 ? " (left the program)" : "")), names);
        await Expect(rows.Nth(100)).ToBeFocusedAsync();
        await Expect(Page.Locator("#said")).ToHaveTextAsync("Showing 150. 140 have still not answered: some listed here answered after the list opened.");
        await Expect(Page.Locator("#non-responders")).ToContainTextAsync("140 of 150 invited have not answered (10 answered).");
    }

    async Task UploadRosterAsync(string lines)
    {
        await Page.SetInputFilesAsync("#roster", new FilePayload
        {
            Name = "roster.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes("name,email,role,site,partner\n" + lines),
        });
        await Page.ClickAsync("button:text-is('Import')");
    }

    /// <summary>Photographs the page at desktop and phone width; on the phone nothing may stick out sideways.</summary>
    async Task ShootAsync(string name)
    {
        var folder = Chromium.ScreenshotFolder();
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.desktop.png"), FullPage = true });
        await Page.SetViewportSizeAsync(390, 844);
        var overflow = await Page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{name}: the page is {overflow}px wider than a phone screen");
        // The menu's pages stay on the screen: none hidden past its edge in a strip scrolled sideways.
        var offScreen = await Page.EvaluateAsync<string[]>("""
            [...document.querySelectorAll(".top nav a")].filter(a => a.offsetParent !== null)
              .filter(a => { const r = a.getBoundingClientRect(); return r.left < 0 || r.right > window.innerWidth; }).map(a => a.textContent)
            """);
        Assert.True(offScreen.Length == 0, $"{name}: menu entries past the edge of a phone screen: {string.Join(", ", offScreen)}");
        // A phone's browser zooms into a field whose text is under 16 px when it is tapped, and a tiny box is hard to hit.
        var cramped = await Page.EvaluateAsync<string[]>("""
            [...document.querySelectorAll("input:not([type=checkbox]):not([type=radio]):not([type=hidden]), select, textarea")]
              .filter(e => e.offsetParent !== null)
              .filter(e => parseFloat(getComputedStyle(e).fontSize) < 16 || e.getBoundingClientRect().width < 80)
              .map(e => e.id || e.name || e.placeholder || e.tagName)
            """);
        Assert.True(cramped.Length == 0, $"{name}: fields too small to type in on a phone: {string.Join(", ", cramped)}");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.phone.png"), FullPage = true });
        await Page.SetViewportSizeAsync(1280, 900);
    }
}
