using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;

namespace HitBot.Tests.Calendar;

/// <summary>Survey runs and their reminders across weekends and the winter break (21 December to 1 January).</summary>
public sealed class CalendarSurveyTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    WinterBreak winter = null!;

    public async ValueTask InitializeAsync() => winter = await WinterBreak.StartAsync();

    public async ValueTask DisposeAsync() => await winter.DisposeAsync();

    async Task<string> LaunchAsync(string opensAt, string closesAt, int reminderEveryDays, int maxReminders)
    {
        var created = await winter.Admin.PostAsJsonAsync("/api/admin/surveys", new JsonObject { ["template"] = "retention-pulse" }, Ct);
        var surveyId = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var launched = await winter.Admin.PostAsJsonAsync($"/api/admin/surveys/{surveyId}/runs", new JsonObject
        {
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") }, ["opensAt"] = opensAt, ["closesAt"] = closesAt,
            ["reminderEveryDays"] = reminderEveryDays, ["maxReminders"] = maxReminders,
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, launched.StatusCode);
        return (string)(await launched.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
    }

    List<string> Sent(string campaign) =>
        [.. winter.App.Get<OutboxStore>().ForCampaign(campaign).OrderBy(d => d.CreatedAt).Select(d => WinterBreak.Local(d.CreatedAt))];

    [Fact]
    public async Task A_run_due_to_open_in_the_break_opens_on_the_first_working_day_after_and_stays_open_as_long_as_planned()
    {
        var runId = await LaunchAsync("2026-12-22T09:00:00-06:00", "2026-12-29T17:00:00-06:00", reminderEveryDays: 0, maxReminders: 0);

        await winter.AdvanceHoursAsync(winter.App.Get<SurveyRunnerProgress>(), winter.HoursUntil("2027-01-04 10:00"));

        Assert.Equal(["Mon 4 Jan 09:00"], Sent("survey:" + runId));
        var run = winter.App.Get<SurveyStore>().FindRun(runId)!;
        Assert.Equal((RunStatus.Open, "Mon 4 Jan 09:00", "Mon 11 Jan 17:00"), (run.Status, WinterBreak.Local(run.OpensAt), WinterBreak.Local(run.ClosesAt)));
        var held = Assert.Single(await winter.HeldAsync());
        Assert.Equal(("survey-run", runId, "Tue 22 Dec 09:00", "Mon 4 Jan 09:00"),
            ((string?)held["kind"], (string?)held["subjectId"], WinterBreak.Local((DateTime)held["dueAt"]!), WinterBreak.Local((DateTime)held["goesAt"]!)));
    }

    [Fact]
    public async Task Without_a_break_a_reminder_due_on_a_Saturday_waits_for_Monday()
    {
        var removed = await winter.Admin.DeleteAsync(new Uri($"/api/admin/calendar/{winter.BreakId}", UriKind.Relative), Ct);
        // Opens Wednesday 16 December: the reminder is due three days later, on Saturday 19.
        var runId = await LaunchAsync("2026-12-16T09:00:00-06:00", "2026-12-23T17:00:00-06:00", reminderEveryDays: 3, maxReminders: 1);

        await winter.AdvanceHoursAsync(winter.App.Get<SurveyRunnerProgress>(), winter.HoursUntil("2026-12-21 12:00"));

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(["Mon 21 Dec 09:00"], Sent($"survey:{runId}:reminders"));
        Assert.Empty(await winter.HeldAsync());
    }

    [Fact]
    public async Task Reminders_never_go_on_a_weekend_or_in_the_break_and_wait_for_the_first_working_day_after()
    {
        // Opens Wednesday 16 December: the reminder is due on Saturday 19, then the break runs to Friday 1 January.
        var runId = await LaunchAsync("2026-12-16T09:00:00-06:00", "2027-01-08T17:00:00-06:00", reminderEveryDays: 3, maxReminders: 1);

        await winter.AdvanceHoursAsync(winter.App.Get<SurveyRunnerProgress>(), winter.HoursUntil("2027-01-04 12:00"));

        Assert.Equal(["Wed 16 Dec 09:00"], Sent("survey:" + runId));
        Assert.Equal(["Mon 4 Jan 09:00"], Sent($"survey:{runId}:reminders"));
        var held = Assert.Single(await winter.HeldAsync());
        Assert.Equal(("survey-reminders", "Winter break", "Mon 4 Jan 09:00"),
            ((string?)held["kind"], (string?)held["pauseName"], WinterBreak.Local((DateTime)held["goesAt"]!)));
    }
}
