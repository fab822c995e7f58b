using HitBot.Core.Directory;
using HitBot.Core.Updates;

namespace HitBot.Core.Tests.Updates;

/// <summary>When a scheduled update or a newsletter series goes next, in the program's time zone; and how a schedule is read.</summary>
public sealed class UpdateScheduleTests : IDisposable
{
    static readonly TimeZoneInfo Chicago = UpdatesUnderTest.Chicago;
    readonly UpdatesUnderTest app = new(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero)); // Monday 08:00 in Chicago

    static DateTime Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    [Fact]
    public void A_weekly_update_keeps_its_local_time_when_the_clocks_go_forward()
    {
        var weekly = new UpdateSchedule { Weekly = new WeeklySlot(DayOfWeek.Monday, new TimeOnly(8, 0)) };

        var next = weekly.NextAfter(Utc(3, 2, 14), Chicago); // exactly this Monday's slot: the next one is strictly after

        Assert.Equal(Utc(3, 9, 13), next); // 08:00 daylight time
    }

    [Fact]
    public void A_one_off_update_goes_at_its_time_once_and_never_after_it()
    {
        var once = new UpdateSchedule { At = Utc(3, 4, 15) };

        Assert.Equal(Utc(3, 4, 15), once.NextAfter(Utc(3, 2, 14), Chicago));
        Assert.Null(once.NextAfter(Utc(3, 4, 15), Chicago));
    }

    [Fact]
    public void An_every_other_week_series_counts_its_weeks_from_its_first_day()
    {
        var series = new UpdateSeries
        {
            Id = "s1", Name = "Tutor newsletter", Rhythm = SeriesRhythm.EveryOtherWeek, Slot = new WeeklySlot(DayOfWeek.Tuesday, new TimeOnly(8, 30)),
            StartsOn = new DateOnly(2026, 3, 2),
        };

        var first = series.NextAfter(Utc(2, 1, 0), Chicago);
        var second = series.NextAfter(first, Chicago);
        var weekly = (series with { Rhythm = SeriesRhythm.Weekly }).NextAfter(first, Chicago);

        Assert.Equal(Utc(3, 3, 14, 30), first); // the first Tuesday on or after its start, 08:30 standard time
        Assert.Equal(Utc(3, 17, 13, 30), second); // two weeks on, 08:30 daylight time
        Assert.Equal(Utc(3, 10, 13, 30), weekly);
    }

    [Fact]
    public void A_series_starting_on_a_day_whose_midnight_the_clocks_skip_still_finds_its_first_slot()
    {
        // Chile moves its clocks forward at midnight: Sunday 6 September 2026 begins at 01:00 in Santiago.
        var santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");
        var series = new UpdateSeries
        {
            Id = "s1", Name = "Boletín", Rhythm = SeriesRhythm.Weekly, Slot = new WeeklySlot(DayOfWeek.Monday, new TimeOnly(8, 0)),
            StartsOn = new DateOnly(2026, 9, 6),
        };

        var first = series.NextAfter(new DateTime(2026, 9, 1, 0, 0, 0, DateTimeKind.Utc), santiago);

        Assert.Equal(new DateTime(2026, 9, 7, 11, 0, 0, DateTimeKind.Utc), first); // Monday 08:00, summer time (UTC-3)
    }

    /// <summary>
    /// The central team is told the day before an empty slot. A coordinator in Los Angeles read "Monday 9 March at 08:00" as
    /// their own 08:00 and thought they had until then to queue an issue: the slot is the program's, two hours earlier.
    /// </summary>
    [Fact]
    public void The_nothing_queued_notice_names_the_time_zone_of_the_slot()
    {
        var series = new UpdateSeries { Id = "s1", Name = "Tutor newsletter", Slot = new WeeklySlot(DayOfWeek.Monday, new TimeOnly(8, 0)) };

        var notice = SeriesCards.NothingQueued(series, Utc(3, 9, 13), Chicago);

        var text = Assert.IsType<HitBot.Core.Messaging.TextBlock>(notice.Card.Body[0]).Markdown;
        Assert.Contains("is Monday 9 March at 08:00 Chicago time,", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_time_written_without_an_offset_is_read_in_the_programs_time_zone()
    {
        app.Draft("u1", new Audience { Roles = [Roles.Tutor] });

        var (update, problems) = app.Scheduling.Set("u1", new ScheduleRequest("2026-03-09T08:00", null));

        Assert.Empty(problems);
        Assert.Equal(Utc(3, 9, 13), update?.Schedule?.At);
        Assert.Equal(Utc(3, 9, 13), app.Updates.Find("u1")?.NextAt);
    }

    [Fact]
    public void A_time_with_an_offset_is_taken_as_written()
    {
        app.Draft("u1", new Audience { Roles = [Roles.Tutor] });

        var (update, _) = app.Scheduling.Set("u1", new ScheduleRequest("2026-03-09T08:00+01:00", null));

        Assert.Equal(Utc(3, 9, 7), update?.Schedule?.At);
    }

    [Theory]
    [InlineData("2026-03-08T02:30", null, null, "does not exist in America/Chicago")]
    [InlineData("2026-03-01T08:00", null, null, "the time is in the past")]
    [InlineData("next tuesday", null, null, "is not a date and time")]
    [InlineData("2037-03-21T04:00Z", null, null, "at: 2037-03-20 is more than 10 years from today")] // 23:00 on 20 March in Chicago
    [InlineData("0001-01-01T00:00Z", null, null, "at: 0001-01-01 is more than 10 years from today")] // before the calendar's start in Chicago
    [InlineData("2026-03-09T08:00", "Monday", "08:00", "not both")]
    [InlineData(null, "Funday", "08:00", "'Funday' is not a day of the week")]
    [InlineData(null, "Monday", "8am", "'8am' is not a time")]
    public void A_schedule_that_cannot_be_kept_is_refused_with_the_reason_and_nothing_is_saved(string? at, string? day, string? time, string reason)
    {
        app.Draft("u1", new Audience { Roles = [Roles.Tutor] });

        var (update, problems) = app.Scheduling.Set("u1", new ScheduleRequest(at, day is null && time is null ? null : new WeeklyRequest(day, time)));

        Assert.Null(update);
        Assert.Contains(reason, Assert.Single(problems), StringComparison.Ordinal);
        Assert.Null(app.Updates.Find("u1")?.Schedule);
    }

    [Fact]
    public void A_weekly_schedule_is_saved_with_its_next_occurrence()
    {
        app.Draft("u1", new Audience { Roles = [Roles.Tutor] });

        var (update, _) = app.Scheduling.Set("u1", new ScheduleRequest(null, new WeeklyRequest("wednesday", "07:30")));

        Assert.Equal(new WeeklySlot(DayOfWeek.Wednesday, new TimeOnly(7, 30)), update?.Schedule?.Weekly);
        Assert.Equal(Utc(3, 4, 13, 30), update?.NextAt);
    }

    public void Dispose() => app.Dispose();
}
