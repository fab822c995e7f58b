using HitBot.Core.Calendar;

namespace HitBot.Core.Updates;

/// <summary>
/// The program calendar's word on a scheduled update: on a day inside a pause (break, testing window, holiday) a
/// non-urgent occurrence does not go. A weekly occurrence is skipped — the next one after the pause sends as usual —
/// and a one-off waits for the same time on the first working day after. Each hold is recorded for the dashboard.
/// </summary>
public sealed class UpdateHolds(ProgramCalendar calendar, PauseHolds held, ProgramClock clock)
{
    /// <summary>The occurrence to wait for instead, when <paramref name="update"/> is held now; null when it goes.</summary>
    public DateTime? Hold(Update update, DateTimeOffset now)
    {
        if (update.Urgent || update.Schedule is not { } schedule || calendar.PauseAt(now) is not { } pause) return null;
        var due = update.NextAt ?? now.UtcDateTime;
        var today = ProgramCalendar.DateOf(now.UtcDateTime, clock.Zone);
        DateTime? next = schedule.IsRecurring
            ? FirstOutsidePauses(schedule, now.UtcDateTime)
            : calendar.OnNextWorkingDay(today, ProgramCalendar.TimeOf(due, clock.Zone), clock.Zone);
        held.Place(HeldKind.Update, $"{update.Id}:{due:yyyy-MM-ddTHH:mm}", update.Id, update.Title, due, next, pause, skipped: schedule.IsRecurring);
        // The weekly occurrence right after this one: if it is in the pause too, it is held (and recorded) in its turn.
        return schedule.IsRecurring ? schedule.NextAfter(now.UtcDateTime, clock.Zone) : next;
    }

    /// <summary>The first weekly occurrence on a day outside every pause (what the dashboard shows as "goes next").</summary>
    DateTime? FirstOutsidePauses(UpdateSchedule schedule, DateTime after)
    {
        var next = schedule.NextAfter(after, clock.Zone);
        for (var i = 0; i < 60 && next is { } at && calendar.PauseOn(ProgramCalendar.DateOf(at, clock.Zone)) is not null; i++)
            next = schedule.NextAfter(at, clock.Zone);
        return next;
    }
}
