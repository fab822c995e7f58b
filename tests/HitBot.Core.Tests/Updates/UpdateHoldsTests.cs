using HitBot.Core.Calendar;
using HitBot.Core.Directory;
using HitBot.Core.Updates;

namespace HitBot.Core.Tests.Updates;

/// <summary>Scheduled updates and the program calendar: nothing non-urgent goes out in winter break.</summary>
public sealed class UpdateHoldsTests : IDisposable
{
    static readonly DateTimeOffset MondayInTheBreak = new(2026, 12, 21, 14, 0, 0, TimeSpan.Zero); // 08:00 in Chicago
    readonly UpdatesUnderTest app = new(MondayInTheBreak);

    public UpdateHoldsTests() => app.Calendar.SaveAll([new CalendarEntry
    {
        Id = "winter", Name = "Winter break", Kind = CalendarKind.Break, First = new DateOnly(2026, 12, 21), Last = new DateOnly(2027, 1, 1),
    }]);

    static readonly UpdateSchedule MondayMornings = new() { Weekly = new WeeklySlot(DayOfWeek.Monday, new TimeOnly(8, 0)) };

    [Fact]
    public void A_weekly_update_skips_its_occurrences_in_the_break_and_the_dashboard_says_when_it_goes_next()
    {
        var update = app.Draft("u1", new Audience { Roles = [Roles.Tutor] }, MondayMornings) with { NextAt = MondayInTheBreak.UtcDateTime };

        var waitFor = app.Holds.Hold(update, MondayInTheBreak);

        // The next Monday is in the break too (held in its turn); the first one after is 4 January.
        Assert.Equal(new DateTime(2026, 12, 28, 14, 0, 0, DateTimeKind.Utc), waitFor);
        var row = Assert.Single(app.Held.Latest());
        Assert.Equal((HeldKind.Update, true, new DateTime(2027, 1, 4, 14, 0, 0, DateTimeKind.Utc)), (row.Kind, row.Skipped, row.GoesAt));
    }

    [Fact]
    public void A_one_off_update_due_in_the_break_goes_at_the_same_time_on_the_first_working_day_after()
    {
        var at = new DateTime(2026, 12, 22, 16, 30, 0, DateTimeKind.Utc); // Tuesday 10:30 in Chicago
        var update = app.Draft("u1", new Audience { Roles = [Roles.Tutor] }, new UpdateSchedule { At = at }) with { NextAt = at };

        var waitFor = app.Holds.Hold(update, new DateTimeOffset(at));

        Assert.Equal(new DateTime(2027, 1, 4, 16, 30, 0, DateTimeKind.Utc), waitFor);
        Assert.False(Assert.Single(app.Held.Latest()).Skipped);
    }

    [Fact]
    public void An_urgent_update_goes_even_in_the_break()
    {
        var update = app.Draft("u1", new Audience { Roles = [Roles.Tutor] }, MondayMornings) with { Urgent = true, NextAt = MondayInTheBreak.UtcDateTime };

        Assert.Null(app.Holds.Hold(update, MondayInTheBreak));
        Assert.Empty(app.Held.Latest());
    }

    [Fact]
    public void An_update_due_after_the_break_goes_as_scheduled()
    {
        var after = new DateTimeOffset(2027, 1, 4, 14, 0, 0, TimeSpan.Zero);
        var update = app.Draft("u1", new Audience { Roles = [Roles.Tutor] }, MondayMornings) with { NextAt = after.UtcDateTime };

        Assert.Null(app.Holds.Hold(update, after));
    }

    public void Dispose() => app.Dispose();
}
