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
public sealed class DashboardWeekTests : TwoChannelsInBrowser
{
    [Fact]
    public async Task The_board_marks_as_overdue_exactly_what_the_overview_counts_as_overdue()
    {
        // The program's today is Monday 2 March 2026 in Chicago: one item was due last Friday, one is due on Wednesday.
        var items = await ItemIdsAsync();
        await PatchAsync($"/api/admin/action-items/{items[0]}", """{"dueDate": "2026-02-27"}""");
        await PatchAsync($"/api/admin/action-items/{items[1]}", """{"dueDate": "2026-03-04"}""");
        await SignInAsync();
        await Expect(Page.Locator("[data-tile='items overdue'] b")).ToHaveTextAsync("1");
        await Expect(Page.Locator("[data-tile='items due this week'] b")).ToHaveTextAsync("1");

        await Page.ClickAsync("nav >> text=Action plan");

        await Expect(Page.Locator(".item.overdue")).ToHaveCountAsync(1);
        await Expect(Page.Locator($".item[href='#/plan/{items[0]}']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("overdue"));
        await Expect(Page.Locator($".item[href='#/plan/{items[1]}'] .badge")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_overviews_numbers_open_the_page_that_lists_what_they_count()
    {
        await Teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        var maya = Teams.NewUser();
        Teams.App.Get<PeopleDirectory>().Link(Both.TeamsAddress(maya.UserId), "maya@example.org");
        (await Teams.PostAsync(maya.Text("feedback The new pacing guide is really clear"))).EnsureSuccessStatusCode();
        var items = await ItemIdsAsync();
        await PatchAsync($"/api/admin/action-items/{items[0]}", """{"dueDate": "2026-02-27"}""");
        await SignInAsync();

        await Expect(Page.Locator("[data-tile='new feedback'] b")).ToHaveTextAsync("1");
        await Page.ClickAsync("[data-tile='new feedback']");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/feedback/new$"));
        await Expect(Page.Locator("#feedback-count")).ToHaveTextAsync("Showing 1 of 1.");

        await Page.GoBackAsync();
        await Expect(Page.Locator("h1")).ToHaveTextAsync("This week");
        await Page.ClickAsync("[data-tile='items overdue']");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/plan$"));
        await Expect(Page.Locator(".item.overdue")).ToHaveCountAsync(1);
    }

    /// <summary>Also for a file whose lines end in a bare CR, as Excel for Mac's "CSV (Macintosh)" writes them: the box was empty.</summary>
    [Theory]
    [InlineData("\n")]
    [InlineData("\r")]
    public async Task A_bad_roster_line_is_shown_as_written_and_corrected_on_the_page_without_uploading_again(string lineEnd)
    {
        await SignInAsync();
        await Page.ClickAsync("nav >> text=People");

        await UploadRosterAsync(("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\nSam Ortiz,sam-at-example.org,tutor,Lincoln,CityTutors\n").Replace("\n", lineEnd, StringComparison.Ordinal), lineEnd);

        var bad = Page.Locator("[data-bad-line='3']");
        await Expect(bad).ToContainTextAsync("Line 3");
        await Expect(bad.Locator("input")).ToHaveValueAsync("Sam Ortiz,sam-at-example.org,tutor,Lincoln,CityTutors");
        Assert.Empty(Teams.App.Get<DirectoryStore>().All());
        await bad.Locator("input").FillAsync("Sam Ortiz,sam@example.org,tutor,Lincoln,CityTutors");
        await Page.ClickAsync("text=Import again with these corrections");
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Imported: 2 new");
        Assert.Equal(["maya@example.org", "sam@example.org"], Teams.App.Get<DirectoryStore>().All().Select(p => p.Email).Order());
        await Expect(Page.Locator("#people tbody tr")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task A_skipped_roster_line_is_corrected_on_the_page_and_the_lines_already_in_stay_as_they_are()
    {
        await SignInAsync();
        await Page.ClickAsync("nav >> text=People");
        await Page.CheckAsync("#skip");

        await UploadRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\nSam Ortiz,sam@example.org,tutr,Lincoln,CityTutors\n");
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Imported: 1 new, 0 updated, 0 unchanged, 1 line skipped");
        var bad = Page.Locator("[data-bad-line='3']");
        await bad.Locator("input").FillAsync("Sam Ortiz,sam@example.org,tutor,Lincoln,CityTutors");
        await Page.ClickAsync("text=Import again with these corrections");

        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Imported: 1 new, 0 updated, 1 unchanged.");
        Assert.Equal(2, Teams.App.Get<DirectoryStore>().All().Count);
    }

    [Fact]
    public async Task A_thank_you_goes_to_a_group_from_the_feedback_page_and_says_whom_it_did_not_reach()
    {
        await Teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\nSam Ortiz,sam@example.org,tutor,Lincoln,CityTutors\n");
        var maya = Teams.NewUser();
        Teams.App.Get<PeopleDirectory>().Link(Both.TeamsAddress(maya.UserId), "maya@example.org");
        await SignInAsync();
        await Page.ClickAsync("nav >> text=Feedback");

        await Page.FillAsync("#thanks-message", "Your students read **12% more** this term.");
        await Page.CheckAsync("#thanks fieldset[data-audience=roles] input[value=tutor]");
        await Page.ClickAsync("text=Send the thank-you");

        await Expect(Page.Locator("#thanks .notice")).ToHaveTextAsync("Sending to 1 person. Not reached: 1 not in Teams or Slack yet.");
        await Expect(Page.Locator("#thanks a[href='#/people']")).ToBeVisibleAsync();
        Assert.Contains(await Teams.PostedActivitiesAsync(), a => a.ToJsonString().Contains("12% more", StringComparison.Ordinal));
        await Expect(Page.Locator("#thanks-message")).ToHaveValueAsync("");
    }

    [Fact]
    public async Task A_runs_page_says_what_invited_and_at_risk_count()
    {
        await Teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        Teams.App.Get<PeopleDirectory>().Link(Both.TeamsAddress(Teams.NewUser().UserId), "maya@example.org");
        var runId = await Teams.LaunchRetentionPulseToTutorsAsync(anonymous: false);
        await SignInAsync();

        await Page.GotoAsync($"{BaseUrl}/#/runs/{runId}");

        await Expect(Page.Locator("#counts-meaning")).ToContainTextAsync("Invited: the people in the run's audience HitBot sent the survey to in Teams or Slack");
        await Expect(Page.Locator("#at-risk-meaning")).ToContainTextAsync("will not continue next term or are not sure, or rated how supported they feel 2 or lower");
    }

    /// <summary>Maya said she will not continue and has left the program since: her name is not a follow-up any more.</summary>
    [Fact]
    public async Task A_tutor_at_risk_who_has_left_the_program_since_is_marked_so_on_the_runs_page()
    {
        await Teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        var chat = Teams.NewUser();
        var maya = Teams.App.Get<PeopleDirectory>().Link(Both.TeamsAddress(chat.UserId), "maya@example.org")!;
        var runId = await Teams.LaunchRetentionPulseToTutorsAsync(anonymous: false);
        var answers = new JsonObject { ["intent"] = "no", ["satisfaction"] = "4", ["support"] = "4" };
        Assert.Equal(System.Net.HttpStatusCode.OK,
            (await Teams.PostAsync(chat.Execute(Core.Surveys.SurveyCards.AnswerVerb, new JsonObject { ["run"] = runId }, "card-1", answers))).StatusCode);
        var left = await Teams.App.CreateAdminClient().PatchAsJsonAsync($"/api/admin/people/{maya.Id}", new JsonObject { ["active"] = false }, Ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, left.StatusCode);
        await SignInAsync();

        await Page.GotoAsync($"{BaseUrl}/#/runs/{runId}");

        await Expect(Page.Locator("#at-risk td[data-label='Name']")).ToHaveTextAsync("Maya Lopez (left the program)");
    }

    [Fact]
    public async Task What_a_button_did_stays_on_the_page_it_draws_again()
    {
        await Teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\nSam Ortiz,sam@example.org,tutor,Lincoln,CityTutors\n");
        Teams.App.Get<PeopleDirectory>().Link(Both.TeamsAddress(Teams.NewUser().UserId), "maya@example.org");
        var created = await Teams.App.CreateAdminClient().PostAsync(new Uri("/api/admin/updates", UriKind.Relative), new StringContent(
            """{"title": "Week 1: welcome", "body": "Welcome!", "audience": {"roles": ["tutor"]}}""", Encoding.UTF8, "application/json"), Ct);
        var id = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync(Ct))!["id"]!;
        var items = await ItemIdsAsync();
        await SignInAsync();

        await Page.GotoAsync($"{BaseUrl}/#/updates/{id}");
        await Page.ClickAsync("text=Send now…");
        await Expect(Page.Locator(".question")).ToHaveTextAsync("Send “Week 1: welcome” to 1 person? Not reached: 1 not in Teams or Slack yet (the People page says why).");
        await Page.ClickAsync("text=Yes, send to 1");
        await Expect(Page.Locator("p.flash")).ToHaveTextAsync("Sending to 1 person. Not reached: 1 not in Teams or Slack yet (the People page says why).");

        await Page.GotoAsync($"{BaseUrl}/#/plan/{items[0]}");
        await Page.FillAsync("#due", "2026-03-20");
        await Page.ClickAsync("text=Save changes");
        await Expect(Page.Locator(".history")).ToContainTextAsync("Due date: none → 2026-03-20");
        await Expect(Page.Locator("p.flash")).ToHaveTextAsync("Saved.");

        // Moving to another page leaves what was said behind.
        await Page.ClickAsync("nav >> text=Action plan");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Action plan");
        await Expect(Page.Locator(".flash")).ToHaveCountAsync(0);
    }

    /// <summary>
    /// An update held back whole by the weekly limit (every copy waiting for the tutors' digests) had no "Cancel sending…":
    /// the button counted only what was queued or failed, so the coordinator could not stop it.
    /// </summary>
    [Fact]
    public async Task An_update_held_back_whole_by_the_weekly_limit_can_still_be_stopped()
    {
        await Teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        Teams.App.Get<PeopleDirectory>().Link(Both.TeamsAddress(Teams.NewUser().UserId), "maya@example.org");
        var admin = Teams.App.CreateAdminClient();
        string id = "";
        foreach (var week in new[] { "Week 1", "Week 2", "Week 3", "Week 4" })
        {
            var created = await admin.PostAsync(new Uri("/api/admin/updates", UriKind.Relative), new StringContent(
                $$$"""{"title": "{{{week}}}", "body": "Details inside.", "audience": {"roles": ["tutor"]}}""", Encoding.UTF8, "application/json"), Ct);
            id = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync(Ct))!["id"]!;
            (await admin.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();
        }
        await SignInAsync();

        await Page.GotoAsync($"{BaseUrl}/#/updates/{id}");
        await Expect(Page.Locator("text=held back (weekly limit; in a digest later)")).ToBeVisibleAsync();
        await Page.ClickAsync("text=Cancel sending…");
        await Expect(Page.Locator(".question")).ToHaveTextAsync("Stop the 1 not sent yet?");
        await Page.ClickAsync("text=Yes, stop sending");

        await Expect(Page.Locator("p.flash")).ToHaveTextAsync("Sending stopped.");
        var report = (await admin.GetFromJsonAsync<JsonObject>($"/api/admin/updates/{id}", Ct))!["report"]!;
        Assert.Equal((0, 1), ((int?)report["heldBack"], (int?)report["cancelled"]));
    }

    /// <summary>Emptying the due date was ignored: the page said "Saved." and the owner went on getting reminders.</summary>
    [Fact]
    public async Task Emptying_an_items_due_date_takes_it_off()
    {
        var items = await ItemIdsAsync();
        await PatchAsync($"/api/admin/action-items/{items[0]}", """{"dueDate": "2026-03-20"}""");
        await SignInAsync();

        await Page.GotoAsync($"{BaseUrl}/#/plan");
        await Expect(Page.Locator("a[href='/api/admin/action-items.csv']")).ToHaveTextAsync("Download the plan (CSV)");
        await Page.GotoAsync($"{BaseUrl}/#/plan/{items[0]}");
        await Expect(Page.Locator("#due")).ToHaveValueAsync("2026-03-20");
        await Page.FillAsync("#due", "");
        await Page.ClickAsync("text=Save changes");

        await Expect(Page.Locator(".history")).ToContainTextAsync("Due date: 2026-03-20 → none");
        await Expect(Page.Locator("#due")).ToHaveValueAsync("");
    }

    [Fact]
    public async Task An_items_page_shows_what_its_owner_got()
    {
        await Teams.ImportRosterAsync("Maya Lopez,maya@example.org,coach,Lincoln,\n");
        Teams.App.Get<PeopleDirectory>().Link(Both.TeamsAddress(Teams.NewUser().UserId), "maya@example.org");
        var items = await ItemIdsAsync();
        await SignInAsync();
        await Page.GotoAsync($"{BaseUrl}/#/plan/{items[0]}");
        await Page.FillAsync("#owner-search", "maya");
        await Expect(Page.Locator("#owner option")).ToHaveCountAsync(2);
        await Page.SelectOptionAsync("#owner", new SelectOptionValue { Label = "Maya Lopez (coach)" });
        await Page.FillAsync("#due", "2026-03-03");
        await Page.ClickAsync("text=Save changes");
        await Expect(Page.Locator("#item-messages")).ToContainTextAsync("Nothing yet. Maya Lopez gets reminders before the due date");

        // Monday 08:00 in Chicago: the day-before reminder goes at the start of Maya's working day.
        var progress = Teams.App.Get<ActionRemindersProgress>();
        for (var i = 0; i < 2; i++)
        {
            Teams.App.Time.Advance(TimeSpan.FromHours(1));
            var now = Teams.App.Time.GetUtcNow();
            await progress.WaitForAsync(() => progress.SettledAt >= now, TimeSpan.FromSeconds(60), Ct);
        }
        await Teams.DeliveredAsync();
        await Page.ReloadAsync();

        await Expect(Page.Locator("#item-messages [data-message=reminder]")).ToHaveCountAsync(1);
        await Expect(Page.Locator("#item-messages [data-message=reminder]")).ToContainTextAsync("Reminder to Maya Lopez");
        await Expect(Page.Locator("#item-messages [data-message=reminder]")).ToContainTextAsync(": sent");
    }

    [Fact]
    public async Task A_weekly_update_whose_next_day_is_in_a_break_says_that_week_is_skipped_and_when_the_next_goes()
    {
        await Teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        var admin = Teams.App.CreateAdminClient();
        (await admin.PostAsJsonAsync("/api/admin/calendar", new JsonObject
        {
            ["name"] = "Spring break", ["kind"] = "break", ["first"] = "2026-03-02", ["last"] = "2026-03-06",
        }, Ct)).EnsureSuccessStatusCode();
        var created = await admin.PostAsync(new Uri("/api/admin/updates", UriKind.Relative), new StringContent(
            """{"title": "Log your sessions", "body": "Every Wednesday.", "audience": {"roles": ["tutor"]}}""", Encoding.UTF8, "application/json"), Ct);
        var id = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync(Ct))!["id"]!;
        await SignInAsync();
        await Page.GotoAsync($"{BaseUrl}/#/updates/{id}");

        await Page.SelectOptionAsync("#weekly-day", "Wednesday");
        await Page.FillAsync("#weekly-time", "09:00");
        await Page.ClickAsync("text=Send every week");

        await Expect(Page.Locator("#next-held")).ToContainTextAsync("That day is in Spring break");
        await Expect(Page.Locator("#next-held")).ToContainTextAsync("so that week is skipped (it is not urgent); the first one after goes");
        var shown = await admin.GetFromJsonAsync<JsonObject>($"/api/admin/updates/{id}", Ct);
        // Wednesday 11 March, 09:00 in Chicago, after the clocks went forward on the 8th.
        Assert.Equal("2026-03-11T14:00:00Z", (string?)shown!["nextHeld"]!["goesAt"]);
        await Page.ClickAsync("nav >> text=Overview");
        await Expect(Page.Locator("main")).ToContainTextAsync("skipped (Spring break); next");
    }

    [Fact]
    public async Task A_weekly_updates_page_and_the_overview_say_its_delivered_count_adds_up_its_weeks_and_offer_its_spreadsheet()
    {
        await Teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        Teams.App.Get<PeopleDirectory>().Link(Both.TeamsAddress(Teams.NewUser().UserId), "maya@example.org");
        var admin = Teams.App.CreateAdminClient();
        var created = await admin.PostAsync(new Uri("/api/admin/updates", UriKind.Relative), new StringContent(
            """{"title": "Log your sessions", "body": "Every Monday.", "audience": {"roles": ["tutor"]}}""", Encoding.UTF8, "application/json"), Ct);
        var id = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync(Ct))!["id"]!;
        (await admin.PutAsync(new Uri($"/api/admin/updates/{id}/schedule", UriKind.Relative), new StringContent(
            """{"weekly": {"day": "Monday", "time": "08:00"}}""", Encoding.UTF8, "application/json"), Ct)).EnsureSuccessStatusCode();
        // Mondays 9 and 16 March: two copies to Maya, one person in the audience.
        var progress = Teams.App.Get<HitBot.Core.Updates.UpdateSchedulerProgress>();
        for (var day = 0; day < 14; day++)
        {
            Teams.App.Time.Advance(TimeSpan.FromDays(1));
            var now = Teams.App.Time.GetUtcNow();
            await progress.WaitForAsync(() => progress.SettledAt >= now, TimeSpan.FromSeconds(60), Ct);
        }
        await Teams.DeliveredAsync();
        await SignInAsync();

        await Expect(Page.Locator("td[data-label='Sent']")).ToHaveTextAsync("2 over 2 weeks");
        await Page.GotoAsync($"{BaseUrl}/#/updates/{id}");

        await Expect(Page.Locator("[data-tile='in the audience'] b")).ToHaveTextAsync("1");
        await Expect(Page.Locator("[data-tile='delivered'] b")).ToHaveTextAsync("2");
        await Expect(Page.Locator("#weeks-note")).ToContainTextAsync("2 weeks so far: delivered, waiting and not delivered add up every week's messages");
        await Expect(Page.Locator("#deliveries-csv")).ToHaveAttributeAsync("href", $"/api/admin/updates/{id}/deliveries.csv");
    }

    [Fact]
    public async Task An_updates_row_on_the_overview_adds_up_to_its_audience_with_those_it_was_not_sent_to()
    {
        await Teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\nSam Ortiz,sam@example.org,tutor,Lincoln,CityTutors\n"
            + "Ana Ruiz,ana@example.org,tutor,Grant,ReadCorps\n");
        var directory = Teams.App.Get<PeopleDirectory>();
        directory.Link(Both.TeamsAddress(Teams.NewUser().UserId), "maya@example.org");
        var sam = directory.Link(Both.TeamsAddress(Teams.NewUser().UserId), "sam@example.org")!;
        await PatchAsync($"/api/admin/people/{sam.Id}", """{"optedOut": true}""");
        var admin = Teams.App.CreateAdminClient();
        var created = await admin.PostAsync(new Uri("/api/admin/updates", UriKind.Relative), new StringContent(
            """{"title": "Week 1: welcome", "body": "Welcome!", "audience": {"roles": ["tutor"]}}""", Encoding.UTF8, "application/json"), Ct);
        var id = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync(Ct))!["id"]!;
        (await admin.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();
        await Teams.DeliveredAsync();

        await SignInAsync();

        // Three tutors: Maya got it, Sam opted out, Ana is in no chat yet.
        await Expect(Page.Locator("td[data-label='In audience']")).ToHaveTextAsync("3");
        await Expect(Page.Locator("td[data-label='Sent']")).ToHaveTextAsync("1");
        await Expect(Page.Locator("td[data-label='Not sent']")).ToHaveTextAsync("2");
        await Expect(Page.Locator("#not-sent")).ToContainTextAsync("opted out, not in Teams or Slack yet");
    }

    [Fact]
    public async Task An_open_run_nobody_could_be_sent_says_so_instead_of_a_response_rate_of_0_percent()
    {
        // Maya is on the roster but in no chat with HitBot: the run opens and invites nobody.
        await Teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        var runId = await Teams.LaunchRetentionPulseToTutorsAsync(anonymous: false);
        await SignInAsync();

        await Expect(Page.Locator("main")).ToContainTextAsync("Tutor retention pulse — nobody was sent it yet: no one in its audience can be reached in Teams or Slack");
        await Expect(Page.Locator("main")).Not.ToContainTextAsync("0 of 0 answered");
        await Page.GotoAsync($"{BaseUrl}/#/runs/{runId}");
        await Expect(Page.Locator("[data-tile='response rate'] b")).ToHaveTextAsync("—");
    }

    [Fact]
    public async Task A_run_launched_to_close_at_the_end_of_a_day_closes_at_the_end_of_the_programs_day()
    {
        await Teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        await SignInAsync();
        await Page.ClickAsync("nav >> text=Surveys");
        await Page.ClickAsync("text=New from the retention template");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Tutor retention pulse");

        await Page.CheckAsync("fieldset[data-audience=roles] input[value=tutor]");
        await Page.FillAsync("#closes", "2026-03-09");
        await Page.ClickAsync("button:text-is('Launch')");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/runs/"));

        // 23:59 on Monday 9 March in Chicago (daylight time since the 8th), whatever the browser's own zone.
        var run = Teams.App.Get<HitBot.Core.Surveys.SurveyStore>().FindRun(Page.Url.Split("#/runs/")[1])!;
        Assert.Equal(new DateTime(2026, 3, 10, 4, 59, 0, DateTimeKind.Utc), run.ClosesAt);

        // A new closing time typed on the run's page is in the program's time too: 17:00 in Chicago, 22:00 UTC.
        await Page.FillAsync("#closes-at", "2026-03-09T17:00");
        await Page.ClickAsync("text=Change the closing time");
        await Expect(Page.Locator("main")).ToContainTextAsync("The closing time is changed.");
        Assert.Equal(new DateTime(2026, 3, 9, 22, 0, 0, DateTimeKind.Utc), Teams.App.Get<HitBot.Core.Surveys.SurveyStore>().FindRun(run.Id)!.ClosesAt);
    }

    /// <summary>
    /// The retention pulse asks whether someone will keep tutoring: its launch form started with no role ticked, and a
    /// coordinator who picked only Lincoln asked its site champion too, who then counted among those who may not stay.
    /// </summary>
    [Fact]
    public async Task The_retention_pulses_launch_form_starts_with_tutors_ticked_and_a_survey_of_other_questions_with_no_role()
    {
        await Teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\nBen Okafor,ben@example.org,site champion,Lincoln,\n");
        var training = (await (await Teams.App.CreateAdminClient().PostAsJsonAsync("/api/admin/surveys", new JsonObject
        {
            ["title"] = "Training day",
            ["questions"] = new JsonArray(new JsonObject { ["id"] = "useful", ["text"] = "Was the training day useful?", ["type"] = "YesNoUnsure" }),
        }, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        await SignInAsync();
        await Page.ClickAsync("nav >> text=Surveys");
        await Page.ClickAsync("text=New from the retention template");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Tutor retention pulse");

        await Expect(Page.Locator("fieldset[data-audience=roles] input[value=tutor]")).ToBeCheckedAsync();
        await Expect(Page.Locator("fieldset[data-audience=roles] input[value=site-champion]")).Not.ToBeCheckedAsync();
        await Expect(Page.Locator("#tutors-by-default")).ToContainTextAsync("goes to tutors");
        await Page.CheckAsync("fieldset[data-audience=sites] input[value=Lincoln]");
        await Page.ClickAsync("button:text-is('Launch')");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/runs/"));
        var run = Teams.App.Get<HitBot.Core.Surveys.SurveyStore>().FindRun(Page.Url.Split("#/runs/")[1])!;
        Assert.Equal([Roles.Tutor], run.Audience.Roles);
        Assert.Equal(["Lincoln"], run.Audience.Sites);

        await Page.GotoAsync($"{BaseUrl}/#/surveys/{training["id"]}");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Training day");
        await Expect(Page.Locator("fieldset[data-audience=roles] input[value=tutor]")).Not.ToBeCheckedAsync();
        await Expect(Page.Locator("#tutors-by-default")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_people_page_says_why_someone_is_not_reached()
    {
        await Teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        var maya = Teams.App.Get<DirectoryStore>().FindByEmail("maya@example.org")!;
        Teams.App.Get<PeopleDirectory>().NoteReach(maya.Id, Core.Messaging.ChannelKind.Slack, ReachStates.NotInWorkspace,
            "No Slack account with this e-mail in the workspace.");
        await SignInAsync();

        await Page.ClickAsync("nav >> text=People");

        var reach = Page.Locator("tr[data-person='maya@example.org'] td[data-label=Reach]");
        await Expect(reach).ToContainTextAsync("Not in Slack");
        await Expect(reach).ToContainTextAsync("No Slack account with this e-mail in the workspace.");
    }

    [Fact]
    public async Task Deactivating_everyone_missing_from_a_tutors_only_file_names_the_staff_it_would_deactivate_and_the_coordinator_themselves()
    {
        await Teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\nCara Diaz,cara@example.org,site champion,Lincoln,\n" +
                                      "Lena Park,lena@example.org,central team,,\n");
        var lena = Teams.App.Get<DirectoryStore>().FindByEmail("lena@example.org")!;
        var issued = await Teams.App.CreateAdminClient().PostAsync(new Uri($"/api/admin/people/{lena.Id}/api-token", UriKind.Relative), null, Ct);
        var token = (string)(await issued.Content.ReadFromJsonAsync<JsonObject>(Ct))!["token"]!;
        // Lena, the coordinator, signs in with her own token and imports the district's export of tutors only.
        await Page.GotoAsync(BaseUrl + "/");
        await Page.FillAsync("#token", token);
        await Page.ClickAsync("button[type=submit]");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("This week");
        await Page.ClickAsync("nav >> text=People");
        await Page.CheckAsync("#deactivate-missing");

        await UploadRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");

        await Expect(Page.Locator("#staff-to-deactivate")).ToContainTextAsync("2 of them are program staff (site champion, central team)");
        await Expect(Page.Locator("#to-deactivate li", new() { HasText = "Cara Diaz" })).ToContainTextAsync("site champion");
        await Expect(Page.Locator("#to-deactivate li", new() { HasText = "Lena Park" })).ToContainTextAsync("central team (you)");
        Assert.DoesNotContain(Teams.App.Get<DirectoryStore>().All(), p => p.Inactive);
    }

    [Fact]
    public async Task A_re_import_that_leaves_a_site_champions_role_out_names_them_and_the_role_before_it_imports()
    {
        await Teams.ImportRosterAsync("Cara Diaz,cara@example.org,site champion;tutor,Lincoln,\nMaya Lopez,maya@example.org,tutor,Lincoln,\n");
        await SignInAsync();
        await Page.ClickAsync("nav >> text=People");

        // The district's export knows Cara, who tutors and is Lincoln's site champion, only as a tutor.
        await UploadRosterAsync("Cara Diaz,cara@example.org,tutor,Lincoln,\nMaya Lopez,maya@example.org,tutor,Lincoln,\n");

        await Expect(Page.Locator("#roles-removed li", new() { HasText = "Cara Diaz" })).ToContainTextAsync("loses site champion, keeps tutor");
        Assert.Contains(Roles.SiteChampion, Teams.App.Get<DirectoryStore>().FindByEmail("cara@example.org")!.Roles);
        await Page.ClickAsync("text=Import and take these roles away");
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("1 updated");
        Assert.Equal([Roles.Tutor], Teams.App.Get<DirectoryStore>().FindByEmail("cara@example.org")!.Roles);
    }

    /// <summary>
    /// The confirm button imports what the preview showed: a box ticked after it (deactivate everyone missing) would have
    /// deactivated people nobody was shown, under a button that named role changes only.
    /// </summary>
    [Fact]
    public async Task Ticking_deactivate_missing_after_a_preview_takes_the_preview_away_instead_of_deactivating_people_it_never_named()
    {
        await Teams.ImportRosterAsync("Cara Diaz,cara@example.org,site champion;tutor,Lincoln,\nMaya Lopez,maya@example.org,tutor,Lincoln,\nSam Ortiz,sam@example.org,tutor,Lincoln,\n");
        await SignInAsync();
        await Page.ClickAsync("nav >> text=People");
        await UploadRosterAsync("Cara Diaz,cara@example.org,tutor,Lincoln,\nMaya Lopez,maya@example.org,tutor,Lincoln,\n");
        await Expect(Page.Locator("#roles-removed li", new() { HasText = "Cara Diaz" })).ToBeVisibleAsync();

        await Page.CheckAsync("#deactivate-missing");

        await Expect(Page.Locator("button:text-is('Import and take these roles away')")).ToHaveCountAsync(0);
        await Expect(Page.Locator("#import-preview-gone")).ToContainTextAsync("press Import to see what the import does now");
        await Page.ClickAsync("button:text-is('Import')");
        await Expect(Page.Locator("#to-deactivate li", new() { HasText = "Sam Ortiz" })).ToBeVisibleAsync();
        Assert.DoesNotContain(Teams.App.Get<DirectoryStore>().All(), p => p.Inactive);
    }

    [Fact]
    public async Task Deactivating_thousands_missing_from_a_file_names_the_staff_and_a_few_tutors_and_counts_the_rest()
    {
        var roster = new StringBuilder("Cara Diaz,cara@example.org,site champion,Lincoln,\n");
        for (var i = 0; i < 2000; i++) roster.Append(FormattableString.Invariant($"Tutor {i:D4},t{i}@example.org,tutor,Lincoln,\n"));
        await Teams.ImportRosterAsync(roster.ToString());
        await SignInAsync();
        await Page.ClickAsync("nav >> text=People");
        await Page.CheckAsync("#deactivate-missing");

        await UploadRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,\n");

        await Expect(Page.Locator("#to-deactivate-more")).ToHaveTextAsync("… and 1980 more tutors, not named here.");
        await Expect(Page.Locator("#to-deactivate li")).ToHaveCountAsync(22);
        await Expect(Page.Locator("#to-deactivate li", new() { HasText = "Cara Diaz" })).ToContainTextAsync("site champion");
        Assert.DoesNotContain(Teams.App.Get<DirectoryStore>().All(), p => p.Inactive);
    }

    [Fact]
    public async Task The_board_and_the_items_page_say_its_owner_left_the_program_and_the_owner_picker_offers_only_people_still_in_it()
    {
        await Teams.ImportRosterAsync("Maya Lopez,maya@example.org,coach,Lincoln,\nOmar Haddad,omar@example.org,coach,Lincoln,\n");
        var directory = Teams.App.Get<DirectoryStore>();
        var (maya, omar) = (directory.FindByEmail("maya@example.org")!, directory.FindByEmail("omar@example.org")!);
        var items = await ItemIdsAsync();
        await PatchAsync($"/api/admin/action-items/{items[0]}", $$"""{"ownerId": "{{maya.Id}}"}""");
        // Maya leaves at the end of the year; Omar, also a coach, has left too.
        await PatchAsync($"/api/admin/people/{maya.Id}", """{"active": false}""");
        await PatchAsync($"/api/admin/people/{omar.Id}", """{"active": false}""");
        await SignInAsync();

        await Page.ClickAsync("nav >> text=Action plan");
        await Expect(Page.Locator($".item[href='#/plan/{items[0]}']")).ToContainTextAsync("Maya Lopez (left the program)");
        await Page.ClickAsync($".item[href='#/plan/{items[0]}']");
        await Expect(Page.Locator("#item-messages")).ToContainTextAsync("Maya Lopez has left the program and gets no reminders");
        await Page.FillAsync("#owner-search", "o");
        await Expect(Page.Locator("#owner option", new() { HasText = "current owner, left the program" })).ToHaveCountAsync(1);
        await Expect(Page.Locator("#owner option", new() { HasText = "Omar Haddad" })).ToHaveCountAsync(0);
    }

    async Task<List<string>> ItemIdsAsync()
    {
        var all = await Teams.App.CreateAdminClient().GetFromJsonAsync<JsonArray>("/api/admin/action-items", Ct);
        return [.. all!.Select(i => (string)i!["id"]!)];
    }

    async Task PatchAsync(string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri(path, UriKind.Relative)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        (await Teams.App.CreateAdminClient().SendAsync(request, Ct)).EnsureSuccessStatusCode();
    }

    async Task UploadRosterAsync(string lines, string lineEnd = "\n")
    {
        await Page.SetInputFilesAsync("#roster", new FilePayload
        {
            Name = "roster.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes("name,email,role,site,partner" + lineEnd + lines),
        });
        await Page.ClickAsync("button:text-is('Import')");
    }
}
