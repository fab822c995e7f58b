using HitBot.Core.Calendar;
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
    SurveyHolds holds) : TimedLoop(signal, progress, time)
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
                if (holds.HoldOpening(run, now) is null) Open(run, now);
            foreach (var run in store.RunsIn(RunStatus.Open))
            {
                if (run.ClosedEarlyAt is { } early) Close(run, now, early); // "Close now" that HitBot stopped partway
                else if (now >= run.ClosesAt) Close(run, now);
                else Remind(run, now);
            }
        }
    }

    readonly Lock gate = new();

    void Open(SurveyRun run, DateTime now)
    {
        var card = SurveyCards.Form(run, clock.Zone);
        var at = Time.GetUtcNow();
        // An anonymous run counts its groups in the read that finds its recipients, once, instead of at every answer.
        var groups = run.Anonymous ? new AudienceGroups() : null;
        outbox.EnqueueMany(audiences.Resolve(run.Audience, groups).Recipients.Select(r =>
            Delivery.Send($"{run.Campaign}:{r.Person.Id}", run.Campaign, r.Person.Id, r.Address, card, at)));
        store.Save(run with { Status = RunStatus.Open, KeptGroups = groups is null ? run.KeptGroups : KeptGroups.Of(groups) });
    }

    /// <summary>Reminder n is due n × spacing after opening; only the latest due one goes, and only in the person's daytime.</summary>
    void Remind(SurveyRun run, DateTime now)
    {
        if (run.ReminderEveryDays <= 0 || run.MaxReminders <= 0) return;
        var due = (int)Math.Min(run.MaxReminders, Math.Floor((now - run.OpensAt).TotalDays / run.ReminderEveryDays));
        if (due < 1) return;
        var answered = store.ResponsesTo(run.Id).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var at = Time.GetUtcNow();
        var reminders = new List<Delivery>();
        var days = holds.Days();
        CalendarEntry? heldBy = null;
        foreach (var (person, address) in audiences.Resolve(run.Audience).Recipients)
        {
            if (answered.Contains(SurveyStore.ResponseId(run.Id, store.RespondentKey(run, person.Id)))) continue;
            var zone = ZoneOf(person);
            if (!IsDaytime(now, zone)) continue;
            // Reminder n has its own key and n never exceeds the maximum, so nobody gets more than that many;
            // one missed at night (or on a weekend, a holiday, in a pause) is not sent late once the next is due.
            if (outbox.Find($"{run.Campaign}:reminder{due}:{person.Id}") is not null) continue;
            // An earlier reminder the message budget moved later still waits: it is their reminder, not a second one beside it.
            if (Enumerable.Range(1, due - 1).Any(n => outbox.Find($"{run.Campaign}:reminder{n}:{person.Id}") is { State: DeliveryState.Queued })) continue;
            // Invited later than the others (a tutor who joined an early check-in mid-week): their reminder keeps its own
            // spacing from their card, not a second card in the same minute.
            if (outbox.Find($"{run.Campaign}:{person.Id}") is { } invitation && invitation.CreatedAt > now.AddDays(-run.ReminderEveryDays)) continue;
            var today = ProgramCalendar.DateOf(now, zone);
            if (!days.IsWorkingDay(today))
            {
                heldBy ??= days.PauseOn(today);
                continue;
            }
            reminders.Add(Delivery.Send($"{run.Campaign}:reminder{due}:{person.Id}", run.Campaign + ":reminders", person.Id, address,
                SurveyCards.Form(run, clock.Zone, reminder: true), at));
        }
        // Reminders count against each person's weekly message budget; one that does not fit waits for the next free day.
        outbox.EnqueueMany(budget.Fit(reminders, BudgetOverflow.Defer, at));
        if (heldBy is not null) holds.RecordRemindersHeld(run, heldBy, run.OpensAt.AddDays(due * run.ReminderEveryDays), DaytimeStart);
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
        closeMessages.Send(closed, results.For(closed));
        // A reminder the message budget moved past the closing time would ask for answers no longer taken.
        outbox.Cancel([run.Campaign + ":reminders"], ClosedBeforeReminderReason);
        if (run.RepeatEveryWeeks is { } weeks)
        {
            var step = TimeSpan.FromDays(7 * weeks);
            // The series keeps its own rhythm: a run the calendar moved past a pause does not move the ones after it.
            var opens = run.PlannedOpensAt ?? run.OpensAt;
            var closes = run.ClosesAt - (run.OpensAt - opens);
            var next = run with
            {
                Id = $"{run.SurveyId}-{opens.Add(step):yyyyMMddHHmm}",
                OpensAt = opens.Add(step),
                ClosesAt = closes.Add(step),
                PlannedOpensAt = null,
                Status = RunStatus.Scheduled,
                CreatedAt = now,
            };
            if (store.FindRun(next.Id) is null) store.Save(next);
        }
        store.Save(closed);
    }

    public const string ClosedBeforeReminderReason = "The survey closed before this reminder's turn in the person's message budget";

    TimeZoneInfo ZoneOf(Person person) =>
        person.TimeZone is { } tz && TimeZoneInfo.TryFindSystemTimeZoneById(tz, out var zone) ? zone : clock.Zone;

    static bool IsDaytime(DateTime utc, TimeZoneInfo zone)
    {
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, zone));
        return local >= DaytimeStart && local < DaytimeEnd;
    }
}
