using HitBot.Core.Calendar;

namespace HitBot.Core.ActionPlan;

/// <summary>
/// The program calendar's word on action-item reminders: a reminder due on a day inside a pause (a break, testing window
/// or holiday) moves to the start of the owner's first working day after. Several slots held by one pause go as one,
/// like slots missed while HitBot was down. Each hold is recorded for the dashboard.
/// </summary>
public sealed class ReminderHolds(ProgramCalendar calendar, PauseHolds held)
{
    /// <summary>When the reminder goes instead, if today (in the owner's zone) is inside a pause; null when it goes now.</summary>
    public DateTime? Hold(ActionItem item, ReminderSlot slot, DateTime now, ActionPlanOptions options, TimeZoneInfo zone)
    {
        var days = calendar.Days();
        var today = ProgramCalendar.DateOf(now, zone);
        if (days.PauseOn(today) is not { } pause) return null;
        var goes = ReminderSchedule.SendAt(days.NextWorkingDay(today), options, zone);
        held.Place(HeldKind.ActionReminder, $"{item.Id}:{slot.Id}", item.Id, item.Title, slot.SendAt, goes, pause);
        return goes;
    }

    /// <summary>The calendar as it is now, read once for a look (a repeating item's meetings skip its pauses).</summary>
    public CalendarDays Days() => calendar.Days();
}
