using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Calendar;

namespace HitBot.Core.Surveys;

/// <summary>
/// The program calendar's word on survey runs: a run due to open inside a pause opens at the same time on the first
/// working day after (its closing moves with it, so it stays open as long as planned), and reminders go on working days
/// only — never on a weekend, a holiday or inside a pause; they wait for the next working day. Holds are recorded for the dashboard.
/// </summary>
public sealed class SurveyHolds(ProgramCalendar calendar, PauseHolds held, SurveyStore store, ProgramClock clock)
{
    /// <summary>The run moved past the pause (and saved), when today is inside one; null when it opens now.</summary>
    public SurveyRun? HoldOpening(SurveyRun run, DateTime now)
    {
        if (calendar.PauseAt(new DateTimeOffset(now, TimeSpan.Zero)) is not { } pause) return HoldLateOpening(run, now);
        var opens = calendar.OnNextWorkingDay(ProgramCalendar.DateOf(now, clock.Zone), ProgramCalendar.TimeOf(run.OpensAt, clock.Zone), clock.Zone);
        var moved = Moved(run, opens);
        held.Place(HeldKind.SurveyRun, run.Id, run.Id, run.Title, run.OpensAt, opens, pause);
        return moved;
    }

    /// <summary>
    /// The run opening at <paramref name="opens"/> instead, its closing moved with it on the program's clock (open as long as
    /// planned, closing at the same local time), saved.
    /// </summary>
    SurveyRun Moved(SurveyRun run, DateTime opens)
    {
        var moved = run with
        {
            OpensAt = opens,
            ClosesAt = clock.MovedAlong(run.ClosesAt, run.OpensAt, opens),
            PlannedOpensAt = run.PlannedOpensAt ?? run.OpensAt,
        };
        store.Save(moved);
        return moved;
    }

    /// <summary>
    /// A run that was due to open while HitBot was down, found at night (<see cref="LateSends"/>): it opens at the next
    /// 09:00 instead of sending every invitation then, and its closing moves with it; null when it opens now.
    /// </summary>
    SurveyRun? HoldLateOpening(SurveyRun run, DateTime now) =>
        LateSends.MorningAfter(run.OpensAt, now, clock.Zone) is { } morning ? Moved(run, morning) : null;

    /// <summary>The calendar as it is now, read once for a look over every recipient.</summary>
    public CalendarDays Days() => calendar.Days();

    /// <summary>Records that a run's reminders wait for a pause, once per run and pause.</summary>
    public void RecordRemindersHeld(SurveyRun run, CalendarEntry pause, DateTime dueAt, TimeOnly dayStart)
    {
        var goes = calendar.OnNextWorkingDay(pause.Last.AddDays(1), dayStart, clock.Zone);
        held.Place(HeldKind.SurveyReminders, $"{run.Id}:{pause.Id}", run.Id, run.Title, dueAt, goes < run.ClosesAt ? goes : null, pause);
    }
}
