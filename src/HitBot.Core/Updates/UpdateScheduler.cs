using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Loops;
using Microsoft.Extensions.Logging;

namespace HitBot.Core.Updates;

/// <summary>Wakes the scheduler when an update's schedule is set or changed.</summary>
public sealed class UpdateScheduleSignal : WakeSignal;

/// <summary>What the scheduler has done, so tests move the clock only once it is waiting.</summary>
public sealed class UpdateSchedulerProgress() : LoopProgress("update scheduler");

/// <summary>
/// Sends scheduled updates when their time comes. Queueing is idempotent per occurrence (see <see cref="UpdateSender.Queue"/>)
/// and the next occurrence is saved only afterwards, so a crash in between sends that occurrence again to nobody new.
/// After downtime a missed occurrence is sent once, late; the ones before it are not sent in a burst. Each look also
/// finishes a "Send now" that HitBot stopped partway.
/// </summary>
public sealed class UpdateScheduler(
    UpdateStore updates, UpdateSender sender, UpdateCorrections corrections, SeriesRunner series, UpdateScheduleSignal signal, UpdateSchedulerProgress progress,
    ProgramClock clock, TimeProvider time, ILogger<UpdateScheduler> logger, UpdateHolds holds) : TimedLoop(signal, progress, time)
{
    protected override TimeSpan Poll { get; } = TimeSpan.FromMinutes(1);

    protected override DateTimeOffset? LookAt(DateTimeOffset now) => Look(now);

    // Internal, not protected, so tests can drive one look by hand (as SurveyRunner.Look and ActionReminders.Look are public).
    /// <summary>One look: finishes what HitBot stopped partway, fires due schedules and series; returns when the next falls due.</summary>
    internal DateTimeOffset? Look(DateTimeOffset now)
    {
        DateTime? finishAt = null;
        foreach (var update in updates.SendsUnderWay())
        {
            // Found during a pause of the program calendar: the rest goes on the first working day after it.
            if (holds.HoldInterrupted(update, now) is { } afterPause)
            {
                finishAt = finishAt is { } soon && soon < afterPause ? soon : afterPause;
                continue;
            }
            // Stopped partway and found again at night, hours later (HitBot was down): the rest of the audience gets it in
            // the morning, as a late schedule does, not at 23:00 beside those who had it at 15:00. Urgent ones go now.
            if (!update.Urgent && update.SendingSince is { } since && LateSends.MorningAfter(since, now.UtcDateTime, clock.Zone) is { } morning)
            {
                Log.InterruptedSendWaitsForMorning(logger, update.Id, morning);
                finishAt = finishAt is { } at && at < morning ? at : morning;
                continue;
            }
            Finish(update);
        }
        foreach (var update in updates.CorrectionsUnderWay()) FinishCorrection(update);
        foreach (var update in updates.DueSchedules(now)) Fire(update, now);
        var nextSeries = series.Look(now);
        DateTimeOffset? finish = finishAt is { } f ? new DateTimeOffset(DateTime.SpecifyKind(f, DateTimeKind.Utc)) : null;
        DateTimeOffset? next = updates.NextScheduledAt() is { } scheduled && (nextSeries is null || scheduled < nextSeries) ? scheduled : nextSeries;
        return finish is { } w && (next is null || w < next) ? w : next;
    }

    protected override void LookFailed(Exception e) => Log.ScheduleLookFailed(logger, e);

    /// <summary>A "Send now" that HitBot stopped partway (<see cref="Update.SendingSince"/>): the rest of its audience is queued.</summary>
    void Finish(Update update)
    {
        try
        {
            if (sender.FinishInterruptedSend(update.Id) is { } reach) Log.InterruptedSendFinished(logger, update.Id, reach.Recipients.Count);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.InterruptedSendFailed(logger, e, update.Id);
        }
    }

    /// <summary>A correction HitBot stopped partway (<see cref="Update.CorrectingSince"/>): the rest of its edits are queued.</summary>
    void FinishCorrection(Update update)
    {
        try
        {
            if (corrections.FinishInterrupted(update.Id)) Log.InterruptedCorrectionFinished(logger, update.Id, update.Revision);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.InterruptedCorrectionFailed(logger, e, update.Id);
        }
    }

    void Fire(Update update, DateTimeOffset now)
    {
        try
        {
            // The program calendar: a non-urgent occurrence on a day inside a break or testing window does not go.
            if (holds.Hold(update, now) is { } instead)
            {
                MoveOn(update, _ => instead);
                return;
            }
            // Missed while HitBot was down, and found at night: it goes in the morning (urgent ones go now).
            if (!update.Urgent && update.NextAt is { } due && LateSends.MorningAfter(due, now.UtcDateTime, clock.Zone) is { } morning)
            {
                MoveOn(update, _ => morning);
                Log.LateUpdateWaitsForMorning(logger, update.Id, morning);
                return;
            }
            var reach = sender.Queue(update, update.NextAt);
            var next = MoveOn(update, fresh => fresh.Schedule?.NextAfter(now.UtcDateTime, clock.Zone))?.NextAt;
            Log.ScheduledUpdateSent(logger, update.Id, reach.Recipients.Count, next);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One broken update must not stop the others; it stays due and is tried again at the next look.
            Log.ScheduledUpdateFailed(logger, e, update.Id);
        }
    }

    /// <summary>
    /// Moves the update past the occurrence just dealt with, read and saved in one transaction; only while that occurrence
    /// is still its next one: a coordinator who stopped or changed the schedule meanwhile (while this one was being queued)
    /// keeps what they chose, instead of the old schedule coming back from the scheduler's earlier read.
    /// </summary>
    Update? MoveOn(Update fired, Func<Update, DateTime?> next) =>
        updates.Change(fired.Id, fresh => fresh.NextAt == fired.NextAt ? fresh with { NextAt = next(fresh) } : fresh);
}
