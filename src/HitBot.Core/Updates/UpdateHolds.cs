using System.Globalization;
using HitBot.Core.Calendar;
using HitBot.Core.Messaging.Outbox;

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
        held.Place(HeldKind.Update, string.Create(CultureInfo.InvariantCulture, $"{update.Id}:{due:yyyy-MM-ddTHH:mm}"), update.Id, update.Title, due, next, pause, skipped: schedule.IsRecurring);
        // The weekly occurrence right after this one: if it is in the pause too, it is held (and recorded) in its turn.
        return schedule.IsRecurring ? schedule.NextAfter(now.UtcDateTime, clock.Zone) : next;
    }

    /// <summary>
    /// The rest of a send HitBot stopped partway (<see cref="Update.SendingSince"/>) and found again during a pause: it waits
    /// for 09:00 on the first working day after (recorded for the dashboard), as the copies already queued do; null when it is
    /// finished now. Finished at once, the tutors the stop had not reached yet got the Friday newsletter on the Tuesday of
    /// spring break. Urgent ones go.
    /// </summary>
    public DateTime? HoldInterrupted(Update update, DateTimeOffset now) => update.SendingSince is { } since
        ? HoldRest(update, string.Create(CultureInfo.InvariantCulture, $"{update.Id}:sending:{since:yyyy-MM-ddTHH:mm}"), since, now) : null;

    /// <summary>
    /// The rest of a send HitBot stopped partway (a "Send now", or a series' issue: <paramref name="heldKey"/> names which),
    /// found during a pause: it waits for 09:00 on the first working day after, recorded as held back from
    /// <paramref name="due"/>; null when it goes now (no pause, or urgent).
    /// </summary>
    public DateTime? HoldRest(Update update, string heldKey, DateTime due, DateTimeOffset now)
    {
        if (update.Urgent || calendar.PauseAt(now) is not { } pause) return null;
        var goes = calendar.OnNextWorkingDay(ProgramCalendar.DateOf(now.UtcDateTime, clock.Zone), MessageBudget.DaytimeStart, clock.Zone);
        held.Place(HeldKind.Update, heldKey, update.Id, update.Title, due, goes, pause);
        return goes;
    }

    /// <summary>
    /// What the calendar will do to the next occurrence, before it is due (nothing is recorded): null when it goes as
    /// scheduled. The dashboard says so on the update, rather than showing a date that will not send.
    /// </summary>
    public HeldAhead? Ahead(Update update)
    {
        if (update.Urgent || update.Schedule is not { } schedule || update.NextAt is not { } due
            || calendar.PauseOn(ProgramCalendar.DateOf(due, clock.Zone)) is not { } pause) return null;
        DateTime? goes = schedule.IsRecurring
            ? FirstOutsidePauses(schedule, due)
            : calendar.OnNextWorkingDay(ProgramCalendar.DateOf(due, clock.Zone), ProgramCalendar.TimeOf(due, clock.Zone), clock.Zone);
        return new HeldAhead(pause.Name, pause.First, pause.Last, schedule.IsRecurring, goes);
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

/// <summary>The pause the next occurrence falls in; a weekly one is skipped (Skipped), a one-off waits; GoesAt is when it goes instead.</summary>
public sealed record HeldAhead(string PauseName, DateOnly First, DateOnly Last, bool Skipped, DateTime? GoesAt);
