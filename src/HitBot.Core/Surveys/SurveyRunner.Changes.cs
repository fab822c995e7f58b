namespace HitBot.Core.Surveys;

/// <summary>What a change to a launched run came to: the run as it is now, or why nothing changed.</summary>
public sealed record RunChange(RunChangeOutcome Outcome, SurveyRun? Run = null, List<string>? Problems = null)
{
    public static readonly RunChange NotFound = new(RunChangeOutcome.NotFound);

    public static RunChange Conflict(string why) => new(RunChangeOutcome.Conflict, Problems: [why]);
}

public enum RunChangeOutcome
{
    Changed,
    NotFound,
    /// <summary>The run's state forbids it (already closed or cancelled): a 409.</summary>
    Conflict,
    /// <summary>A field is wrong: a 400 listing the fields.</summary>
    Invalid,
}

/// <summary>The central team's changes to a launched run, under the loop's lock so a look never works on a run half changed.</summary>
public sealed partial class SurveyRunner
{
    public const string CancelledReason = "Survey run cancelled by the central team";

    /// <summary>Closes an open run now, with the same close work as at its closing time (outbox keys: it happens once).</summary>
    public RunChange CloseNow(string runId)
    {
        lock (gate)
        {
            if (store.FindRun(runId) is not { } run) return RunChange.NotFound;
            if (run.Status != RunStatus.Open) return RunChange.Conflict(run.Status switch
            {
                RunStatus.Scheduled => "This run has not opened yet, so there is nothing to close: cancel it instead.",
                RunStatus.Cancelled => "This run was cancelled: it has no results to close.",
                _ => "This run is already closed.",
            });
            var now = Time.GetUtcNow().UtcDateTime;
            // Marked first: stopped anywhere after, the run is closed by the next look at this time, not at its planned one.
            var closing = run with { ClosedEarlyAt = now < run.ClosesAt ? now : run.ClosesAt };
            store.Save(closing);
            Close(closing, now, closing.ClosedEarlyAt);
            return new(RunChangeOutcome.Changed, store.FindRun(runId));
        }
    }

    /// <summary>
    /// A scheduled run never opens; an open one sends nothing more (no reminders, no summary) and records no answers.
    /// Invitations and reminders still waiting in the outbox are cancelled with it. A repeating survey's series stops here.
    /// </summary>
    public RunChange Cancel(string runId)
    {
        lock (gate)
        {
            if (store.FindRun(runId) is not { } run) return RunChange.NotFound;
            if (run.Status is RunStatus.Closed or RunStatus.Cancelled)
                return RunChange.Conflict(run.Status == RunStatus.Closed
                    ? "This run has already closed: its results stay, and there is nothing left to cancel."
                    : "This run is already cancelled.");
            // Saved first, so no look sends it anything more; its waiting messages are stopped after, and a look finishes
            // that if HitBot stops in between (StopMessagesOfCancelledRuns).
            var cancelled = run with { Status = RunStatus.Cancelled, CancelledAt = Time.GetUtcNow().UtcDateTime };
            store.Save(cancelled);
            return new(RunChangeOutcome.Changed, StopMessages(cancelled));
        }
    }

    SurveyRun StopMessages(SurveyRun cancelled)
    {
        outbox.Cancel([cancelled.Campaign, cancelled.Campaign + ":reminders"], CancelledReason);
        var stopped = cancelled with { MessagesStoppedAt = Time.GetUtcNow().UtcDateTime };
        store.Save(stopped);
        return stopped;
    }

    /// <summary>Runs cancelled whose waiting messages were not stopped yet: HitBot stopped in between.</summary>
    void StopMessagesOfCancelledRuns()
    {
        foreach (var run in store.RunsIn(RunStatus.Cancelled).Where(r => r.MessagesStoppedAt is null)) StopMessages(run);
    }

    /// <summary>Moves the closing time of a scheduled or open run: later than now and than its opening.</summary>
    public RunChange SetClosesAt(string runId, DateTimeOffset? closesAt)
    {
        lock (gate)
        {
            if (store.FindRun(runId) is not { } run) return RunChange.NotFound;
            if (run.Status is RunStatus.Closed or RunStatus.Cancelled)
                return RunChange.Conflict($"This run is {(run.Status == RunStatus.Closed ? "closed" : "cancelled")}: its closing date can no longer change.");
            var now = Time.GetUtcNow().UtcDateTime;
            var problems = new List<string>();
            if (closesAt is not { } closes) problems.Add("closesAt: say when the survey closes, as a date and time such as 2026-03-20T17:00 (the program's time zone unless it has an offset).");
            else if (closes.UtcDateTime <= now) problems.Add("closesAt: must be in the future.");
            else if (!TypedDates.IsNear(closes, Time.GetUtcNow())) problems.Add(TypedDates.Problem("closesAt", closes, clock.Zone));
            else if (closes.UtcDateTime <= run.OpensAt) problems.Add("closesAt: must be after opensAt.");
            else if (run.RepeatEveryWeeks is { } weeks && closes.UtcDateTime > clock.SameLocalTimeDaysLater(run.OpensAt, 7 * weeks))
                problems.Add("closesAt: this survey repeats; a run must close before the next one opens.");
            if (problems.Count > 0 || closesAt is not { } valid) return new(RunChangeOutcome.Invalid, Problems: problems);
            var changed = run with { ClosesAt = valid.UtcDateTime };
            store.Save(changed);
            return new(RunChangeOutcome.Changed, changed);
        }
    }
}
