using HitBot.Core.Directory;
using HitBot.Core.Updates;

namespace HitBot.Core.Tests.Updates;

/// <summary>A newsletter series' slot changed by the central team: moved after this week's issue went, stopped, started again.</summary>
public sealed class SeriesMovedSlotTests : IDisposable
{
    static readonly DateTime ThisMonday = new(2026, 3, 2, 14, 0, 0, DateTimeKind.Utc); // 08:00 in Chicago
    readonly UpdatesUnderTest app = new(new DateTimeOffset(ThisMonday.AddDays(-1))); // Sunday
    readonly SeriesEdits edits;

    public SeriesMovedSlotTests()
    {
        app.Person("ana", Roles.Tutor);
        app.Series.Save(new UpdateSeries
        {
            Id = "s1", Name = "Tutor newsletter", Rhythm = SeriesRhythm.Weekly, Slot = new WeeklySlot(DayOfWeek.Monday, new TimeOnly(8, 0)),
            Audience = new Audience { Roles = [Roles.Tutor] }, StartsOn = new DateOnly(2026, 3, 1), CreatedAt = ThisMonday.AddDays(-1), NextAt = ThisMonday,
        });
        app.Draft("issue-1", new Audience { Roles = [Roles.Tutor] }, seriesId: "s1", position: 1);
        app.Draft("issue-2", new Audience { Roles = [Roles.Tutor] }, seriesId: "s1", position: 2);
        edits = new SeriesEdits(app.Series, new UpdateScheduleSignal(), app.Clock, app.Time);
    }

    public void Dispose() => app.Dispose();

    [Theory]
    [InlineData("Monday", "15:00")]   // later the same day
    [InlineData("Thursday", "08:00")] // later the same week
    public void A_slot_moved_after_this_weeks_issue_went_sends_the_next_one_next_week_not_twice_this_week(string day, string time)
    {
        app.Time.SetUtcNow(ThisMonday);
        app.Look(); // Monday 08:00: issue 1 goes
        Assert.Equal(UpdateStatus.Sent, app.Updates.Find("issue-1")?.Status);

        app.Time.Advance(TimeSpan.FromHours(1));
        var moved = edits.Change("s1", new SeriesRequest(null, null, day, time, null, null)).Series;

        var nextWeek = new DateTime(2026, 3, 9, 0, 0, 0, DateTimeKind.Utc);
        Assert.True(moved?.NextAt >= nextWeek, $"the next slot is {moved?.NextAt:u}, in the week issue 1 went");
        app.Time.SetUtcNow(nextWeek);
        app.Look();
        Assert.Equal(UpdateStatus.Draft, app.Updates.Find("issue-2")?.Status);
    }

    [Fact]
    public void A_stopped_series_sends_nothing_and_tells_nobody_that_nothing_is_queued_until_it_is_started_again()
    {
        app.Person("lena", Roles.CentralTeam);
        var stopped = edits.Change("s1", new SeriesRequest(null, null, null, null, null, null) { Active = false }).Series;
        Assert.Equal((false, (DateTime?)null), (stopped?.Active, stopped?.NextAt));

        // Two weeks go by: no issue goes, and the central team hears nothing of empty slots.
        app.Look();
        app.Time.SetUtcNow(ThisMonday.AddDays(14));
        app.Look();
        Assert.Equal(UpdateStatus.Draft, app.Updates.Find("issue-1")?.Status);
        Assert.Empty(app.Outbox.ForCampaign("series-empty:s1"));

        var started = edits.Change("s1", new SeriesRequest(null, null, null, null, null, null) { Active = true }).Series;
        Assert.Equal((true, (DateTime?)ThisMonday.AddDays(21).AddHours(-1)), (started?.Active, started?.NextAt)); // Monday 08:00, daylight time
        Assert.Equal(["issue-1", "issue-2"], started!.Queued.Select(q => q.Id));
    }

    [Fact]
    public void A_slot_moved_earlier_in_a_week_whose_issue_has_not_gone_yet_still_sends_it_this_week()
    {
        // Sunday: this week's slot has not come.
        var moved = edits.Change("s1", new SeriesRequest(null, null, "Monday", "07:00", null, null)).Series;

        Assert.Equal(ThisMonday.AddHours(-1), moved?.NextAt);
    }
}
