using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;
using HitBot.Core.Updates;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// At most three non-urgent messages per tutor in any 7 days (the default HitBot:Program:MaxNudgesPerWeek), across updates,
/// survey reminders and thank-yous. Maya is on Teams, Sam on Slack; the clock starts Monday 2 March 2026, 08:00 Chicago.
/// </summary>
public sealed class MessageBudgetTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    TwoChannelApp both = null!;
    TeamsTestApp teams => both.Teams;
    readonly Dictionary<string, Person> people = [];

    public async ValueTask InitializeAsync()
    {
        both = await TwoChannelApp.StartAsync();
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,,\nSam Ortiz,sam@example.org,tutor,,");
        var directory = teams.App.Get<PeopleDirectory>();
        people["maya"] = directory.Link(both.TeamsAddress("29:maya"), "maya@example.org")!;
        people["sam"] = directory.Link(TwoChannelApp.SlackAddress("U1SAM"), "sam@example.org")!;
    }

    public ValueTask DisposeAsync() => both.DisposeAsync();

    HttpClient Admin => teams.App.CreateAdminClient();
    OutboxStore Outbox => teams.App.Get<OutboxStore>();

    async Task<string> SendUpdateAsync(string title)
    {
        var created = await Admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = title, ["body"] = $"{title}: details inside.", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        var id = (string?)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))?["id"] ?? throw new InvalidOperationException("not created");
        var sent = await Admin.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        return id;
    }

    async Task<JsonObject> ReportAsync(string updateId) =>
        (await Admin.GetFromJsonAsync<JsonObject>($"/api/admin/updates/{updateId}", Ct))?["report"]?.AsObject()
        ?? throw new InvalidOperationException("no report");

    async Task<string> LaunchSurveyAsync()
    {
        var created = await Admin.PostAsJsonAsync("/api/admin/surveys", new JsonObject { ["template"] = "retention-pulse" }, Ct);
        var surveyId = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var launched = await Admin.PostAsJsonAsync($"/api/admin/surveys/{surveyId}/runs", new JsonObject
        {
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
            ["closesAt"] = teams.App.Time.GetUtcNow().AddDays(10).ToString("O"),
            ["anonymous"] = false, ["reminderEveryDays"] = 1, ["maxReminders"] = 2,
        }, Ct);
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

    Task SentAsync(string key) => teams.WaitForAsync(key, DeliveryState.Sent);

    /// <summary>
    /// The busy week: update 1 on Monday, survey reminder 1 on Tuesday 09:00, update 2 on Wednesday 08:00, reminder 2 due
    /// Wednesday 09:00, update 3 on Thursday 08:00. Returns the survey run and the three updates; the clock is Thursday 08:00.
    /// </summary>
    async Task<(string RunId, string[] Updates)> BusyWeekAsync()
    {
        var runId = await LaunchSurveyAsync();
        var first = await SendUpdateAsync("Issue 1");
        await AdvanceHoursAsync(26);
        await AdvanceHoursAsync(22);
        var second = await SendUpdateAsync("Issue 2");
        await AdvanceHoursAsync(1);
        await AdvanceHoursAsync(23);
        var third = await SendUpdateAsync("Issue 3");
        return (runId, [first, second, third]);
    }

    static readonly DateTime WeekStart = new(2026, 3, 2, 14, 0, 0, DateTimeKind.Utc);

    List<Delivery> BudgetedTo(string personId) =>
        [.. Outbox.WithKeyPrefix("update:").Concat(Outbox.WithKeyPrefix("survey:")).Where(d => d.PersonId == personId && d.Budgeted)];

    [Fact]
    public async Task An_update_held_back_for_a_digest_and_then_recalled_is_in_no_digest()
    {
        var maya = people["maya"].Id;
        var sent = new List<string>();
        for (var i = 1; i <= 3; i++) sent.Add(await SendUpdateAsync($"Issue {i}"));
        var keep = await SendUpdateAsync("Issue 4");
        var wrong = await SendUpdateAsync("Issue 5 (wrong date)");
        foreach (var id in sent) await SentAsync($"update:{id}:{maya}");
        var digest = Outbox.ForCampaign(UpdateDigests.Campaign).Single(d => d.PersonId == maya);
        Assert.Equal(2, digest.Folds?.Count);

        var recalled = await Admin.PostAsync(new Uri($"/api/admin/updates/{wrong}/recall", UriKind.Relative), null, Ct);

        Assert.Equal(HttpStatusCode.OK, recalled.StatusCode);
        Assert.Equal(DeliveryState.Cancelled, Outbox.Find($"update:{wrong}:{maya}")?.State);
        Assert.Equal(DeliveryState.Held, Outbox.Find($"update:{keep}:{maya}")?.State);
        var rewritten = Outbox.Find(digest.Id)!;
        Assert.Equal([$"update:{keep}:{maya}"], rewritten.Folds);
        Assert.Contains("Issue 4", rewritten.MessageJson, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong date", rewritten.MessageJson, StringComparison.Ordinal);
        Assert.Equal(0, (int?)(await ReportAsync(wrong))["heldBack"]);

        // Recalling the last one it listed cancels the digest itself.
        await Admin.PostAsync(new Uri($"/api/admin/updates/{keep}/recall", UriKind.Relative), null, Ct);
        Assert.Equal(DeliveryState.Cancelled, Outbox.Find(digest.Id)?.State);
    }

    [Fact]
    public async Task An_update_held_after_a_recall_cancelled_the_digest_is_listed_in_a_new_digest_at_the_same_time()
    {
        var maya = people["maya"].Id;
        foreach (var i in Enumerable.Range(1, 3)) await SentAsync($"update:{await SendUpdateAsync($"Issue {i}")}:{maya}");
        var wrong = await SendUpdateAsync("Issue 4 (wrong)");
        var cancelled = Outbox.ForCampaign(UpdateDigests.Campaign).Single(d => d.PersonId == maya);
        await Admin.PostAsync(new Uri($"/api/admin/updates/{wrong}/recall", UriKind.Relative), null, Ct);
        Assert.Equal(DeliveryState.Cancelled, Outbox.Find(cancelled.Id)?.State);

        // Maya's week is as full as it was, so the next held update's digest falls at the same time as the cancelled one.
        var next = await SendUpdateAsync("Issue 5");

        Assert.Equal(DeliveryState.Held, Outbox.Find($"update:{next}:{maya}")?.State);
        var digest = Assert.Single(Outbox.ForCampaign(UpdateDigests.Campaign), d => d.PersonId == maya && d.State == DeliveryState.Queued);
        Assert.Equal([$"update:{next}:{maya}"], digest.Folds);
        Assert.Equal(cancelled.DueAt, digest.DueAt);
        Assert.Contains("Issue 5", digest.MessageJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tutor_with_three_updates_and_two_survey_reminders_in_one_week_gets_three_and_the_rest_are_held_and_reported()
    {
        var (runId, updates) = await BusyWeekAsync();
        await AdvanceHoursAsync(4 * 24 - 1);

        foreach (var person in new[] { people["maya"], people["sam"] })
        {
            await SentAsync($"update:{updates[1]}:{person.Id}");
            var sentThisWeek = BudgetedTo(person.Id).Where(d => d.State == DeliveryState.Sent && d.SentAt < WeekStart.AddDays(7)).ToList();
            Assert.Equal(3, sentThisWeek.Count);
            Assert.Equal(DeliveryState.Held, Outbox.Find($"update:{updates[2]}:{person.Id}")?.State);
            var waiting = Outbox.Find($"survey:{runId}:reminder2:{person.Id}");
            Assert.Equal((DeliveryState.Queued, WeekStart.AddDays(7)), (waiting?.State, waiting?.DueAt));
        }
        var report = await ReportAsync(updates[2]);
        Assert.Equal((2, 0, 0), ((int?)report["heldBack"], (int?)report["sent"], (int?)report["queued"]));
        // Sam's Slack DMs this week: the survey itself (not counted), update 1, reminder 1, update 2.
        await both.Slack.WaitForAsync(calls => calls.Count(c => c.Method == "chat.postMessage") >= 4, Ct);
        Assert.Equal(4, both.Slack.CallsTo("chat.postMessage").Count(c => c.Body.Contains("DU1SAM", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task What_the_budget_held_back_comes_later_the_reminder_on_the_next_free_day_and_the_update_in_a_digest()
    {
        var (runId, updates) = await BusyWeekAsync();

        // To Tuesday 10 March 11:00 CDT.
        await AdvanceHoursAsync(5 * 24 + 2);

        var maya = people["maya"].Id;
        await SentAsync($"survey:{runId}:reminder2:{maya}");
        Assert.True(Outbox.Find($"survey:{runId}:reminder2:{maya}")?.SentAt >= WeekStart.AddDays(7));
        // Tuesday's reminder 1 leaves her week on Tuesday 10 March: the digest goes at the start of that day's daytime, 09:00 CDT.
        var digestKey = Assert.Single(Outbox.WithKeyPrefix($"{UpdateDigests.Campaign}:{maya}:202603101400:")).Id;
        await SentAsync(digestKey);
        var digest = Outbox.Find(digestKey)!;
        Assert.True(digest.SentAt >= new DateTime(2026, 3, 10, 14, 0, 0, DateTimeKind.Utc));
        Assert.Contains("Issue 3", digest.MessageJson, StringComparison.Ordinal);
        Assert.DoesNotContain("Issue 2", digest.MessageJson, StringComparison.Ordinal);
        Assert.Equal(DeliveryState.Held, Outbox.Find($"update:{updates[2]}:{maya}")?.State);
        var posted = teams.Connector.ConnectorCalls.Where(c => c.Method == "POST" && c.Path.EndsWith("/activities", StringComparison.Ordinal))
            .Select(c => c.Body?.ToJsonString() ?? "").ToList();
        Assert.Single(posted, body => body.Contains("Issue 3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_urgent_update_reaches_a_tutor_whose_week_is_full()
    {
        foreach (var title in new[] { "Issue 1", "Issue 2", "Issue 3" }) await SendUpdateAsync(title);
        var created = await Admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "Snow day: no sessions", ["body"] = "All sites are closed today.", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var store = teams.App.Get<UpdateStore>();
        store.Save(store.Find(id)! with { Urgent = true });

        await Admin.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct);

        await SentAsync($"update:{id}:{people["maya"].Id}");
        await SentAsync($"update:{id}:{people["sam"].Id}");
        Assert.Equal(0, (int?)(await ReportAsync(id))["heldBack"]);
    }

    [Fact]
    public async Task A_thank_you_to_a_tutor_whose_week_is_full_waits_for_the_next_free_day_in_the_daytime()
    {
        foreach (var title in new[] { "Issue 1", "Issue 2", "Issue 3" }) await SendUpdateAsync(title);

        var response = await Admin.PostAsJsonAsync("/api/admin/appreciation", new JsonObject
        {
            ["id"] = "spring-thanks", ["message"] = "Thank you for a great spring term!",
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);

        var report = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal((2, 2), ((int?)report!["queued"], (int?)report["heldBack"]));
        foreach (var person in people.Values)
        {
            var thanks = Outbox.Find($"thanks:spring-thanks:{person.Id}");
            // A week after the three updates: Monday 9 March, 09:00 in Chicago (daylight time by then).
            Assert.Equal((DeliveryState.Queued, WeekStart.AddDays(7)), (thanks?.State, thanks?.DueAt));
        }
    }

    /// <summary>
    /// A phase announcement ("what this phase asks of you", 000 §1) is as non-urgent as a thank-you: it counts in the week and,
    /// when the week is full, waits for the next free day. It was queued past the limit, a fourth message in the week.
    /// </summary>
    [Fact]
    public async Task A_phase_announcement_to_a_tutor_whose_week_is_full_waits_for_the_next_free_day()
    {
        foreach (var title in new[] { "Issue 1", "Issue 2", "Issue 3" }) await SendUpdateAsync(title);
        await Admin.PutAsJsonAsync("/api/admin/program-phase", new JsonObject { ["phase"] = "initial-implementation" }, Ct);

        var response = await Admin.PostAsJsonAsync("/api/admin/program-phase/announce", new JsonObject { ["roles"] = new JsonArray("tutor") }, Ct);

        var report = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal((2, 2), ((int?)report!["queued"], (int?)report["heldBack"]));
        foreach (var announced in Outbox.ForCampaign((string)report["campaign"]!))
            Assert.Equal((DeliveryState.Queued, WeekStart.AddDays(7), true), (announced.State, announced.DueAt, announced.Budgeted));
    }

    /// <summary>
    /// An announcement still waiting for a tutor's free day when the central team moves the phase on (the next phase, or a
    /// phase chosen by mistake and put right) is no longer true: it told tutors the following Monday that the program was
    /// "now in Scaling and sustainability", beside the card saying it was in initial implementation.
    /// </summary>
    [Fact]
    public async Task A_phase_announcement_still_waiting_when_the_phase_changes_again_is_not_sent()
    {
        foreach (var title in new[] { "Issue 1", "Issue 2", "Issue 3" }) await SendUpdateAsync(title);
        await Admin.PutAsJsonAsync("/api/admin/program-phase", new JsonObject { ["phase"] = "scaling-and-sustainability" }, Ct);
        var first = await (await Admin.PostAsJsonAsync("/api/admin/program-phase/announce", new JsonObject { ["roles"] = new JsonArray("tutor") }, Ct))
            .Content.ReadFromJsonAsync<JsonObject>(Ct);

        await Admin.PutAsJsonAsync("/api/admin/program-phase", new JsonObject { ["phase"] = "initial-implementation" }, Ct);
        var second = await (await Admin.PostAsJsonAsync("/api/admin/program-phase/announce", new JsonObject { ["roles"] = new JsonArray("tutor") }, Ct))
            .Content.ReadFromJsonAsync<JsonObject>(Ct);

        var stale = Outbox.ForCampaign((string)first!["campaign"]!).ToList();
        Assert.Equal(2, stale.Count);
        Assert.All(stale, d => Assert.Equal(DeliveryState.Cancelled, d.State));
        Assert.All(stale, d => Assert.Contains("moved on to Initial implementation", d.LastError, StringComparison.Ordinal));
        var current = Outbox.ForCampaign((string)second!["campaign"]!).ToList();
        Assert.Equal(2, current.Count);
        Assert.All(current, d => Assert.Equal((DeliveryState.Queued, WeekStart.AddDays(7)), (d.State, d.DueAt)));
        Assert.All(current, d => Assert.Contains("now in **Initial implementation**", d.MessageJson, StringComparison.Ordinal));
    }

    static readonly TimeZoneInfo Honolulu = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Honolulu");

    static string InHonolulu(DateTime? utc) =>
        utc is { } at ? TimeZoneInfo.ConvertTimeFromUtc(at, Honolulu).ToString("ddd d MMM HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "";

    /// <summary>Maya tutors from Hawaii, five hours behind the program's Chicago: what the budget moves later goes in her daytime.</summary>
    void MayaInHonolulu()
    {
        var store = teams.App.Get<DirectoryStore>();
        store.Change(people["maya"].Id, p => p with { TimeZone = "Pacific/Honolulu" });
    }

    [Fact]
    public async Task A_thank_you_moved_later_by_a_full_week_goes_in_the_tutors_own_daytime_not_the_programs()
    {
        MayaInHonolulu();
        foreach (var title in new[] { "Issue 1", "Issue 2", "Issue 3" }) await SendUpdateAsync(title);

        await Admin.PostAsJsonAsync("/api/admin/appreciation", new JsonObject
        {
            ["id"] = "spring-thanks", ["message"] = "Thank you for a great spring term!",
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);

        // Not Monday 9 March 04:00 in Hawaii (09:00 in Chicago): 09:00 in Hawaii. Sam, in the program's zone, as before.
        Assert.Equal("Mon 9 Mar 09:00", InHonolulu(Outbox.Find($"thanks:spring-thanks:{people["maya"].Id}")?.DueAt));
        Assert.Equal(WeekStart.AddDays(7), Outbox.Find($"thanks:spring-thanks:{people["sam"].Id}")?.DueAt);
    }

    [Fact]
    public async Task The_digest_of_an_update_held_back_goes_in_the_tutors_own_daytime_not_the_programs()
    {
        MayaInHonolulu();
        foreach (var title in new[] { "Issue 1", "Issue 2", "Issue 3" }) await SendUpdateAsync(title);

        await SendUpdateAsync("Issue 4");

        var digest = Assert.Single(Outbox.ForCampaign(UpdateDigests.Campaign), d => d.PersonId == people["maya"].Id);
        Assert.Equal("Mon 9 Mar 09:00", InHonolulu(digest.DueAt));
    }

    [Fact]
    public async Task A_thank_you_moved_into_a_week_that_then_becomes_a_break_waits_for_the_first_working_day_after()
    {
        foreach (var title in new[] { "Issue 1", "Issue 2", "Issue 3" }) await SendUpdateAsync(title);
        await Admin.PostAsJsonAsync("/api/admin/appreciation", new JsonObject
        {
            ["id"] = "spring-thanks", ["message"] = "Thank you for a great spring term!",
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        var key = $"thanks:spring-thanks:{people["maya"].Id}";
        Assert.Equal(WeekStart.AddDays(7), Outbox.Find(key)?.DueAt); // Monday 9 March, 09:00

        // The district adds spring break over that week after the thank-you was queued.
        var added = await Admin.PostAsJsonAsync("/api/admin/calendar",
            new JsonObject { ["name"] = "Spring break", ["kind"] = "break", ["first"] = "2026-03-09", ["last"] = "2026-03-13" }, Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var dispatcher = teams.App.Get<DispatcherProgress>();
        teams.App.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromHours(2)); // Monday 9 March, 10:00, in the break
        var now = teams.App.Time.GetUtcNow();
        await dispatcher.WaitForAsync(() => dispatcher.SettledAt >= now, Guard, Ct);

        var waiting = Outbox.Find(key);
        Assert.Equal((DeliveryState.Queued, WeekStart.AddDays(14)), (waiting?.State, waiting?.DueAt)); // Monday 16 March, 09:00
        teams.App.Time.Advance(TimeSpan.FromDays(7));
        await SentAsync(key);
    }
}
