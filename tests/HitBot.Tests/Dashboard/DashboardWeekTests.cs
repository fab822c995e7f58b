using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HitBot.Tests.Dashboard;

/// <summary>
/// A coordinator's first weeks on the dashboard, looking at the seams between pages: what a number on one page means on
/// the next, what a button says it did, and what a mistake in a file asks of them.
/// </summary>
public sealed class DashboardWeekTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

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
    public async Task The_board_marks_as_overdue_exactly_what_the_overview_counts_as_overdue()
    {
        // The program's today is Monday 2 March 2026 in Chicago: one item was due last Friday, one is due on Wednesday.
        var items = await ItemIdsAsync();
        await PatchAsync($"/api/admin/action-items/{items[0]}", """{"dueDate": "2026-02-27"}""");
        await PatchAsync($"/api/admin/action-items/{items[1]}", """{"dueDate": "2026-03-04"}""");
        await SignInAsync();
        await Expect(page.Locator("[data-tile='items overdue'] b")).ToHaveTextAsync("1");
        await Expect(page.Locator("[data-tile='items due this week'] b")).ToHaveTextAsync("1");

        await page.ClickAsync("nav >> text=Action plan");

        await Expect(page.Locator(".item.overdue")).ToHaveCountAsync(1);
        await Expect(page.Locator($".item[href='#/plan/{items[0]}']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("overdue"));
        await Expect(page.Locator($".item[href='#/plan/{items[1]}'] .badge")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_overviews_numbers_open_the_page_that_lists_what_they_count()
    {
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        var maya = teams.NewUser();
        teams.App.Get<PeopleDirectory>().Link(both.TeamsAddress(maya.UserId), "maya@example.org");
        (await teams.PostAsync(maya.Text("feedback The new pacing guide is really clear"))).EnsureSuccessStatusCode();
        var items = await ItemIdsAsync();
        await PatchAsync($"/api/admin/action-items/{items[0]}", """{"dueDate": "2026-02-27"}""");
        await SignInAsync();

        await Expect(page.Locator("[data-tile='new feedback'] b")).ToHaveTextAsync("1");
        await page.ClickAsync("[data-tile='new feedback']");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/feedback/new$"));
        await Expect(page.Locator("#feedback-count")).ToHaveTextAsync("Showing 1 of 1.");

        await page.GoBackAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("This week");
        await page.ClickAsync("[data-tile='items overdue']");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/plan$"));
        await Expect(page.Locator(".item.overdue")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_bad_roster_line_is_shown_as_written_and_corrected_on_the_page_without_uploading_again()
    {
        await SignInAsync();
        await page.ClickAsync("nav >> text=People");

        await UploadRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\nSam Ortiz,sam-at-example.org,tutor,Lincoln,CityTutors\n");

        var bad = page.Locator("[data-bad-line='3']");
        await Expect(bad).ToContainTextAsync("Line 3");
        await Expect(bad.Locator("input")).ToHaveValueAsync("Sam Ortiz,sam-at-example.org,tutor,Lincoln,CityTutors");
        Assert.Empty(teams.App.Get<DirectoryStore>().All());
        await bad.Locator("input").FillAsync("Sam Ortiz,sam@example.org,tutor,Lincoln,CityTutors");
        await page.ClickAsync("text=Import again with these corrections");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Imported: 2 new");
        Assert.Equal(["maya@example.org", "sam@example.org"], teams.App.Get<DirectoryStore>().All().Select(p => p.Email).Order());
        await Expect(page.Locator("#people tbody tr")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task A_skipped_roster_line_is_corrected_on_the_page_and_the_lines_already_in_stay_as_they_are()
    {
        await SignInAsync();
        await page.ClickAsync("nav >> text=People");
        await page.CheckAsync("#skip");

        await UploadRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\nSam Ortiz,sam@example.org,tutr,Lincoln,CityTutors\n");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Imported: 1 new, 0 updated, 0 unchanged, 1 line skipped");
        var bad = page.Locator("[data-bad-line='3']");
        await bad.Locator("input").FillAsync("Sam Ortiz,sam@example.org,tutor,Lincoln,CityTutors");
        await page.ClickAsync("text=Import again with these corrections");

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Imported: 1 new, 0 updated, 1 unchanged.");
        Assert.Equal(2, teams.App.Get<DirectoryStore>().All().Count);
    }

    [Fact]
    public async Task A_thank_you_goes_to_a_group_from_the_feedback_page_and_says_whom_it_did_not_reach()
    {
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\nSam Ortiz,sam@example.org,tutor,Lincoln,CityTutors\n");
        var maya = teams.NewUser();
        teams.App.Get<PeopleDirectory>().Link(both.TeamsAddress(maya.UserId), "maya@example.org");
        await SignInAsync();
        await page.ClickAsync("nav >> text=Feedback");

        await page.FillAsync("#thanks-message", "Your students read **12% more** this term.");
        await page.CheckAsync("#thanks fieldset[data-audience=roles] input[value=tutor]");
        await page.ClickAsync("text=Send the thank-you");

        await Expect(page.Locator("#thanks .notice")).ToHaveTextAsync("Sending to 1 person. Not reached: 1 not in Teams or Slack yet.");
        await Expect(page.Locator("#thanks a[href='#/people']")).ToBeVisibleAsync();
        Assert.Contains(await teams.PostedActivitiesAsync(), a => a.ToJsonString().Contains("12% more", StringComparison.Ordinal));
        await Expect(page.Locator("#thanks-message")).ToHaveValueAsync("");
    }

    [Fact]
    public async Task A_runs_page_says_what_invited_and_at_risk_count()
    {
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        teams.App.Get<PeopleDirectory>().Link(both.TeamsAddress(teams.NewUser().UserId), "maya@example.org");
        var runId = await teams.LaunchRetentionPulseToTutorsAsync(anonymous: false);
        await SignInAsync();

        await page.GotoAsync($"{baseUrl}/#/runs/{runId}");

        await Expect(page.Locator("#counts-meaning")).ToContainTextAsync("Invited: the people in the run's audience HitBot sent the survey to in Teams or Slack");
        await Expect(page.Locator("#at-risk-meaning")).ToContainTextAsync("will not continue next term or are not sure, or rated how supported they feel 2 or lower");
    }

    [Fact]
    public async Task What_a_button_did_stays_on_the_page_it_draws_again()
    {
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\nSam Ortiz,sam@example.org,tutor,Lincoln,CityTutors\n");
        teams.App.Get<PeopleDirectory>().Link(both.TeamsAddress(teams.NewUser().UserId), "maya@example.org");
        var created = await teams.App.CreateAdminClient().PostAsync(new Uri("/api/admin/updates", UriKind.Relative), new StringContent(
            """{"title": "Week 1: welcome", "body": "Welcome!", "audience": {"roles": ["tutor"]}}""", Encoding.UTF8, "application/json"), Ct);
        var id = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync(Ct))!["id"]!;
        var items = await ItemIdsAsync();
        await SignInAsync();

        await page.GotoAsync($"{baseUrl}/#/updates/{id}");
        await page.ClickAsync("text=Send now…");
        await Expect(page.Locator(".question")).ToHaveTextAsync("Send “Week 1: welcome” to 1 person? Not reached: 1 not in Teams or Slack yet (the People page says why).");
        await page.ClickAsync("text=Yes, send to 1");
        await Expect(page.Locator("p.flash")).ToHaveTextAsync("Sending to 1 person. Not reached: 1 not in Teams or Slack yet (the People page says why).");

        await page.GotoAsync($"{baseUrl}/#/plan/{items[0]}");
        await page.FillAsync("#due", "2026-03-20");
        await page.ClickAsync("text=Save changes");
        await Expect(page.Locator(".history")).ToContainTextAsync("Due date: none → 2026-03-20");
        await Expect(page.Locator("p.flash")).ToHaveTextAsync("Saved.");

        // Moving to another page leaves what was said behind.
        await page.ClickAsync("nav >> text=Action plan");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Action plan");
        await Expect(page.Locator(".flash")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_items_page_shows_what_its_owner_got()
    {
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,coach,Lincoln,\n");
        teams.App.Get<PeopleDirectory>().Link(both.TeamsAddress(teams.NewUser().UserId), "maya@example.org");
        var items = await ItemIdsAsync();
        await SignInAsync();
        await page.GotoAsync($"{baseUrl}/#/plan/{items[0]}");
        await page.FillAsync("#owner-search", "maya");
        await Expect(page.Locator("#owner option")).ToHaveCountAsync(2);
        await page.SelectOptionAsync("#owner", new SelectOptionValue { Label = "Maya Lopez (coach)" });
        await page.FillAsync("#due", "2026-03-03");
        await page.ClickAsync("text=Save changes");
        await Expect(page.Locator("#item-messages")).ToContainTextAsync("Nothing yet. Maya Lopez gets reminders before the due date");

        // Monday 08:00 in Chicago: the day-before reminder goes at the start of Maya's working day.
        var progress = teams.App.Get<ActionRemindersProgress>();
        for (var i = 0; i < 2; i++)
        {
            teams.App.Time.Advance(TimeSpan.FromHours(1));
            var now = teams.App.Time.GetUtcNow();
            await progress.WaitForAsync(() => progress.SettledAt >= now, TimeSpan.FromSeconds(60), Ct);
        }
        await teams.DeliveredAsync();
        await page.ReloadAsync();

        await Expect(page.Locator("#item-messages [data-message=reminder]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#item-messages [data-message=reminder]")).ToContainTextAsync("Reminder to Maya Lopez");
        await Expect(page.Locator("#item-messages [data-message=reminder]")).ToContainTextAsync(": sent");
    }

    [Fact]
    public async Task A_weekly_update_whose_next_day_is_in_a_break_says_that_week_is_skipped_and_when_the_next_goes()
    {
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        var admin = teams.App.CreateAdminClient();
        (await admin.PostAsJsonAsync("/api/admin/calendar", new JsonObject
        {
            ["name"] = "Spring break", ["kind"] = "break", ["first"] = "2026-03-02", ["last"] = "2026-03-06",
        }, Ct)).EnsureSuccessStatusCode();
        var created = await admin.PostAsync(new Uri("/api/admin/updates", UriKind.Relative), new StringContent(
            """{"title": "Log your sessions", "body": "Every Wednesday.", "audience": {"roles": ["tutor"]}}""", Encoding.UTF8, "application/json"), Ct);
        var id = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync(Ct))!["id"]!;
        await SignInAsync();
        await page.GotoAsync($"{baseUrl}/#/updates/{id}");

        await page.SelectOptionAsync("#weekly-day", "Wednesday");
        await page.FillAsync("#weekly-time", "09:00");
        await page.ClickAsync("text=Send every week");

        await Expect(page.Locator("#next-held")).ToContainTextAsync("That day is in Spring break");
        await Expect(page.Locator("#next-held")).ToContainTextAsync("so that week is skipped (it is not urgent); the first one after goes");
        var shown = await admin.GetFromJsonAsync<JsonObject>($"/api/admin/updates/{id}", Ct);
        // Wednesday 11 March, 09:00 in Chicago, after the clocks went forward on the 8th.
        Assert.Equal("2026-03-11T14:00:00Z", (string?)shown!["nextHeld"]!["goesAt"]);
        await page.ClickAsync("nav >> text=Overview");
        await Expect(page.Locator("main")).ToContainTextAsync("skipped (Spring break); next");
    }

    [Fact]
    public async Task A_run_launched_to_close_at_the_end_of_a_day_closes_at_the_end_of_the_programs_day()
    {
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        await SignInAsync();
        await page.ClickAsync("nav >> text=Surveys");
        await page.ClickAsync("text=New from the retention template");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Tutor retention pulse");

        await page.CheckAsync("fieldset[data-audience=roles] input[value=tutor]");
        await page.FillAsync("#closes", "2026-03-09");
        await page.ClickAsync("button:text-is('Launch')");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/runs/"));

        // 23:59 on Monday 9 March in Chicago (daylight time since the 8th), whatever the browser's own zone.
        var run = teams.App.Get<HitBot.Core.Surveys.SurveyStore>().FindRun(page.Url.Split("#/runs/")[1])!;
        Assert.Equal(new DateTime(2026, 3, 10, 4, 59, 0, DateTimeKind.Utc), run.ClosesAt);

        // A new closing time typed on the run's page is in the program's time too: 17:00 in Chicago, 22:00 UTC.
        await page.FillAsync("#closes-at", "2026-03-09T17:00");
        await page.ClickAsync("text=Change the closing time");
        await Expect(page.Locator("main")).ToContainTextAsync("The closing time is changed.");
        Assert.Equal(new DateTime(2026, 3, 9, 22, 0, 0, DateTimeKind.Utc), teams.App.Get<HitBot.Core.Surveys.SurveyStore>().FindRun(run.Id)!.ClosesAt);
    }

    [Fact]
    public async Task The_people_page_says_why_someone_is_not_reached()
    {
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        var maya = teams.App.Get<DirectoryStore>().FindByEmail("maya@example.org")!;
        teams.App.Get<PeopleDirectory>().NoteReach(maya.Id, Core.Messaging.ChannelKind.Slack, ReachStates.NotInWorkspace,
            "No Slack account with this e-mail in the workspace.");
        await SignInAsync();

        await page.ClickAsync("nav >> text=People");

        var reach = page.Locator("tr[data-person='maya@example.org'] td[data-label=Reach]");
        await Expect(reach).ToContainTextAsync("Not in Slack");
        await Expect(reach).ToContainTextAsync("No Slack account with this e-mail in the workspace.");
    }

    [Fact]
    public async Task Deactivating_everyone_missing_from_a_tutors_only_file_names_the_staff_it_would_deactivate_and_the_coordinator_themselves()
    {
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\nCara Diaz,cara@example.org,site champion,Lincoln,\n" +
                                      "Lena Park,lena@example.org,central team,,\n");
        var lena = teams.App.Get<DirectoryStore>().FindByEmail("lena@example.org")!;
        var issued = await teams.App.CreateAdminClient().PostAsync(new Uri($"/api/admin/people/{lena.Id}/api-token", UriKind.Relative), null, Ct);
        var token = (string)(await issued.Content.ReadFromJsonAsync<JsonObject>(Ct))!["token"]!;
        // Lena, the coordinator, signs in with her own token and imports the district's export of tutors only.
        await page.GotoAsync(baseUrl + "/");
        await page.FillAsync("#token", token);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("This week");
        await page.ClickAsync("nav >> text=People");
        await page.CheckAsync("#deactivate-missing");

        await UploadRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");

        await Expect(page.Locator("#staff-to-deactivate")).ToContainTextAsync("2 of them are program staff (site champion, central team)");
        await Expect(page.Locator("#to-deactivate li", new() { HasText = "Cara Diaz" })).ToContainTextAsync("site champion");
        await Expect(page.Locator("#to-deactivate li", new() { HasText = "Lena Park" })).ToContainTextAsync("central team (you)");
        Assert.DoesNotContain(teams.App.Get<DirectoryStore>().All(), p => p.Inactive);
    }

    [Fact]
    public async Task The_board_and_the_items_page_say_its_owner_left_the_program_and_the_owner_picker_offers_only_people_still_in_it()
    {
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,coach,Lincoln,\nOmar Haddad,omar@example.org,coach,Lincoln,\n");
        var directory = teams.App.Get<DirectoryStore>();
        var (maya, omar) = (directory.FindByEmail("maya@example.org")!, directory.FindByEmail("omar@example.org")!);
        var items = await ItemIdsAsync();
        await PatchAsync($"/api/admin/action-items/{items[0]}", $$"""{"ownerId": "{{maya.Id}}"}""");
        // Maya leaves at the end of the year; Omar, also a coach, has left too.
        await PatchAsync($"/api/admin/people/{maya.Id}", """{"active": false}""");
        await PatchAsync($"/api/admin/people/{omar.Id}", """{"active": false}""");
        await SignInAsync();

        await page.ClickAsync("nav >> text=Action plan");
        await Expect(page.Locator($".item[href='#/plan/{items[0]}']")).ToContainTextAsync("Maya Lopez (left the program)");
        await page.ClickAsync($".item[href='#/plan/{items[0]}']");
        await Expect(page.Locator("#item-messages")).ToContainTextAsync("Maya Lopez has left the program and gets no reminders");
        await page.FillAsync("#owner-search", "o");
        await Expect(page.Locator("#owner option", new() { HasText = "current owner, left the program" })).ToHaveCountAsync(1);
        await Expect(page.Locator("#owner option", new() { HasText = "Omar Haddad" })).ToHaveCountAsync(0);
    }

    async Task<List<string>> ItemIdsAsync()
    {
        var all = await teams.App.CreateAdminClient().GetFromJsonAsync<JsonArray>("/api/admin/action-items", Ct);
        return [.. all!.Select(i => (string)i!["id"]!)];
    }

    async Task PatchAsync(string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri(path, UriKind.Relative)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        (await teams.App.CreateAdminClient().SendAsync(request, Ct)).EnsureSuccessStatusCode();
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
}
