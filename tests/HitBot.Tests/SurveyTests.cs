using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using HitBot.Core.Surveys;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// Retention surveys answered in Teams (Action.Execute and Action.Submit) and Slack (modal), through the HTTP endpoints,
/// with the fake clock (America/Chicago; it starts on Monday 2 March 2026, 08:00 local).
/// </summary>
public sealed class SurveyTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly string[] NotAnswered = ["ana", "kim", "sam"];
    static readonly string[] Respondents = ["maya", "sam"];
    static readonly string[] RunFields = ["audience:", "closesAt:", "maxReminders:"];
    static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    TwoChannelApp both = null!;
    FakeSlackApi slack => both.Slack;
    TeamsTestApp teams => both.Teams;
    TeamsActivities maya = null!, kim = null!, ben = null!;
    readonly Dictionary<string, Person> people = [];

    public async ValueTask InitializeAsync()
    {
        both = await TwoChannelApp.StartAsync();
        await teams.ImportRosterAsync(
            "Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n" +
            "Sam Ortiz,sam@example.org,tutor,Lincoln,CityTutors\n" +
            "Ana Ruiz,ana@example.org,tutor,Grant,ReadCorps\n" +
            "Kim Lee,kim@example.org,tutor,Grant,ReadCorps\n" +
            "Ben Okafor,ben@example.org,site champion,Lincoln,\n" +
            "Lena Park,lena@example.org,central team,,");
        (maya, kim, ben) = (teams.NewUser(), teams.NewUser(), teams.NewUser());
        var directory = teams.App.Get<PeopleDirectory>();
        people["maya"] = directory.Link(both.TeamsAddress(maya.UserId), "maya@example.org")!;
        people["kim"] = directory.Link(both.TeamsAddress(kim.UserId), "kim@example.org")!;
        people["ben"] = directory.Link(both.TeamsAddress(ben.UserId), "ben@example.org")!;
        people["lena"] = directory.Link(both.TeamsAddress(teams.NewUser().UserId), "lena@example.org")!;
        people["sam"] = directory.Link(TwoChannelApp.SlackAddress("U1SAM"), "sam@example.org")!;
        people["ana"] = directory.Link(TwoChannelApp.SlackAddress("U1ANA"), "ana@example.org")!;
        var store = teams.App.Get<DirectoryStore>();
        store.Change(people["ana"].Id, p => p with { TimeZone = "America/Los_Angeles" });
    }

    public ValueTask DisposeAsync() => both.DisposeAsync();

    HttpClient Admin => teams.App.CreateAdminClient();

    async Task<string> LaunchAsync(bool anonymous = false, int closeInDays = 7, int reminderEveryDays = 3, int maxReminders = 2, int? repeatEveryWeeks = null)
    {
        var created = await Admin.PostAsJsonAsync("/api/admin/surveys", new JsonObject { ["template"] = "retention-pulse" }, Ct);
        var surveyId = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var request = new JsonObject
        {
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
            ["closesAt"] = teams.App.Time.GetUtcNow().AddDays(closeInDays).ToString("O"),
            ["anonymous"] = anonymous, ["reminderEveryDays"] = reminderEveryDays, ["maxReminders"] = maxReminders,
        };
        if (repeatEveryWeeks is { } weeks) request["repeatEveryWeeks"] = weeks;
        var launched = await Admin.PostAsJsonAsync($"/api/admin/surveys/{surveyId}/runs", request, Ct);
        Assert.Equal(HttpStatusCode.Created, launched.StatusCode);
        var runId = (string)(await launched.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var progress = teams.App.Get<SurveyRunnerProgress>();
        await progress.WaitForAsync(() => teams.App.Get<SurveyStore>().FindRun(runId)?.Status == RunStatus.Open, Guard, Ct);
        return runId;
    }

    async Task AdvanceHoursAsync(int hours)
    {
        var progress = teams.App.Get<SurveyRunnerProgress>();
        for (var i = 0; i < hours; i++)
        {
            teams.App.Time.Advance(TimeSpan.FromHours(1));
            var now = teams.App.Time.GetUtcNow();
            await progress.WaitForAsync(() => progress.SettledAt >= now, Guard, Ct);
        }
    }

    static JsonObject Answers(string intent = "yes", string satisfaction = "4", string support = "4", string? helpStay = null)
    {
        var answers = new JsonObject { ["intent"] = intent, ["satisfaction"] = satisfaction, ["support"] = support, ["interests"] = "more-hours,coaching" };
        if (helpStay is not null) answers["help-stay"] = helpStay;
        return answers;
    }

    Task<HttpResponseMessage> AnswerInTeamsAsync(TeamsActivities who, string runId, JsonObject answers) =>
        teams.PostAsync(who.Execute(SurveyCards.AnswerVerb, new JsonObject { ["run"] = runId }, "card-1", answers));

    /// <summary>Sam opens the survey from the Slack message ("Open to answer") and submits the modal.</summary>
    async Task<HttpResponseMessage> AnswerInSlackAsync(string user, string runId, Dictionary<string, string> radios, Dictionary<string, string>? texts = null)
    {
        await slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage" && c.Body.Contains(user, StringComparison.Ordinal)), Ct);
        var message = slack.CallsTo("chat.postMessage").First(c => c.Body.Contains(user, StringComparison.Ordinal)).Json;
        var open = message["blocks"]!.AsArray().Select(b => b?["accessory"]).Single(a => (string?)a?["text"]?["text"] == "Open to answer")!;
        var opened = slack.CallsTo("views.open").Count;
        await teams.Client.SendAsync(SlackRequests.Interaction(
            SlackRequests.ButtonClick(user, (string)open["action_id"]!, (string)open["value"]!, actionTs: Guid.NewGuid().ToString("N")), teams.App.Time.GetUtcNow()), Ct);
        var modal = slack.CallsTo("views.open")[opened].Json["view"]!;
        Assert.Contains(runId, (string)modal["private_metadata"]!, StringComparison.Ordinal);
        return await teams.Client.SendAsync(SlackRequests.Interaction(SlackRequests.ViewSubmission(user, (string)modal["callback_id"]!,
            (string)modal["private_metadata"]!, texts ?? [], radios: radios, viewId: "V" + Guid.NewGuid().ToString("N")[..8]), teams.App.Time.GetUtcNow()), Ct);
    }

    List<SurveyResponse> Responses(string runId) => teams.App.Get<SurveyStore>().ResponsesTo(runId);

    [Fact]
    public async Task Answers_from_Teams_and_Slack_are_stored_once_per_person_and_can_be_changed_until_the_run_closes()
    {
        var runId = await LaunchAsync();
        Assert.Equal(4, teams.App.Get<OutboxStore>().ForCampaign("survey:" + runId).Count);

        var first = await AnswerInTeamsAsync(maya, runId, Answers());
        var changed = await teams.PostAsync(maya.Submit(SurveyCards.AnswerVerb, new JsonObject { ["run"] = runId }, "card-1", Answers(satisfaction: "2")));
        var fromSlack = await AnswerInSlackAsync("U1SAM", runId, new() { ["intent"] = "unsure", ["satisfaction"] = "3", ["support"] = "2" });

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, changed.StatusCode, fromSlack.StatusCode));
        var thanks = await first.Content.ReadAsStringAsync(Ct);
        Assert.Contains("This is what we recorded", thanks, StringComparison.Ordinal);
        Assert.Contains("Change my answers", thanks, StringComparison.Ordinal);
        var responses = Responses(runId);
        Assert.Equal(2, responses.Count);
        var mayas = responses.Single(r => r.PersonId == people["maya"].Id);
        Assert.Equal("2", mayas.Answers["satisfaction"]);
        Assert.NotNull(mayas.ChangedAt);
        Assert.Equal("unsure", responses.Single(r => r.PersonId == people["sam"].Id).Answers["intent"]);

        await AdvanceHoursAsync(7 * 24 + 1);
        var late = await AnswerInTeamsAsync(maya, runId, Answers(intent: "no"));

        Assert.Contains("closed on", await late.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal("yes", Responses(runId).Single(r => r.PersonId == people["maya"].Id).Answers["intent"]);
    }

    /// <summary>
    /// On a phone a 1–5 scale is a bare column of numbers: the card says which end is which, or a tutor who reads 1 as
    /// the best mark lands on their site champion's at-risk list (support 2 or below).
    /// </summary>
    [Fact]
    public async Task The_survey_card_says_which_end_of_a_scale_is_the_lowest_and_which_the_highest()
    {
        await LaunchAsync();

        var card = (await teams.DeliveredAsync()).Single(c => c.Method == "POST" && c.Path.Contains(maya.ConversationId, StringComparison.Ordinal)).Body!;
        var support = card["attachments"]![0]!["content"]!["body"]!.AsArray().Single(e => (string?)e?["id"] == RetentionPulse.SupportQuestion)!;
        var titles = support["choices"]!.AsArray().Select(c => (string?)c?["title"]).ToList();
        Assert.Equal(["1 (lowest)", "2", "3", "4", "5 (highest)"], titles);
        Assert.Equal(["1", "2", "3", "4", "5"], support["choices"]!.AsArray().Select(c => (string?)c?["value"]));
    }

    /// <summary>
    /// A free-text answer says its limit before it is typed: Teams treats maxLength as a hint, so a long answer pasted on a
    /// phone was first refused after Send, with everything else the tutor had filled in.
    /// </summary>
    [Fact]
    public async Task A_free_text_question_asks_to_leave_students_out_and_says_how_long_the_answer_may_be()
    {
        await LaunchAsync();

        var card = (await teams.DeliveredAsync()).Single(c => c.Method == "POST" && c.Path.Contains(maya.ConversationId, StringComparison.Ordinal)).Body!;
        var helpStay = card["attachments"]![0]!["content"]!["body"]!.AsArray().Single(e => (string?)e?["id"] == "help-stay")!;
        Assert.Equal("Please leave out students' names and details. Up to 1,000 characters", (string?)helpStay["placeholder"]);
    }

    /// <summary>
    /// The closing time is read on a phone by tutors in other zones: each sees it in their own time zone when HitBot knows it
    /// (Ana, Slack, Los Angeles), else in the program's (Maya, Chicago), named either way. The run closes the day after the
    /// clocks change (8 March), so a fixed offset would be an hour off.
    /// </summary>
    [Fact]
    public async Task The_survey_says_when_it_closes_in_each_tutors_own_time_zone()
    {
        await LaunchAsync();

        await slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage" && c.Body.Contains("DU1ANA", StringComparison.Ordinal)), Ct);
        var anas = slack.CallsTo("chat.postMessage").First(c => c.Body.Contains("DU1ANA", StringComparison.Ordinal)).Body;
        var mayas = (await teams.DeliveredAsync()).Single(c => c.Method == "POST" && c.Path.Contains(maya.ConversationId, StringComparison.Ordinal)).Body!.ToJsonString();
        Assert.Contains("Open until Mon 9 Mar, 07:00 Los Angeles time", anas, StringComparison.Ordinal);
        Assert.Contains("Open until Mon 9 Mar, 09:00 Chicago time", mayas, StringComparison.Ordinal);

        await teams.Client.SendAsync(SlackRequests.Event(SlackRequests.DirectMessage("EvAnaSurveys", "U1ANA", "surveys"), teams.App.Time.GetUtcNow()), Ct);
        await slack.WaitForAsync(calls => calls.Count(c => c.Method == "chat.postMessage" && c.Body.Contains("DU1ANA", StringComparison.Ordinal)) == 2, Ct);
        Assert.Contains("until Mon 9 Mar, 07:00 Los Angeles time",
            slack.CallsTo("chat.postMessage").Last(c => c.Body.Contains("DU1ANA", StringComparison.Ordinal)).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Change_my_answers_in_Slack_opens_the_filled_in_form_and_its_submission_replaces_the_answers()
    {
        var runId = await LaunchAsync();
        await AnswerInSlackAsync("U1SAM", runId, new() { ["intent"] = "unsure", ["satisfaction"] = "3", ["support"] = "3" });
        await slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.update"), Ct);
        var change = slack.CallsTo("chat.update")[^1].Json["blocks"]!.AsArray().SelectMany(b => b?["elements"]?.AsArray() ?? [])
            .Single(e => (string?)e?["type"] == "button" && (string?)e["text"]?["text"] == "Change my answers")!;

        await teams.Client.SendAsync(SlackRequests.Interaction(
            SlackRequests.ButtonClick("U1SAM", (string)change["action_id"]!, (string)change["value"]!, actionTs: "9.9"), teams.App.Time.GetUtcNow()), Ct);
        var modal = slack.CallsTo("views.open")[^1].Json["view"]!;
        Assert.Equal(SurveyCards.AnswerVerb, (string?)modal["callback_id"]);
        Assert.Contains("unsure", modal.ToJsonString(), StringComparison.Ordinal); // the recorded answer is pre-selected
        await teams.Client.SendAsync(SlackRequests.Interaction(SlackRequests.ViewSubmission("U1SAM", (string)modal["callback_id"]!,
            (string)modal["private_metadata"]!, [], radios: new() { ["intent"] = "yes", ["satisfaction"] = "5", ["support"] = "4" }, viewId: "V2"),
            teams.App.Time.GetUtcNow()), Ct);

        var response = Assert.Single(Responses(runId));
        Assert.Equal(("yes", "5"), (response.Answers["intent"], response.Answers["satisfaction"]));
        Assert.NotNull(response.ChangedAt);
    }

    [Fact]
    public async Task Bad_submissions_are_refused_with_a_clear_message_and_change_nothing()
    {
        var runId = await LaunchAsync();

        var notInAudience = await AnswerInTeamsAsync(ben, runId, Answers());
        var missing = await AnswerInTeamsAsync(kim, runId, new JsonObject { ["satisfaction"] = "4", ["support"] = "4" });
        var notAnOption = await AnswerInTeamsAsync(kim, runId, Answers(intent: "maybe"));
        var tooLong = await AnswerInTeamsAsync(kim, runId, Answers(helpStay: new string('x', Question.MaxText + 1)));
        var slackMissing = await AnswerInSlackAsync("U1SAM", runId, new() { ["satisfaction"] = "3", ["support"] = "3" });
        var unknownRun = await AnswerInTeamsAsync(kim, "no-such-run", Answers());

        Assert.Contains("not sent to you", await notInAudience.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("Please answer this question", await missing.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("not one of this question's options", await notAnOption.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("to 1,000 characters or fewer", await tooLong.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var errors = (await slackMissing.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal("errors", (string?)errors["response_action"]);
        Assert.Equal(SurveyAnswers.Missing, (string?)errors["errors"]!["intent"]);
        Assert.Contains("no longer available", await unknownRun.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(Responses(runId));
    }

    [Fact]
    public async Task Exactly_the_people_who_have_not_answered_get_reminders_never_more_than_the_maximum_and_never_at_night()
    {
        var runId = await LaunchAsync(closeInDays: 10, reminderEveryDays: 2, maxReminders: 2);
        await AnswerInTeamsAsync(maya, runId, Answers());

        await AdvanceHoursAsync(10 * 24);

        var reminders = teams.App.Get<OutboxStore>().ForCampaign($"survey:{runId}:reminders");
        var byPerson = reminders.GroupBy(r => r.PersonId!).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(NotAnswered.Select(n => people[n].Id).Order(), byPerson.Keys.Order());
        Assert.All(byPerson.Values, list => Assert.Equal(2, list.Count));
        var directory = teams.App.Get<DirectoryStore>();
        foreach (var reminder in reminders)
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(directory.Find(reminder.PersonId!)!.TimeZone ?? "America/Chicago");
            var local = TimeZoneInfo.ConvertTimeFromUtc(reminder.CreatedAt, zone);
            Assert.InRange(local.Hour, 9, 18);
        }
        // Ana is in Los Angeles: her first reminder was due at 06:00 her time and waited for 09:00.
        Assert.Equal(9, TimeZoneInfo.ConvertTimeFromUtc(byPerson[people["ana"].Id].Min(r => r.CreatedAt),
            TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles")).Hour);
    }

    [Fact]
    public async Task Launching_a_survey_twice_in_one_minute_refuses_the_second_with_409_and_keeps_the_first_as_it_was()
    {
        var created = await Admin.PostAsJsonAsync("/api/admin/surveys", new JsonObject { ["template"] = "retention-pulse" }, Ct);
        var surveyId = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        JsonObject Run(bool anonymous, int days) => new()
        {
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
            ["closesAt"] = teams.App.Time.GetUtcNow().AddDays(days).ToString("O"), ["anonymous"] = anonymous,
        };

        var first = await Admin.PostAsJsonAsync($"/api/admin/surveys/{surveyId}/runs", Run(anonymous: false, days: 7), Ct);
        var second = await Admin.PostAsJsonAsync($"/api/admin/surveys/{surveyId}/runs", Run(anonymous: true, days: 14), Ct);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Conflict), (first.StatusCode, second.StatusCode));
        var problem = await second.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Contains("already has a run", (string)problem!["title"]!, StringComparison.Ordinal);
        var run = Assert.Single(teams.App.Get<SurveyStore>().RunsOf(surveyId));
        Assert.Equal(((string)problem["existingRun"]!, false), (run.Id, run.Anonymous));
        Assert.Equal(teams.App.Time.GetUtcNow().AddDays(7).UtcDateTime, run.ClosesAt, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_launch_retried_minutes_later_by_a_script_is_refused_with_the_run_it_already_made_and_nobody_is_invited_twice()
    {
        var created = await Admin.PostAsJsonAsync("/api/admin/surveys", new JsonObject { ["template"] = "retention-pulse" }, Ct);
        var surveyId = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var closesAt = teams.App.Time.GetUtcNow().AddDays(7).ToString("O");
        JsonObject Run(params string[] roles) => new()
        {
            ["audience"] = new JsonObject { ["roles"] = new JsonArray([.. roles.Select(r => JsonValue.Create(r))]) }, ["closesAt"] = closesAt,
        };

        var first = await Admin.PostAsJsonAsync($"/api/admin/surveys/{surveyId}/runs", Run("tutor"), Ct);
        var firstId = (string)(await first.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var progress = teams.App.Get<SurveyRunnerProgress>();
        await progress.WaitForAsync(() => teams.App.Get<SurveyStore>().FindRun(firstId)?.Status == RunStatus.Open, Guard, Ct);
        // The script's request timed out on its side; it sends the same launch again two minutes later.
        teams.App.Time.Advance(TimeSpan.FromMinutes(2));
        var retried = await Admin.PostAsJsonAsync($"/api/admin/surveys/{surveyId}/runs", Run("tutor"), Ct);
        var another = await Admin.PostAsJsonAsync($"/api/admin/surveys/{surveyId}/runs", Run("site champion"), Ct);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Conflict, HttpStatusCode.Created), (first.StatusCode, retried.StatusCode, another.StatusCode));
        var problem = await retried.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal(firstId, (string?)problem!["existingRun"]);
        Assert.Contains("already launched to the same audience", (string)problem["title"]!, StringComparison.Ordinal);
        Assert.Equal(2, teams.App.Get<SurveyStore>().RunsOf(surveyId).Count);
        var invited = teams.App.Get<OutboxStore>().ForCampaign(teams.App.Get<SurveyStore>().FindRun(firstId)!.Campaign);
        Assert.Equal(invited.Count, invited.Select(d => d.PersonId).Distinct().Count());
    }

    [Fact]
    public async Task The_responses_CSV_opens_in_a_spreadsheet_without_running_anything_a_tutor_typed()
    {
        var runId = await LaunchAsync();
        await AnswerInTeamsAsync(maya, runId, Answers(satisfaction: "2", helpStay: "=HYPERLINK(\"http://evil.invalid\",\"Click\")"));
        await AnswerInSlackAsync("U1SAM", runId, new() { ["intent"] = "no", ["satisfaction"] = "5", ["support"] = "1" },
            new() { ["help-stay"] = "@SUM(1+1)" });

        var csv = await Admin.GetStringAsync(new Uri($"/api/admin/survey-runs/{runId}/responses.csv", UriKind.Relative), Ct);

        var cells = csv.Split('\n').SelectMany(line => line.Split(',')).Select(c => c.Trim('"', '\r')).ToList();
        Assert.DoesNotContain(cells, c => c.Length > 0 && "=+-@\t".Contains(c[0], StringComparison.Ordinal));
        Assert.Contains("'=HYPERLINK", csv, StringComparison.Ordinal);
        Assert.Contains("'@SUM(1+1)", csv, StringComparison.Ordinal);
        // Site and partner as the roster spells them, as the dashboard shows them (not HitBot's keys, lincoln and citytutors).
        Assert.Contains("Maya Lopez,maya@example.org,Lincoln,CityTutors,", csv, StringComparison.Ordinal);
        // Numbers are written as they are: the response number and the scale answers.
        Assert.Contains("\n1,", csv, StringComparison.Ordinal);
        Assert.Contains(",2,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_anonymous_run_keeps_no_person_id_name_or_email_next_to_any_answer_in_the_file_or_the_CSV()
    {
        var runId = await LaunchAsync(anonymous: true);
        await AnswerInTeamsAsync(maya, runId, Answers(intent: "no", helpStay: "Maybe-leaving-because-of-Fridays"));
        await AnswerInTeamsAsync(maya, runId, Answers(intent: "unsure", helpStay: "Maybe-leaving-because-of-Fridays"));
        await AnswerInSlackAsync("U1SAM", runId, new() { ["intent"] = "no", ["satisfaction"] = "2", ["support"] = "1" },
            new() { ["help-stay"] = "Sam-secret-reason-XYZ" });
        await teams.DeliveredAsync();

        var csv = await Admin.GetStringAsync(new Uri($"/api/admin/survey-runs/{runId}/responses.csv", UriKind.Relative), Ct);
        var results = await Admin.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/survey-runs/{runId}/results", UriKind.Relative), Ct);
        var atRisk = await Admin.GetAsync(new Uri($"/api/admin/survey-runs/{runId}/at-risk", UriKind.Relative), Ct);

        Assert.Equal(2, Responses(runId).Count);
        var clues = Respondents.SelectMany(n => new[] { people[n].Id, people[n].Name, people[n].Email }).Append(maya.UserId).ToList();
        var holding = teams.App.Get<HitBotDb>().AllDocuments()
            .Where(d => d.Json.Contains("Maybe-leaving", StringComparison.Ordinal) || d.Json.Contains("Sam-secret", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(holding);
        foreach (var (collection, json) in holding)
            foreach (var clue in clues)
                Assert.False(json.Contains(clue, StringComparison.OrdinalIgnoreCase), $"{collection} holds '{clue}' next to an answer: {json}");
        // Two answers: under five, so the CSV holds no rows at all (the free text would point at its writer).
        Assert.DoesNotContain("Sam-secret-reason-XYZ", csv, StringComparison.Ordinal);
        Assert.All(clues, clue => Assert.DoesNotContain(clue, csv, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("lincoln", csv, StringComparison.OrdinalIgnoreCase);
        // Two answers from Lincoln: under five, so the breakdown hides them.
        Assert.All(results!["intentBySite"]!.AsArray(), g => Assert.True((bool)g!["hidden"]!));
        Assert.Equal(HttpStatusCode.BadRequest, atRisk.StatusCode);
    }

    [Fact]
    public async Task At_close_the_site_champion_gets_who_may_not_stay_the_central_team_a_summary_and_the_next_run_is_scheduled()
    {
        var runId = await LaunchAsync(repeatEveryWeeks: 6);
        await AnswerInTeamsAsync(maya, runId, Answers(intent: "no", support: "2"));
        await AnswerInTeamsAsync(kim, runId, Answers(intent: "yes", support: "5"));
        await AnswerInSlackAsync("U1SAM", runId, new() { ["intent"] = "yes", ["satisfaction"] = "4", ["support"] = "1" });

        await AdvanceHoursAsync(7 * 24 + 1);

        var outbox = teams.App.Get<OutboxStore>();
        var atRisk = Assert.Single(outbox.ForCampaign($"survey:{runId}:at-risk"));
        Assert.Equal(people["ben"].Id, atRisk.PersonId);
        Assert.Contains("Maya Lopez", atRisk.MessageJson, StringComparison.Ordinal);
        Assert.Contains("Sam Ortiz", atRisk.MessageJson, StringComparison.Ordinal);
        Assert.DoesNotContain("Kim Lee", atRisk.MessageJson, StringComparison.Ordinal);
        Assert.Equal(people["lena"].Id, Assert.Single(outbox.ForCampaign($"survey:{runId}:summary")).PersonId);

        var results = await Admin.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/survey-runs/{runId}/results", UriKind.Relative), Ct);
        Assert.Equal((4, 3, 0.75), ((int)results!["invited"]!, (int)results["responses"]!, (double)results["responseRate"]!));
        var intent = results["questions"]!.AsArray().Single(q => (string?)q!["id"] == "intent")!["options"]!.AsArray();
        Assert.Equal([2, 1, 0], intent.Select(o => (int)o!["count"]!));
        var lincoln = results["intentBySite"]!.AsArray().Single(g => (string?)g!["group"] == "lincoln")!;
        Assert.Equal((1, 1), ((int)lincoln["yes"]!, (int)lincoln["no"]!));
        Assert.Equal(2, results["atRisk"]!.AsArray().Count);
        Assert.Single(results["trend"]!.AsArray());
        var runs = teams.App.Get<SurveyStore>().RunsOf(teams.App.Get<SurveyStore>().FindRun(runId)!.SurveyId);
        Assert.Equal([RunStatus.Closed, RunStatus.Scheduled], runs.Select(r => r.Status));
        // Six weeks on at the same hour in the program's zone (Chicago), summer time or not.
        var chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        Assert.Equal(TimeZoneInfo.ConvertTimeFromUtc(runs[0].OpensAt, chicago).AddDays(42), TimeZoneInfo.ConvertTimeFromUtc(runs[1].OpensAt, chicago));
    }

    [Fact]
    public async Task A_survey_asking_two_questions_in_the_same_words_is_refused_naming_both_and_nothing_is_saved()
    {
        var response = await Admin.PostAsJsonAsync("/api/admin/surveys", new JsonObject
        {
            ["title"] = "Check-in",
            ["questions"] = new JsonArray(
                new JsonObject { ["id"] = "c1", ["text"] = "Any comments?", ["type"] = "FreeText" },
                new JsonObject { ["id"] = "c2", ["text"] = "any comments? ", ["type"] = "FreeText" }),
        }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("questions[1].text: the same words as questions[0]", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(teams.App.Get<SurveyStore>().AllSurveys());
    }

    [Fact]
    public async Task A_bad_survey_or_run_is_refused_field_by_field_and_nothing_is_saved()
    {
        var badSurvey = await Admin.PostAsJsonAsync("/api/admin/surveys", new JsonObject
        {
            ["title"] = "Check-in",
            ["questions"] = new JsonArray(new JsonObject { ["id"] = "q1", ["text"] = "Pick", ["type"] = "SingleChoice" }),
        }, Ct);
        var created = await Admin.PostAsJsonAsync("/api/admin/surveys", new JsonObject { ["template"] = "retention-pulse" }, Ct);
        var surveyId = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var badRun = await Admin.PostAsJsonAsync($"/api/admin/surveys/{surveyId}/runs", new JsonObject
        {
            ["audience"] = new JsonObject(), ["closesAt"] = teams.App.Time.GetUtcNow().AddDays(-1).ToString("O"), ["maxReminders"] = 50,
        }, Ct);

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (badSurvey.StatusCode, badRun.StatusCode));
        Assert.Contains("questions[0].options", await badSurvey.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var runProblems = await badRun.Content.ReadAsStringAsync(Ct);
        foreach (var field in RunFields) Assert.Contains(field, runProblems, StringComparison.Ordinal);
        Assert.Single(teams.App.Get<SurveyStore>().AllSurveys());
        Assert.Empty(teams.App.Get<SurveyStore>().RunsOf(surveyId));
    }

    [Fact]
    public async Task The_Slack_App_Home_shows_the_open_survey_with_a_button_to_answer_it()
    {
        await LaunchAsync();
        var opened = SlackRequests.HomeOpened("Ev-home", "U1SAM");

        await teams.Client.SendAsync(SlackRequests.Event(opened, teams.App.Time.GetUtcNow()), Ct);
        await slack.WaitForAsync(calls => calls.Any(c => c.Method == "views.publish"), Ct);

        var view = slack.CallsTo("views.publish").Single().Json["view"]?.ToJsonString() ?? "";
        Assert.Contains("Your open surveys", view, StringComparison.Ordinal);
        Assert.Contains("Answer: Tutor retention pulse", view, StringComparison.Ordinal);
    }

    /// <summary>
    /// Sam answers from the Home tab's "Answer:" button. Slack keeps showing a Home tab as it was last published, so
    /// unless HitBot publishes it again he would still be asked to answer, and wonder whether his answers counted.
    /// </summary>
    [Fact]
    public async Task Answering_from_the_Slack_App_Home_publishes_the_Home_again_showing_the_survey_answered()
    {
        var runId = await LaunchAsync();
        await teams.Client.SendAsync(SlackRequests.Event(SlackRequests.HomeOpened("Ev-home", "U1SAM"), teams.App.Time.GetUtcNow()), Ct);
        await slack.WaitForAsync(calls => calls.Any(c => c.Method == "views.publish"), Ct);
        var answer = slack.CallsTo("views.publish").Single().Json["view"]!["blocks"]!.AsArray()
            .SelectMany(b => b?["elements"]?.AsArray() ?? (b?["accessory"] is { } a ? [a.DeepClone()] : []))
            .Single(e => (string?)e?["text"]?["text"] == "Answer: Tutor retention pulse")!;
        var click = SlackRequests.ButtonClick("U1SAM", (string)answer["action_id"]!, (string)answer["value"]!, actionTs: "1700000400.000001");
        click.Remove("channel");
        click.Remove("message");
        click["container"] = new JsonObject { ["type"] = "view", ["view_id"] = "VHOME" };
        click["view"] = new JsonObject { ["id"] = "VHOME", ["type"] = "home" };

        await teams.Client.SendAsync(SlackRequests.Interaction(click, teams.App.Time.GetUtcNow()), Ct);
        var modal = slack.CallsTo("views.open").Single().Json["view"]!;
        var submitted = await teams.Client.SendAsync(SlackRequests.Interaction(SlackRequests.ViewSubmission("U1SAM", (string)modal["callback_id"]!,
            (string)modal["private_metadata"]!, [], radios: new() { ["intent"] = "yes", ["satisfaction"] = "4", ["support"] = "4" }), teams.App.Time.GetUtcNow()), Ct);
        await slack.WaitForAsync(calls => calls.Count(c => c.Method == "views.publish") == 2, Ct);

        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Single(Responses(runId));
        var home = slack.CallsTo("views.publish")[1].Json;
        Assert.Equal("U1SAM", (string?)home["user_id"]);
        Assert.Contains("Change: Tutor retention pulse", home["view"]?.ToJsonString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Slack refuses the invitations for a moment, so Sam's waits for its retry; he answers first, from the Home tab. When the
    /// retry comes he must not get the whole form again for a survey he answered, and the run counts him invited and answered.
    /// </summary>
    [Fact]
    public async Task A_Home_tab_answer_given_while_the_invitation_waited_for_a_retry_stops_the_invitation_and_keeps_the_counts()
    {
        slack.ServerErrorNext("chat.postMessage");
        slack.ServerErrorNext("chat.postMessage");
        var runId = await LaunchAsync();
        var store = teams.App.Get<SurveyStore>();
        var outbox = teams.App.Get<OutboxStore>();
        var samsCard = SurveyRunner.InvitationKey(store.FindRun(runId)!, people["sam"].Id);
        await slack.WaitForAsync(calls => calls.Count(c => c.Method == "chat.postMessage") >= 2, Ct);
        var dispatched = teams.App.Get<DispatcherProgress>();
        await dispatched.WaitForAsync(() => outbox.StateOf(samsCard) == DeliveryState.Failed, Guard, Ct);

        await teams.Client.SendAsync(SlackRequests.Event(SlackRequests.HomeOpened("Ev-home", "U1SAM"), teams.App.Time.GetUtcNow()), Ct);
        await slack.WaitForAsync(calls => calls.Any(c => c.Method == "views.publish"), Ct);
        var answer = slack.CallsTo("views.publish").Single().Json["view"]!["blocks"]!.AsArray()
            .SelectMany(b => b?["elements"]?.AsArray() ?? (b?["accessory"] is { } a ? [a.DeepClone()] : []))
            .Single(e => (string?)e?["text"]?["text"] == "Answer: Tutor retention pulse")!;
        var click = SlackRequests.ButtonClick("U1SAM", (string)answer["action_id"]!, (string)answer["value"]!, actionTs: "1700000400.000001");
        click.Remove("channel");
        click.Remove("message");
        click["container"] = new JsonObject { ["type"] = "view", ["view_id"] = "VHOME" };
        click["view"] = new JsonObject { ["id"] = "VHOME", ["type"] = "home" };
        await teams.Client.SendAsync(SlackRequests.Interaction(click, teams.App.Time.GetUtcNow()), Ct);
        var modal = slack.CallsTo("views.open").Single().Json["view"]!;
        var submitted = await teams.Client.SendAsync(SlackRequests.Interaction(SlackRequests.ViewSubmission("U1SAM", (string)modal["callback_id"]!,
            (string)modal["private_metadata"]!, [], radios: new() { ["intent"] = "yes", ["satisfaction"] = "4", ["support"] = "4" }), teams.App.Time.GetUtcNow()), Ct);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Single(Responses(runId));

        teams.App.Time.Advance(TimeSpan.FromHours(1));
        var later = teams.App.Time.GetUtcNow();
        await dispatched.WaitForAsync(() => dispatched.SettledAt >= later, Guard, Ct);

        // The refused try, and nothing more: his DM then has the thank-you, not the form again.
        Assert.Single(slack.CallsTo("chat.postMessage"), c => (string?)c.Json["channel"] == "DU1SAM" && (string?)c.Json["text"] == "Survey: Tutor retention pulse — 6 questions, tap to answer");
        Assert.Single(slack.CallsTo("chat.postMessage"), c => (string?)c.Json["channel"] == "DU1SAM" && (string?)c.Json["text"] == "Thank you for answering Tutor retention pulse");
        Assert.Equal(2, slack.CallsTo("chat.postMessage").Count(c => c.Body.Contains("U1ANA", StringComparison.Ordinal)));
        var results = await Admin.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/survey-runs/{runId}/results", UriKind.Relative), Ct);
        Assert.Equal((4, 1, 0.25), ((int)results!["invited"]!, (int)results["responses"]!, (double)results["responseRate"]!));
    }

    [Fact]
    public async Task Surveys_lists_the_open_surveys_of_the_person()
    {
        var runId = await LaunchAsync();
        await AnswerInTeamsAsync(maya, runId, Answers());

        await teams.PostAsync(maya.Text("surveys"));
        await teams.PostAsync(ben.Text("surveys"));

        var posted = (await teams.PostedActivitiesAsync()).Select(a => a.ToJsonString()).ToList();
        Assert.Contains(posted, p => p.Contains("answered, can still change", StringComparison.Ordinal));
        Assert.Contains(posted, p => p.Contains("You have no open surveys", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Someone_who_left_the_program_cannot_answer_from_their_old_card_and_nothing_is_recorded()
    {
        var runId = await LaunchAsync();
        var left = await Admin.PatchAsJsonAsync($"/api/admin/people/{people["maya"].Id}", new JsonObject { ["active"] = false }, Ct);
        Assert.Equal(HttpStatusCode.OK, left.StatusCode);

        var answer = await AnswerInTeamsAsync(maya, runId, Answers(intent: "no"));

        Assert.Contains("no longer on the program's roster, so nothing was recorded", await answer.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(Responses(runId));
    }
}
