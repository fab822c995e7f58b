using System.Globalization;
using HitBot.Core.Directory;
using HitBot.Core.Loops;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Updates;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HitBot.Core.Surveys;

/// <summary>Wakes the survey loop when a run is launched.</summary>
public sealed class SurveySignal : WakeSignal;

/// <summary>What the survey loop has done, so tests move the clock only once it is waiting.</summary>
public sealed class SurveyRunnerProgress() : LoopProgress("survey runner");

/// <summary>
/// Opens runs (the survey card to everyone in the audience), reminds those who have not answered (spaced, at most the
/// maximum, only in their daytime), closes runs (<see cref="RunCloseMessages"/>: summary, at-risk lists, who wants more) and opens
/// the next run of a recurring survey. Early check-ins (<see cref="EarlyCheckIns"/>) are made here as ordinary runs. Every message has an outbox key, so a look repeated after a crash sends nothing twice.
/// </summary>
public sealed partial class SurveyRunner(
    SurveyStore store, SurveyResults results, RunCloseMessages closeMessages, EarlyCheckIns checkIns, AudienceResolver audiences, OutboxStore outbox, MessageBudget budget,
    SurveySignal signal, SurveyRunnerProgress progress, ProgramClock clock, TimeProvider time, ILogger<SurveyRunner> logger,
    SurveyHolds holds, PeopleDirectory people) : TimedLoop(signal, progress, time)
{
    /// <summary>Reminders go between these local hours, on working days (the program calendar: no weekends, holidays or pauses).</summary>
    public static readonly TimeOnly DaytimeStart = new(9, 0), DaytimeEnd = new(19, 0);

    protected override TimeSpan Poll { get; } = TimeSpan.FromMinutes(5);

    protected override DateTimeOffset? LookAt(DateTimeOffset now)
    {
        Look(now.UtcDateTime);
        return null;
    }

    // One bad look must not stop surveys for good; what is due is still due at the next one.
    protected override void LookFailed(Exception e) => Log.SurveyLookFailed(logger, e);

    public void Look(DateTime now)
    {
        // Under the same lock as the admin API's close, cancel and extend: a run cancelled mid-look gets no reminder after it.
        lock (gate)
        {
            StopMessagesOfCancelledRuns();
            checkIns.Schedule(now);
            foreach (var run in store.RunsIn(RunStatus.Scheduled).Where(r => r.OpensAt <= now))
                if (now >= run.ClosesAt) Skip(run, now);
                else if (holds.HoldOpening(run, now) is null) Open(run, now);
            var open = store.RunsIn(RunStatus.Open);
            foreach (var run in open)
            {
                if (run.ClosedEarlyAt is { } early) Close(run, now, early); // "Close now" that HitBot stopped partway
                else if (now >= run.ClosesAt) Close(run, now);
                else Remind(run, now);
            }
            ForgetPassesOfRunsNotIn(open);
        }
    }

    readonly Lock gate = new();

    /// <summary>The outbox key of a person's invitation to a run: one per person and run, whoever queues it.</summary>
    internal static string InvitationKey(SurveyRun run, string personId) => $"{run.Campaign}:{personId}";

    void Open(SurveyRun run, DateTime now)
    {
        // Read before the audience: someone who joins while the cards are queued is found by the next look's pass.
        var changes = people.PeopleChanges;
        var cardFor = SurveyCards.FormsFor(run, clock.ZoneOf, people.PartnersWithALead());
        var at = Time.GetUtcNow();
        // An anonymous run counts its groups in the read that finds its recipients, once, instead of at every answer.
        var groups = run.Anonymous ? new AudienceGroups() : null;
        outbox.EnqueueMany(audiences.Resolve(run.Audience, groups).Recipients.Select(r =>
            Delivery.Send(InvitationKey(run, r.Person.Id), run.Campaign, r.Person.Id, r.Address, cardFor(r.Person), at)));
        // A scheduled run was never closed early: a mark it has came from the run before it, as HitBot once copied it.
        store.Save(run with { Status = RunStatus.Open, ClosedEarlyAt = null, KeptGroups = groups is null ? run.KeptGroups : KeptGroups.Of(groups) });
        // Everyone in the audience has just been asked: the look goes on to this run's reminders with nobody new to look for.
        passes[run.Id] = new ReminderPass(Due: 0, run.Audience.People.Count, changes, DateTime.MaxValue);
    }

    /// <summary>
    /// A run whose whole window passed while HitBot was stopped: opened now, it would ask for answers it no longer takes,
    /// and a repeating survey stopped for weeks would send one card per missed week. It is written down as cancelled (no
    /// point of the trend, nothing sent), and a repeating survey goes on with its next run.
    /// </summary>
    void Skip(SurveyRun run, DateTime now)
    {
        ScheduleNext(run, now);
        store.Save(run with { Status = RunStatus.Cancelled, CancelledAt = now, MessagesStoppedAt = now, ClosedEarlyAt = null });
        Log.MissedRunSkipped(logger, run.Id);
    }

    /// <summary>Closes at <paramref name="closedAt"/> (early) or the run's own time; a repeat keeps the series' own dates.</summary>
    /// <remarks>
    /// The run is saved closed last: until then it is open and past its closing time, so a look after a crash anywhere
    /// in between closes it again, and every step is safe to repeat (the messages' keys, a cancel of nothing, the next
    /// run looked up first). Saved first, a crash left a closed run whose series never went on and whose moved
    /// reminders were still sent.
    /// </remarks>
    void Close(SurveyRun run, DateTime now, DateTime? closedAt = null)
    {
        var closed = run with { Status = RunStatus.Closed, ClosesAt = closedAt ?? run.ClosesAt };
        // A reminder the message budget moved past the closing time would ask for answers no longer taken.
        outbox.Cancel([run.Campaign + ":reminders"], ClosedBeforeReminderReason);
        // So would an invitation still waiting: HitBot stopped before it went and started again after the close, or the
        // platform kept refusing it until then. The kept counts say whether any waits, so a usual close reads no row.
        var invitations = outbox.Tallies([run.Campaign])[run.Campaign];
        if (invitations.Count(DeliveryState.Queued) + invitations.Count(DeliveryState.Sending) + invitations.Count(DeliveryState.Failed)
            + invitations.Count(DeliveryState.Held) > 0)
            outbox.Cancel([run.Campaign], ClosedBeforeInvitationReason);
        // The summary counts the invited as the run's page will from now on (InvitedAtClose): after the cancel, which asked
        // nobody. Counted before it, the summary said 1 of 3 (33%) of a run whose page said 1 of 2 (50%).
        closeMessages.Send(closed, results.For(closed));
        ScheduleNext(run, now, closedAt);
        // Counted once the waiting invitations are cancelled, and saved with the status: the rows go after RetentionDays.
        store.Save(closed with { InvitedAtClose = results.CountInvited(run), InvitedGroupsAtClose = results.CountInvitedGroups(run) });
    }

    /// <summary>A repeating survey's next run, saved once (looked up first, so a repeat after a crash changes nothing).</summary>
    void ScheduleNext(SurveyRun run, DateTime now, DateTime? closedAt = null)
    {
        if (run.RepeatEveryWeeks is { } weeks)
        {
            // The series keeps its own rhythm: a run the calendar moved past a pause does not move the ones after it.
            // Steps are in the program's local time, so a 09:00 survey still opens at 09:00 after the clocks change.
            var opens = run.PlannedOpensAt ?? run.OpensAt;
            var closes = clock.MovedAlong(run.ClosesAt, run.OpensAt, opens);
            // A run a pause moved closes after its series' next date: that date is passed over, or the next run opened the
            // moment this one closed and tutors who had just answered were asked again. A run must close before the next
            // opens (SetClosesAt), and so it does here.
            var steps = 1;
            while (clock.SameLocalTimeDaysLater(opens, 7 * weeks * steps) < (closedAt ?? run.ClosesAt)) steps++;
            var nextOpens = clock.SameLocalTimeDaysLater(opens, 7 * weeks * steps);
            var next = run with
            {
                Id = string.Create(CultureInfo.InvariantCulture, $"{run.SurveyId}-{nextOpens:yyyyMMddHHmm}"),
                OpensAt = nextOpens,
                ClosesAt = clock.SameLocalTimeDaysLater(closes, 7 * weeks * steps),
                PlannedOpensAt = null,
                // This run's "Close now" is not the next one's: inherited, it closed the next run the moment it opened.
                ClosedEarlyAt = null,
                // Nobody pressed anything for this one: a retried launch is answered with the run it launched, not a later one.
                LaunchKey = null,
                Status = RunStatus.Scheduled,
                CreatedAt = now,
            };
            if (store.FindRun(next.Id) is null) store.Save(next);
        }
    }

    public const string ClosedBeforeInvitationReason = "The survey closed before this invitation could be delivered";
    public const string ClosedBeforeReminderReason = "The survey closed before this reminder's turn in the person's message budget";
}
