using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// Changing a run after launch through the admin API: close now, cancel, move the closing date, see who has not answered.
/// The fake clock starts on Monday 2 March 2026, 08:00 in Chicago (the program's zone).
/// </summary>
public sealed class SurveyRunChangeTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    TeamsTestApp teams = null!;
    TeamsActivities maya = null!;
    readonly Dictionary<string, Person> people = [];

    public async ValueTask InitializeAsync()
    {
        teams = await TeamsTestApp.StartAsync();
        await teams.ImportRosterAsync(
            "Maya Lopez,maya@example.org,tutor,Lincoln,\n" +
            "Kim Lee,kim@example.org,tutor,Grant,\n" +
            "Sam Ortiz,sam@example.org,tutor,Lincoln,\n" +
            "Ben Okafor,ben@example.org,site champion,Lincoln,\n" +
            "Lena Park,lena@example.org,central team,,");
        maya = teams.NewUser();
        var directory = teams.App.Get<PeopleDirectory>();
        people["maya"] = directory.Link(Address(maya.UserId), "maya@example.org")!;
        foreach (var name in new[] { "kim", "sam", "ben", "lena" })
            people[name] = directory.Link(Address(teams.NewUser().UserId), $"{name}@example.org")!;
    }

    public ValueTask DisposeAsync() => teams.DisposeAsync();

    ChannelAddress Address(string userId) => new()
    {
        Channel = ChannelKind.Teams, UserId = userId, ConversationId = FakeBotConnector.ConversationFor(userId),
        ServiceUrl = teams.Connector.ServiceUrl, TenantId = TeamsActivities.TenantId, BotId = TeamsActivities.BotId,
    };

    HttpClient Admin => teams.App.CreateAdminClient();
    SurveyStore Store => teams.App.Get<SurveyStore>();
    OutboxStore Outbox => teams.App.Get<OutboxStore>();

    async Task<string> LaunchAsync(bool anonymous = false, int opensInHours = 0)
    {
        var created = await Admin.PostAsJsonAsync("/api/admin/surveys", new JsonObject { ["template"] = "retention-pulse" }, Ct);
        var surveyId = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var now = teams.App.Time.GetUtcNow();
        var launched = await Admin.PostAsJsonAsync($"/api/admin/surveys/{surveyId}/runs", new JsonObject
        {
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
            ["opensAt"] = now.AddHours(opensInHours).ToString("O"), ["closesAt"] = now.AddDays(7).ToString("O"),
            ["anonymous"] = anonymous, ["reminderEveryDays"] = 1, ["maxReminders"] = 3,
        }, Ct);
        var runId = (string)(await launched.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var expected = opensInHours > 0 ? RunStatus.Scheduled : RunStatus.Open;
        var progress = teams.App.Get<SurveyRunnerProgress>();
        await progress.WaitForAsync(() => Store.FindRun(runId)?.Status == expected && progress.SettledAt >= now, Guard, Ct);
        return runId;
    }

    /// <summary>Moves the clock in one step and waits until the survey runner has looked at the new time.</summary>
    async Task AdvanceAsync(TimeSpan by)
    {
        var progress = teams.App.Get<SurveyRunnerProgress>();
        teams.App.Time.Advance(by);
        var now = teams.App.Time.GetUtcNow();
        await progress.WaitForAsync(() => progress.SettledAt >= now, Guard, Ct);
    }

    Task<HttpResponseMessage> AnswerAsync(string runId, string intent = "no") =>
        teams.PostAsync(maya.Execute(SurveyCards.AnswerVerb, new JsonObject { ["run"] = runId }, "card-1",
            new JsonObject { ["intent"] = intent, ["satisfaction"] = "3", ["support"] = "2" }));

    Task<HttpResponseMessage> PostAsync(string path) => Admin.PostAsync(new Uri(path, UriKind.Relative), null, Ct);

    Task<HttpResponseMessage> PatchAsync(string runId, DateTimeOffset closesAt) =>
        Admin.PatchAsJsonAsync($"/api/admin/survey-runs/{runId}", new JsonObject { ["closesAt"] = closesAt.ToString("O") }, Ct);

    static async Task<string> TitleOf(HttpResponseMessage response) =>
        (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))?["title"] ?? "";

    [Fact]
    public async Task Closing_a_run_early_closes_it_now_and_sends_the_summary_and_at_risk_list_once()
    {
        var runId = await LaunchAsync();
        await AnswerAsync(runId, intent: "no");
        await AdvanceAsync(TimeSpan.FromHours(2));

        var closed = await PostAsync($"/api/admin/survey-runs/{runId}/close");
        var again = await PostAsync($"/api/admin/survey-runs/{runId}/close");
        await AdvanceAsync(TimeSpan.FromDays(8));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Conflict), (closed.StatusCode, again.StatusCode));
        Assert.Contains("already closed", await TitleOf(again), StringComparison.Ordinal);
        var run = Store.FindRun(runId)!;
        Assert.Equal(RunStatus.Closed, run.Status);
        Assert.Equal(teams.App.Time.GetUtcNow().AddDays(-8).UtcDateTime, run.ClosesAt, TimeSpan.FromSeconds(1));
        Assert.Equal(people["lena"].Id, Assert.Single(Outbox.ForCampaign($"survey:{runId}:summary")).PersonId);
        Assert.Equal(people["ben"].Id, Assert.Single(Outbox.ForCampaign($"survey:{runId}:at-risk")).PersonId);
        var late = await AnswerAsync(runId, intent: "yes");
        Assert.Contains("closed on", await late.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    SurveyResults Results => teams.App.Get<SurveyResults>();

    [Fact]
    public async Task A_cancelled_open_run_sends_no_reminders_or_summary_and_refuses_answers_with_a_plain_sentence()
    {
        var runId = await LaunchAsync();

        var cancelled = await PostAsync($"/api/admin/survey-runs/{runId}/cancel");
        var answer = await AnswerAsync(runId);
        await AdvanceAsync(TimeSpan.FromDays(1) + TimeSpan.FromHours(4));
        await AdvanceAsync(TimeSpan.FromDays(7));

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Contains("cancelled, so nothing was recorded", await answer.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(RunStatus.Cancelled, Store.FindRun(runId)!.Status);
        Assert.Empty(Store.ResponsesTo(runId));
        Assert.Empty(Outbox.ForCampaign($"survey:{runId}:reminders"));
        Assert.Empty(Outbox.ForCampaign($"survey:{runId}:summary"));
        // A stopped run is no point of the survey's trend across runs.
        Assert.DoesNotContain(Store.RunsOf(Store.FindRun(runId)!.SurveyId), r => Results.For(r).Trend.Any(t => t.RunId == runId));
    }

    [Fact]
    public async Task A_scheduled_run_that_is_cancelled_never_opens()
    {
        var runId = await LaunchAsync(opensInHours: 3);

        var cancelled = await PostAsync($"/api/admin/survey-runs/{runId}/cancel");
        await AdvanceAsync(TimeSpan.FromHours(4));

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(RunStatus.Cancelled, Store.FindRun(runId)!.Status);
        Assert.Empty(Outbox.ForCampaign($"survey:{runId}"));
    }

    [Fact]
    public async Task Invitations_waiting_for_a_retry_are_cancelled_with_the_run_and_never_sent()
    {
        teams.Connector.FailNext(3, status: 429, retryAfter: "3600");
        var runId = await LaunchAsync();
        var refused = (await teams.PostedActivitiesAsync()).Count;

        await PostAsync($"/api/admin/survey-runs/{runId}/cancel");
        await AdvanceAsync(TimeSpan.FromHours(2));
        await teams.DeliveredAsync();

        var rows = Outbox.ForCampaign($"survey:{runId}");
        Assert.Equal(3, rows.Count);
        Assert.All(rows, row => Assert.Equal((DeliveryState.Cancelled, SurveyRunner.CancelledReason), (row.State, row.LastError)));
        Assert.Equal((3, 3), (refused, (await teams.PostedActivitiesAsync()).Count));
    }

    [Fact]
    public async Task Extending_a_run_moves_its_closing_date_and_bad_or_late_changes_are_refused_without_changing_it()
    {
        var runId = await LaunchAsync();
        var now = teams.App.Time.GetUtcNow();

        var extended = await PatchAsync(runId, now.AddDays(14));
        var past = await PatchAsync(runId, now.AddHours(-1));
        await AdvanceAsync(TimeSpan.FromDays(8));
        var stillOpen = Store.FindRun(runId)!.Status;
        await PostAsync($"/api/admin/survey-runs/{runId}/cancel");
        var afterCancel = await PatchAsync(runId, now.AddDays(20));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.Conflict), (extended.StatusCode, past.StatusCode, afterCancel.StatusCode));
        Assert.Contains("closesAt: must be in the future", await past.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("cancelled: its closing date can no longer change", await TitleOf(afterCancel), StringComparison.Ordinal);
        Assert.Equal(RunStatus.Open, stillOpen);
        Assert.Equal(now.AddDays(14).UtcDateTime, Store.FindRun(runId)!.ClosesAt, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_closing_time_typed_without_an_offset_is_read_in_the_programs_time_zone_not_the_servers()
    {
        var runId = await LaunchAsync();

        var moved = await Admin.PatchAsJsonAsync($"/api/admin/survey-runs/{runId}", new JsonObject { ["closesAt"] = "2026-03-20T17:00:00" }, Ct);

        // 17:00 on Friday 20 March in Chicago (summer time, UTC-5), as the dashboard would send it; not 17:00 where HitBot runs.
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(new DateTime(2026, 3, 20, 22, 0, 0, DateTimeKind.Utc), Store.FindRun(runId)!.ClosesAt);
    }

    [Fact]
    public async Task A_closing_day_without_a_time_is_refused_rather_than_read_as_the_midnight_that_starts_it()
    {
        var runId = await LaunchAsync();
        var before = Store.FindRun(runId)!.ClosesAt;

        var moved = await Admin.PatchAsJsonAsync($"/api/admin/survey-runs/{runId}", new JsonObject { ["closesAt"] = "2026-03-20" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, moved.StatusCode);
        Assert.Contains("closesAt: must be a date and time", await TitleOf(moved), StringComparison.Ordinal);
        Assert.Equal(before, Store.FindRun(runId)!.ClosesAt);
    }

    [Theory]
    // Closes at 09:30 on the Monday the clocks went forward, half an hour after the next week's run opens at 09:00.
    [InlineData("2026-03-02T09:00:00-06:00", "2026-03-09T09:30:00-05:00", HttpStatusCode.BadRequest)]
    // Closes at 08:30 on the Monday after the clocks went back, half an hour before the next week's run opens at 09:00.
    [InlineData("2026-10-26T09:00:00-05:00", "2026-11-02T08:30:00-06:00", HttpStatusCode.Created)]
    public async Task A_weekly_survey_run_must_close_before_the_next_opens_on_the_programs_clock_across_a_clock_change(
        string opensAt, string closesAt, HttpStatusCode expected)
    {
        var created = await Admin.PostAsJsonAsync("/api/admin/surveys", new JsonObject { ["template"] = "retention-pulse" }, Ct);
        var surveyId = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;

        var launched = await Admin.PostAsJsonAsync($"/api/admin/surveys/{surveyId}/runs", new JsonObject
        {
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") }, ["opensAt"] = opensAt, ["closesAt"] = closesAt,
            ["repeatEveryWeeks"] = 1,
        }, Ct);

        Assert.Equal(expected, launched.StatusCode);
        Assert.Equal(expected == HttpStatusCode.Created ? 1 : 0, Store.RunsOf(surveyId).Count);
    }

    [Fact]
    public async Task Non_responders_of_a_named_run_are_the_invited_people_who_have_not_answered_with_name_email_and_site()
    {
        var runId = await LaunchAsync();
        await AnswerAsync(runId);

        var list = await Admin.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/survey-runs/{runId}/non-responders", UriKind.Relative), Ct);

        Assert.Equal((3, 1, 2), ((int)list!["invited"]!, (int)list["answered"]!, (int)list["notAnswered"]!));
        var missing = list["people"]!.AsArray();
        Assert.Equal(["Kim Lee", "Sam Ortiz"], missing.Select(p => (string?)p!["name"]).Order());
        var sam = missing.Single(p => (string?)p!["name"] == "Sam Ortiz")!;
        Assert.Equal(("sam@example.org", "lincoln"), ((string?)sam["email"], (string?)sam["site"]));
    }

    [Fact]
    public async Task An_anonymous_run_gives_only_counts_of_who_has_not_answered_never_names()
    {
        var runId = await LaunchAsync(anonymous: true);
        await AnswerAsync(runId);

        var response = await Admin.GetAsync(new Uri($"/api/admin/survey-runs/{runId}/non-responders", UriKind.Relative), Ct);

        var body = await response.Content.ReadAsStringAsync(Ct);
        var list = JsonNode.Parse(body)!.AsObject();
        Assert.Equal((3, 1, 2), ((int)list["invited"]!, (int)list["answered"]!, (int)list["notAnswered"]!));
        Assert.Null(list["people"]);
        foreach (var person in people.Values)
        {
            Assert.DoesNotContain(person.Name, body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(person.Email, body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(person.Id, body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_survey_with_an_empty_question_or_option_is_refused_with_400_naming_it()
    {
        var emptyQuestion = await Admin.PostAsJsonAsync("/api/admin/surveys", new JsonObject
        {
            ["title"] = "Check-in", ["questions"] = new JsonArray(null, new JsonObject { ["id"] = "q2", ["text"] = "How is it going?", ["type"] = "Scale5" }),
        }, Ct);
        var emptyOption = await Admin.PostAsJsonAsync("/api/admin/surveys", new JsonObject
        {
            ["title"] = "Check-in", ["questions"] = new JsonArray(new JsonObject
            {
                ["id"] = "q1", ["text"] = "Pick one", ["type"] = "SingleChoice",
                ["options"] = new JsonArray(new JsonObject { ["value"] = "a", ["title"] = "A" }, null),
            }),
        }, Ct);

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (emptyQuestion.StatusCode, emptyOption.StatusCode));
        Assert.Contains("questions[0]", await emptyQuestion.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("questions[0].options", await emptyOption.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(Store.AllSurveys());
    }

    [Fact]
    public async Task A_question_id_the_Teams_card_uses_for_itself_is_refused_since_its_answers_could_never_arrive()
    {
        var refused = await Admin.PostAsJsonAsync("/api/admin/surveys", new JsonObject
        {
            ["title"] = "Check-in", ["questions"] = new JsonArray(new JsonObject { ["id"] = "d", ["text"] = "How is it going?", ["type"] = "Scale5" }),
        }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("questions[0].id: 'd' is reserved", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(Store.AllSurveys());
    }

    [Fact]
    public async Task A_run_whose_audience_holds_null_is_refused_with_400_naming_the_field()
    {
        var created = await Admin.PostAsJsonAsync("/api/admin/surveys", new JsonObject { ["template"] = "retention-pulse" }, Ct);
        var surveyId = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var now = teams.App.Time.GetUtcNow();
        var audiences = new[]
        {
            new JsonObject { ["roles"] = new JsonArray(null, "tutor") }, new JsonObject { ["roles"] = null },
            new JsonObject { ["interestedIn"] = new JsonArray((JsonNode?)null) }, new JsonObject { ["people"] = new JsonArray((JsonNode?)null) },
        };

        var answers = new List<(HttpStatusCode, string)>();
        foreach (var (audience, i) in audiences.Select((a, i) => (a, i)))
        {
            var launched = await Admin.PostAsJsonAsync($"/api/admin/surveys/{surveyId}/runs", new JsonObject
            {
                ["audience"] = audience, ["opensAt"] = now.AddHours(i + 1).ToString("O"), ["closesAt"] = now.AddDays(7).ToString("O"),
            }, Ct);
            answers.Add((launched.StatusCode, await launched.Content.ReadAsStringAsync(Ct)));
        }

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.BadRequest, a.Item1));
        Assert.Contains("audience.roles", answers[0].Item2, StringComparison.Ordinal);
        Assert.Contains("audience.people", answers[3].Item2, StringComparison.Ordinal);
        Assert.Empty(Store.RunsOf(surveyId));
    }

    [Fact]
    public async Task Changes_to_a_run_that_does_not_exist_are_refused_with_404()
    {
        var close = await PostAsync("/api/admin/survey-runs/no-such-run/close");
        var cancel = await PostAsync("/api/admin/survey-runs/no-such-run/cancel");
        var patch = await PatchAsync("no-such-run", teams.App.Time.GetUtcNow().AddDays(3));

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], new[] { close.StatusCode, cancel.StatusCode, patch.StatusCode });
    }
}
