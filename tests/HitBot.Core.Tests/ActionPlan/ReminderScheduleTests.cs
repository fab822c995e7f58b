using HitBot.Core.ActionPlan;

namespace HitBot.Core.Tests.ActionPlan;

/// <summary>When an owner hears about an item: the reminder slots, in the owner's own time zone and working hours.</summary>
public sealed class ReminderScheduleTests
{
    static readonly ActionPlanOptions Defaults = new(); // 7,1,0 days before; every 3 working days while overdue; 09:00–17:00
    static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

    static ActionItem DueOn(int month, int day) => new() { Id = "i1", Title = "Recruit tutors", DueDate = new DateOnly(2026, month, day) };

    static DateTime Utc(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void An_owner_is_reminded_a_week_before_the_day_before_on_the_day_then_every_three_working_days_while_overdue()
    {
        var item = DueOn(3, 18); // a Wednesday, after the switch to daylight time: 09:00 in Chicago is 14:00 UTC

        var slots = ReminderSchedule.Slots(item, Defaults, Chicago).Take(5).ToList();

        Assert.Equal(["before7-2026-03-18", "before1-2026-03-18", "due-2026-03-18", "overdue1-2026-03-18", "overdue2-2026-03-18"], slots.Select(s => s.Id));
        // Overdue: three working days after Wednesday is Monday (the weekend does not count), then Thursday.
        Assert.Equal([Utc(3, 11, 14), Utc(3, 17, 14), Utc(3, 18, 14), Utc(3, 23, 14), Utc(3, 26, 14)], slots.Select(s => s.SendAt));
    }

    [Fact]
    public void A_day_before_reminder_that_falls_on_a_weekend_comes_on_the_Friday_before_not_on_the_morning_it_is_due()
    {
        var item = DueOn(3, 16); // a Monday: the day before is a Sunday

        var dayBefore = ReminderSchedule.Slots(item, Defaults, Chicago).Single(s => s.Id.StartsWith("before1", StringComparison.Ordinal));

        Assert.Equal((new DateOnly(2026, 3, 13), Utc(3, 13, 14)), (dayBefore.Day, dayBefore.SendAt));
    }

    [Fact]
    public void A_due_date_on_a_weekend_is_reminded_at_the_start_of_the_next_working_day()
    {
        var item = DueOn(3, 14); // a Saturday

        var onTheDay = ReminderSchedule.Slots(item, Defaults, Chicago).Single(s => s.Id.StartsWith("due", StringComparison.Ordinal));

        Assert.Equal(Utc(3, 16, 14), onTheDay.SendAt);
    }

    [Fact]
    public void Reminders_keep_the_owners_local_start_time_across_a_daylight_saving_change()
    {
        var item = DueOn(3, 9); // the Monday after clocks went forward on Sunday 8 March

        var slots = ReminderSchedule.Slots(item, Defaults, Chicago).Take(3).ToList();

        // 09:00 Central: 15:00 UTC in standard time a week before and on the Friday before, 14:00 UTC in daylight time on the day.
        Assert.Equal([Utc(3, 2, 15), Utc(3, 6, 15), Utc(3, 9, 14)], slots.Select(s => s.SendAt));
    }

    [Fact]
    public void An_owner_in_another_time_zone_is_reminded_at_the_start_of_their_own_working_day()
    {
        var item = DueOn(3, 18);

        var london = ReminderSchedule.Slots(item, Defaults, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).Single(s => s.Id.StartsWith("due", StringComparison.Ordinal));
        var honolulu = ReminderSchedule.Slots(item, Defaults, TimeZoneInfo.FindSystemTimeZoneById("Pacific/Honolulu")).Single(s => s.Id.StartsWith("due", StringComparison.Ordinal));

        Assert.Equal(Utc(3, 18, 9), london.SendAt);
        Assert.Equal(Utc(3, 18, 19), honolulu.SendAt);
    }

    [Fact]
    public void An_items_own_reminder_days_replace_the_programs()
    {
        var item = DueOn(3, 31) with { RemindDaysBefore = [0, 14, 3, 14] };

        var before = ReminderSchedule.Slots(item, Defaults, Chicago).Take(3).Select(s => s.Day).ToList();

        // 3 days before is Saturday 28 March: the Friday before.
        Assert.Equal([new DateOnly(2026, 3, 17), new DateOnly(2026, 3, 27), new DateOnly(2026, 3, 31)], before);
    }

    [Fact]
    public void A_snooze_drops_the_reminders_before_its_day_and_reminds_once_on_it()
    {
        var item = DueOn(3, 18) with { SnoozedUntil = new DateOnly(2026, 3, 16) };

        var slots = ReminderSchedule.Slots(item, Defaults, Chicago).Take(3).ToList();

        Assert.Equal(["snooze-2026-03-16", "before1-2026-03-18", "due-2026-03-18"], slots.Select(s => s.Id));
        Assert.Equal(Utc(3, 16, 14), slots[0].SendAt);
    }

    [Fact]
    public void A_snooze_past_the_due_date_skips_the_overdue_reminders_until_it_ends()
    {
        var item = DueOn(3, 18) with { SnoozedUntil = new DateOnly(2026, 3, 25) };

        var slots = ReminderSchedule.Slots(item, Defaults, Chicago).Take(2).ToList();

        Assert.Equal(["snooze-2026-03-25", "overdue2-2026-03-18"], slots.Select(s => s.Id));
    }

    [Fact]
    public void A_meeting_of_a_repeating_item_is_reminded_the_day_before_and_never_chased_once_it_has_passed()
    {
        var occurrence = DueOn(3, 19) with { SeriesId = "reflection", RemindDaysBefore = [.. ItemSeries.OccurrenceReminderDays] };

        var slots = ReminderSchedule.Slots(occurrence, Defaults, Chicago).ToList();

        Assert.Equal(["before1-2026-03-19"], slots.Select(s => s.Id));
    }

    [Fact]
    public void A_Monday_meeting_is_reminded_on_the_Friday_before_not_on_the_morning_of_the_meeting()
    {
        var occurrence = DueOn(3, 16) with { SeriesId = "reflection", RemindDaysBefore = [.. ItemSeries.OccurrenceReminderDays] };

        var slot = Assert.Single(ReminderSchedule.Slots(occurrence, Defaults, Chicago));

        Assert.Equal((new DateOnly(2026, 3, 13), Utc(3, 13, 14)), (slot.Day, slot.SendAt));
    }

    [Fact]
    public void An_item_without_a_due_date_sends_no_reminders()
    {
        var item = new ActionItem { Id = "i1", Title = "Someday" };

        Assert.Empty(ReminderSchedule.Slots(item, Defaults, Chicago));
    }

    [Theory]
    [InlineData(2026, 3, 18, 13, 59, false)] // 08:59 Wednesday in Chicago
    [InlineData(2026, 3, 18, 14, 0, true)] // 09:00
    [InlineData(2026, 3, 18, 21, 59, true)] // 16:59
    [InlineData(2026, 3, 18, 22, 0, false)] // 17:00: the working day is over
    [InlineData(2026, 3, 21, 15, 0, false)] // 10:00 Saturday
    public void Reminders_go_only_in_the_owners_working_hours_on_weekdays(int year, int month, int day, int hour, int minute, bool working)
    {
        var utc = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Utc);

        Assert.Equal(working, ReminderSchedule.IsWorkingTime(utc, Defaults, Chicago));
    }
}
