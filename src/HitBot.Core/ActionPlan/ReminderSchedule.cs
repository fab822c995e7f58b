using System.Globalization;

namespace HitBot.Core.ActionPlan;

/// <summary>One reminder of an item: a stable id (part of the outbox key) and when it may go (UTC, in working hours).</summary>
public sealed record ReminderSlot(string Id, DateOnly Day, DateTime SendAt);

/// <summary>
/// The reminder slots of an item, in the owner's time zone: the configured days before the due date (on the working day on
/// or before their day), the due date, then every few working days while overdue (not for an occurrence of a repeating
/// item); a snooze drops the slots before its day and adds one on it. Each slot goes at the start of the owner's working
/// day (the next working day when it falls on a weekend), so local hours hold across daylight-saving changes. Pure: the same item, options and zone give the same slots.
/// </summary>
public static class ReminderSchedule
{
    public static IEnumerable<ReminderSlot> Slots(ActionItem item, ActionPlanOptions options, TimeZoneInfo zone)
    {
        if (item.DueDate is not { } due) yield break;
        var snooze = item.SnoozedUntil;
        var snoozeSent = snooze is null;
        ReminderSlot? Slot(string id, DateOnly day) => snooze is { } until && day < until ? null : new(id, day, SendAt(day, options, zone));

        foreach (var days in item.RemindDaysBefore is { } own ? own.Distinct().OrderDescending().ToList() : options.DaysBefore())
        {
            var day = due.AddDays(-days);
            // A reminder before the due date that falls on a weekend comes on the Friday before: moved on to Monday, the
            // "day before" of an item (or a meeting) due on a Monday came that morning, with the due-day one, and was lost.
            if (days > 0) day = WorkingDayOnOrBefore(day);
            if (!snoozeSent && snooze is { } until && until <= day)
            {
                snoozeSent = true;
                yield return new ReminderSlot(string.Create(CultureInfo.InvariantCulture, $"snooze-{until:yyyy-MM-dd}"), until, SendAt(until, options, zone));
                if (until == day) continue;
            }
            if (Slot(days == 0 ? string.Create(CultureInfo.InvariantCulture, $"due-{due:yyyy-MM-dd}") : string.Create(CultureInfo.InvariantCulture, $"before{days}-{due:yyyy-MM-dd}"), day) is { } slot) yield return slot;
        }
        // A meeting that passed is not chased: its occurrence closes as missed when the next one comes.
        if (item.IsOccurrence)
        {
            if (!snoozeSent && snooze is { } later && later <= due.AddDays(7))
                yield return new ReminderSlot(string.Create(CultureInfo.InvariantCulture, $"snooze-{later:yyyy-MM-dd}"), later, SendAt(later, options, zone));
            yield break;
        }
        for (var n = 1; n <= 260; n++)
        {
            var day = AddWorkingDays(due, n * options.OverdueEveryWorkingDays);
            if (!snoozeSent && snooze is { } until && until <= day)
            {
                snoozeSent = true;
                yield return new ReminderSlot(string.Create(CultureInfo.InvariantCulture, $"snooze-{until:yyyy-MM-dd}"), until, SendAt(until, options, zone));
                if (until == day) continue;
            }
            if (Slot(string.Create(CultureInfo.InvariantCulture, $"overdue{n}-{due:yyyy-MM-dd}"), day) is { } slot) yield return slot;
        }
    }

    /// <summary>The start of the working day on <paramref name="day"/> (or the next working day), as UTC.</summary>
    public static DateTime SendAt(DateOnly day, ActionPlanOptions options, TimeZoneInfo zone)
    {
        var local = WorkingDayOnOrAfter(day).ToDateTime(options.Start());
        // A start inside a spring-forward gap does not exist; an hour later does.
        if (zone.IsInvalidTime(local)) local = local.AddHours(1);
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    /// <summary><paramref name="utc"/> when it is working time in <paramref name="zone"/>, else the start of the next working time there.</summary>
    public static DateTime NextWorkingStart(DateTime utc, ActionPlanOptions options, TimeZoneInfo zone)
    {
        if (IsWorkingTime(utc, options, zone)) return utc;
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        return SendAt(DateOnly.FromDateTime(local).AddDays(TimeOnly.FromDateTime(local) < options.Start() ? 0 : 1), options, zone);
    }

    /// <summary>Whether <paramref name="utc"/> is inside working hours on a working day in <paramref name="zone"/>.</summary>
    public static bool IsWorkingTime(DateTime utc, ActionPlanOptions options, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        var time = TimeOnly.FromDateTime(local);
        return local.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && time >= options.Start() && time < options.End();
    }

    /// <summary>The day itself, or the Monday after when it falls on a weekend: when <see cref="SendAt"/> sends.</summary>
    public static DateOnly WorkingDayOnOrAfter(DateOnly day)
    {
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) day = day.AddDays(1);
        return day;
    }

    static DateOnly WorkingDayOnOrBefore(DateOnly day)
    {
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) day = day.AddDays(-1);
        return day;
    }

    public static DateOnly AddWorkingDays(DateOnly day, int count)
    {
        while (count > 0)
        {
            day = day.AddDays(1);
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) count--;
        }
        return day;
    }
}
