using System.Globalization;
using HitBot.Core.Calendar;
using HitBot.Core.Directory;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Logging;

namespace HitBot.Core.Updates;

/// <summary>
/// Fires newsletter series: at each slot the next queued issue goes to the series' audience, and the day before a slot
/// with nothing queued the central team is told once. Run by <see cref="UpdateScheduler"/>'s look.
/// </summary>
/// <remarks>
/// Exactly once per slot: the chosen issue is saved on the series before it is queued, the queue is keyed per issue and
/// person, and the next slot is saved last; a look repeated after a crash queues the same issue to nobody new.
/// </remarks>
public sealed class SeriesRunner(
    SeriesStore series, UpdateStore updates, UpdateSender sender, PeopleDirectory directory, OutboxStore outbox,
    ProgramCalendar calendar, PauseHolds held, UpdateHolds holds, ProgramClock clock, ILogger<SeriesRunner> logger)
{
    public static readonly TimeSpan NoticeAhead = TimeSpan.FromDays(1);

    /// <summary>Fires what is due; returns when the next slot or notice falls due.</summary>
    public DateTimeOffset? Look(DateTimeOffset now)
    {
        DateTime? wake = null;
        foreach (var one in series.All().Where(s => s.NextAt is not null))
        {
            try
            {
                var current = one;
                if (current.NextAt <= now.UtcDateTime) current = Fire(current, now);
                if (current.NextAt is not { } next) continue;
                var noticeAt = next - NoticeAhead;
                if (noticeAt <= now.UtcDateTime && current.WarnedFor != next) current = WarnIfEmpty(current, next, now);
                var due = current.WarnedFor != next && noticeAt > now.UtcDateTime ? noticeAt : next;
                wake = wake is { } w && w < due ? w : due;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One broken series must not stop the others; what is due stays due for the next look.
                Log.SeriesFailed(logger, e, one.Id);
            }
        }
        return wake is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null;
    }

    UpdateSeries Fire(UpdateSeries current, DateTimeOffset now)
    {
        var issueId = current.PendingIssue ?? series.Queued(current.Id).FirstOrDefault()?.Id;
        TellMissed(current, issueId, now);
        if (current.PendingIssue is null && issueId is not null && updates.Find(issueId) is { Urgent: false } waiting
            && calendar.PauseAt(now) is { } pause)
        {
            // The program calendar: a slot inside a break or testing window sends nothing; the issue stays first in
            // line and goes at the first slot after the pause. Recorded for the dashboard's "held back" list.
            var after = current.NextAfter(now.UtcDateTime, clock.Zone);
            for (var i = 0; i < 60 && after is { } at && calendar.PauseOn(ProgramCalendar.DateOf(at, clock.Zone)) is not null; i++)
                after = current.NextAfter(at, clock.Zone);
            held.Place(HeldKind.Update, string.Create(CultureInfo.InvariantCulture, $"series:{current.Id}:{current.NextAt:yyyy-MM-ddTHH:mm}"), waiting.Id, waiting.Title,
                current.NextAt ?? now.UtcDateTime, after, pause, skipped: true);
            return series.Change(current.Id, fresh => MovedOn(fresh, current, now)) ?? current;
        }
        // The rest of an issue HitBot stopped partway, found during a pause: it waits for 09:00 on the first working day after
        // it, as the copies already queued do (the tutors the stop had not reached got the Friday issue in the middle of spring
        // break). Only this one waits; the slot after it stays the series' own.
        if (current.PendingIssue is { } cutShort && updates.Find(cutShort) is { } cut
            && holds.HoldRest(cut, string.Create(CultureInfo.InvariantCulture, $"series:{current.Id}:{current.NextAt:yyyy-MM-ddTHH:mm}:rest"), current.NextAt ?? now.UtcDateTime, now) is { } goes)
            return series.Change(current.Id, fresh => fresh.NextAt == current.NextAt ? fresh with { NextAt = goes } : fresh) ?? current;
        // Missed while HitBot was down, and found at night: the issue goes in the morning (urgent ones go now). The slot
        // stays the series' own; only this one is late. So does the rest of an issue HitBot stopped partway through.
        if (issueId is not null && updates.Find(issueId) is { Urgent: false } &&
            current.NextAt is { } due && LateSends.MorningAfter(due, now.UtcDateTime, clock.Zone) is { } morning)
        {
            Log.LateSeriesSlotWaitsForMorning(logger, current.Id, morning);
            return series.Change(current.Id, fresh => fresh.NextAt == current.NextAt ? fresh with { NextAt = morning } : fresh) ?? current;
        }
        if (issueId is not null && updates.Find(issueId) is { } issue)
        {
            // The series as it is now: an audience changed since the look read it is the one the issue goes to.
            var pending = series.Change(current.Id, fresh => fresh with { PendingIssue = issueId }) ?? current;
            // Read and saved in one transaction: an edit of the draft since the read above goes out, not the text before it.
            var toSend = updates.Change(issueId, fresh => fresh.Status == UpdateStatus.Draft ? fresh with { Audience = pending.Audience } : fresh) ?? issue;
            var reach = sender.Queue(toSend, occurrence: null);
            Log.SeriesIssueSent(logger, current.Id, issueId, reach.Recipients.Count);
        }
        // Nothing queued: nothing is sent (the central team was told the day before), and the series moves on.
        var moved = series.Change(current.Id, fresh => MovedOn(fresh, current, now) with { PendingIssue = null }) ?? current;
        return moved;
    }

    /// <summary>
    /// The series moved past the slot just fired, unless a coordinator gave it another slot since the look read it
    /// (<paramref name="fired"/>): theirs stands.
    /// </summary>
    UpdateSeries MovedOn(UpdateSeries fresh, UpdateSeries fired, DateTimeOffset now) =>
        fresh.NextAt == fired.NextAt ? fresh with { NextAt = fresh.NextAfter(now.UtcDateTime, clock.Zone) } : fresh;

    /// <summary>
    /// Records on the series every week this firing leaves without an issue (for the dashboard), and tells the central team
    /// of those that went unreported: the slot fired now when nothing is queued for it and nobody was told the day before
    /// (HitBot was not running then, or the issue was taken out since), and every later slot that also went by (HitBot
    /// down, or unable to send, across them: one issue goes late, the others' weeks get none). A slot inside a calendar
    /// pause sends nothing by design and is not counted. Keyed per series, first and last missed slot and person, so the
    /// look repeated after a crash tells nobody twice (and records nothing twice).
    /// </summary>
    void TellMissed(UpdateSeries current, string? issueId, DateTimeOffset now)
    {
        if (current.NextAt is not { } fired) return;
        var noIssue = new List<DateTime>();
        var slot = SlotOf(current, fired);
        if (issueId is null && !Paused(slot)) noIssue.Add(slot);
        for (var later = current.NextAfter(fired, clock.Zone); later <= now.UtcDateTime && noIssue.Count < MaxMissedListed; later = current.NextAfter(later, clock.Zone))
            if (!Paused(later)) noIssue.Add(later);
        if (noIssue.Count == 0) return;
        series.Change(current.Id, fresh => fresh with { MissedSlots = WithMissed(fresh.MissedSlots, noIssue) });
        // The "nothing queued" notice of the day before already told of the fired slot (given as the morning it was moved to).
        var warned = current.WarnedFor == fired ? slot : current.WarnedFor;
        var missed = noIssue.Where(s => s != warned).ToList();
        if (missed.Count == 0) return;
        var card = SeriesCards.Missed(current, missed, issueLate: issueId is not null, clock.Zone);
        var campaign = $"series-missed:{current.Id}";
        var span = $"{Day(missed[0])}..{Day(missed[^1])}";
        // Found at night (HitBot back at 03:00), it waits for the morning, as the late issue does.
        var dueAt = LateSends.MorningAfter(missed[^1], now.UtcDateTime, clock.Zone) ?? now.UtcDateTime;
        var readers = directory.ReachableForWork(Roles.CentralTeam).ToList();
        var queued = outbox.EnqueueMany(readers.Select(r =>
            Delivery.Send($"{campaign}:{span}:{r.Person.Id}", campaign, r.Person.Id, r.Address, card, now) with { DueAt = dueAt }));
        // Once, not at every look that finds the same slots again (a send that keeps failing); always when nobody can be told.
        if (queued > 0 || readers.Count == 0) Log.SeriesSlotsMissed(logger, current.Id, missed.Count, missed[0], missed[^1]);
    }

    /// <summary>
    /// The series' own slot that a firing at <paramref name="fired"/> is for: itself, or the slot before it when an issue
    /// found at night was moved to the morning (<see cref="LateSends.MorningAfter"/>). Taken out before that morning, the week
    /// was recorded as missed at 09:00 on the morning after, a slot the series does not have.
    /// </summary>
    DateTime SlotOf(UpdateSeries current, DateTime fired)
    {
        var slot = fired;
        // Slots are a week or two apart: the latest at or before the firing is within fifteen days of it.
        for (var s = current.NextAfter(fired.AddDays(-15), clock.Zone); s <= fired; s = current.NextAfter(s, clock.Zone)) slot = s;
        return slot;
    }

    static List<DateTime> WithMissed(List<DateTime>? kept, List<DateTime> found) =>
        [.. (kept ?? []).Union(found).Order().TakeLast(UpdateSeries.MaxMissedKept)];

    /// <summary>How many missed slots one notice lists (a year of weeks; a series not fired for longer says the first year).</summary>
    const int MaxMissedListed = 52;

    bool Paused(DateTime slot) => calendar.PauseOn(ProgramCalendar.DateOf(slot, clock.Zone)) is not null;

    string Day(DateTime slot) => TimeZoneInfo.ConvertTimeFromUtc(slot, clock.Zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    UpdateSeries WarnIfEmpty(UpdateSeries current, DateTime slot, DateTimeOffset now)
    {
        if (series.Queued(current.Id).Count > 0) return current;
        // The rest of an issue stopped partway, held past a pause to this moment: it goes then (Fire sends PendingIssue), so
        // "nothing will be sent" was wrong, and the moment is not a slot of the series to queue an issue for.
        if (current.PendingIssue is not null) return current;
        UpdateSeries Warned() => series.Change(current.Id, fresh => fresh with { WarnedFor = slot }) ?? current with { WarnedFor = slot };
        // A slot inside a pause sends nothing whatever is queued: asking for an issue would only ask for one to wait.
        if (calendar.PauseOn(ProgramCalendar.DateOf(slot, clock.Zone)) is not null) return Warned();
        // An issue found at night waits for the morning (see Fire); taken out since, the warning is about the series' own slot,
        // not the morning it was moved to, as TellMissed records the week.
        var own = SlotOf(current, slot);
        var card = own == slot ? SeriesCards.NothingQueued(current, slot, clock.Zone) : SeriesCards.NothingQueuedForLateSlot(current, own, slot, clock.Zone);
        var day = TimeZoneInfo.ConvertTimeFromUtc(slot, clock.Zone).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var campaign = $"series-empty:{current.Id}";
        // Keyed per series, slot and person: a repeated look tells nobody twice.
        outbox.EnqueueMany(directory.ReachableForWork(Roles.CentralTeam).Select(r =>
            Delivery.Send($"{campaign}:{day}:{r.Person.Id}", campaign, r.Person.Id, r.Address, card, now)));
        return Warned();
    }
}
