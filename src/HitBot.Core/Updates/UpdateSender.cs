using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;

namespace HitBot.Core.Updates;

/// <summary>How an update is doing: who it reached, what the outbox did with it, and how people reacted.</summary>
public sealed record UpdateReport(
    int Matched, int OptedOut, int NotInChat, int Queued, int Sent, int Failed, int Dead,
    int Helpful, int NotHelpful, int Questions, List<FailedDelivery> Failures)
{
    /// <summary>Deliveries the central team stopped before they were sent ("cancel sending").</summary>
    public int Cancelled { get; init; }

    /// <summary>People whose weekly message budget held this update back: it is listed in a digest they get later.</summary>
    public int HeldBack { get; init; }

    /// <summary>"Not in chat" by why: blocked, installing, not-in-tenant, not-in-workspace, no-chat-yet.</summary>
    public Dictionary<string, int> NotInChatBy { get; init; } = [];

    /// <summary>Messages replaced by the newest correction, and those still to replace.</summary>
    public int Edited { get; init; }
    public int EditsWaiting { get; init; }
    /// <summary>Messages deleted by a recall, and those still to delete.</summary>
    public int Recalled { get; init; }
    public int RecallsWaiting { get; init; }
    /// <summary>Per chat platform ("teams", "slack"): sent, edited, recalled.</summary>
    public Dictionary<string, ChatCounts> ByChat { get; init; } = [];

    /// <summary>
    /// The weeks a weekly update went (0 for one sent once): its queued, sent, failed… counts add up every week's copies,
    /// while <see cref="Matched"/>, <see cref="OptedOut"/> and <see cref="NotInChat"/> are its latest week's audience.
    /// </summary>
    public int Weeks { get; init; }

    /// <summary>
    /// The copies waiting to send (<see cref="Queued"/>) and those failed and waiting for a retry, by why they wait, with
    /// when they go: "12 waiting" alone did not say whether they go in a minute or on Monday. Only on one update's own
    /// page (<see cref="UpdateSender.WaitingOf"/>): empty in the overview's list of sends.
    /// </summary>
    public UpdateWaiting Waiting { get; init; } = new("", []);
}

public enum TestSendResult
{
    Queued,
    NoUpdate,
    /// <summary>No such person, opted out, or not in any chat yet.</summary>
    NotReachable,
    /// <summary>The update was recalled: it is not sent again, not even as a test.</summary>
    Recalled,
}

public sealed record FailedDelivery(string? PersonId, string State, int Attempts, string? Reason)
{
    /// <summary>Filled in by the admin API's update page, so a reader sees who it is.</summary>
    public string? PersonName { get; init; }

    /// <summary>
    /// Filled in by the admin API's update page: what to do so the person is reached again (<see cref="PersonReach.NextStep"/>,
    /// as the People page says it), null while HitBot reaches them (a passing failure, one that was HitBot's own).
    /// </summary>
    public string? NextStep { get; init; }

    /// <summary>One of <see cref="FailureClasses"/>: blocked, not-found, throttled, rejected, expired-credentials, network.</summary>
    public string? FailureClass { get; init; }
    /// <summary>What failed: "send", or "edit" / "recall" for a correction or a recall of a message already delivered.</summary>
    public string Action { get; init; } = "send";
}

/// <summary>Sends updates through the outbox. One delivery per person and update, so pressing send twice sends once.</summary>
public sealed class UpdateSender(
    UpdateStore updates, AudienceResolver audiences, OutboxStore outbox, MessageBudget budget, UpdateDigests digests,
    IQuestionCounts questions, ProgramClock clock, TimeProvider time, IReachHook reach)
{
    /// <summary>Queues the update for its audience (again: only people not queued yet). Null when there is no such update.</summary>
    public UpdateReport? Send(string updateId) =>
        SendNow(updateId) is { } reach && updates.Find(updateId) is { } update ? Report(update, ReachCounts.Of(reach)) : null;

    /// <summary>
    /// "Send now", from the dashboard or "post update" in chat. The update is marked as being sent before its first row is
    /// queued (<see cref="Update.SendingSince"/>) and saved as sent after its last: a big audience is queued a chunk at a
    /// time, and a send that HitBot stopped between two chunks is finished by the scheduler, not left for the coordinator
    /// to notice and press again. Null when there is no such update.
    /// </summary>
    public AudienceReach? SendNow(string updateId)
    {
        lock (Queueing)
        {
            if (updates.Find(updateId) is not { } update) return null;
            // Marked on the update as stored at that moment: a schedule stopped or moved meanwhile is not put back.
            if (update.RecalledAt is null) update = updates.Change(updateId, fresh => fresh with { SendingSince = time.GetUtcNow().UtcDateTime }) ?? update;
            return QueueLocked(update, occurrence: null);
        }
    }

    /// <summary>
    /// "Send to N people" in chat: marks the update as being sent (<see cref="Update.SendingSince"/>) and leaves the
    /// queueing to the update scheduler (<see cref="FinishInterruptedSend"/>), which the caller wakes. Teams waits for the
    /// answer to a card's button a few seconds at most; resolving and queueing 100,000 people takes longer. False when the
    /// update is gone or recalled.
    /// </summary>
    public bool StartSend(string updateId)
    {
        lock (Queueing)
        {
            if (updates.Find(updateId) is not { RecalledAt: null } update) return false;
            if (update.SendingSince is null) updates.Change(updateId, fresh => fresh with { SendingSince = time.GetUtcNow().UtcDateTime });
            return true;
        }
    }

    /// <summary>
    /// Queues a send marked under way: handed over from chat (<see cref="StartSend"/>), or a "Send now" that HitBot
    /// stopped partway. People already queued are skipped by their keys, so each gets the update once. Null when it is not
    /// under way (any more): a send in progress in this process holds <see cref="Queueing"/> until it is done, and this
    /// waits for it.
    /// </summary>
    public AudienceReach? FinishInterruptedSend(string updateId)
    {
        lock (Queueing)
        {
            if (updates.Find(updateId) is not { SendingSince: not null } update) return null;
            return QueueLocked(update, occurrence: null);
        }
    }

    /// <summary>
    /// Queues one occurrence. A one-off (sent now or at its time) has one key per person, so "send" and the schedule
    /// together still send once; a weekly update has one key per person and week, so a slot that fires twice sends once.
    /// </summary>
    public AudienceReach Queue(Update update, DateTime? occurrence)
    {
        // The stored update, not the caller's copy: a correction or a recall may have come since it was read.
        lock (Queueing) return QueueLocked(updates.Find(update.Id) ?? update, occurrence);
    }

    /// <summary>Held while sends are queued, corrected or recalled, so a recall cannot slip between a look and a queueing.</summary>
    internal Lock Queueing { get; } = new();

    AudienceReach QueueLocked(Update update, DateTime? occurrence)
    {
        var now = time.GetUtcNow();
        var reach = audiences.Resolve(update.Audience);
        // Recalled: nothing more goes out, by "send" or by its schedule, and a send under way ends here.
        if (update.RecalledAt is not null)
        {
            if (update.SendingSince is not null) updates.Change(update.Id, fresh => fresh with { SendingSince = null });
            return reach;
        }
        var card = UpdateCards.Card(update);
        // The week is the slot's: an occurrence missed while HitBot was down and sent the next morning keeps its slot's key,
        // so the rest of a fan-out a stop cut short does not reach those who had it again under the morning's date.
        var week = occurrence is { } at && update.Schedule is { IsRecurring: true } schedule
            ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(schedule.SlotOf(at, clock.Zone) ?? at, clock.Zone)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
            // "Send to anyone not reached yet" on an update that went weekly joins its latest week: with a key of its own,
            // everyone who had this week's copy got it a second time.
            : occurrence is null && update.SentWeeks.Count > 0 ? update.SentWeeks[^1]
            : null;
        // The week is named on the update before its rows exist, so a row is never queued that WasSentTo cannot find; a stop
        // between the two leaves a week named with no rows, which answers "not sent" until the slot is fired again.
        if (week is not null && !update.SentWeeks.Contains(week, StringComparer.Ordinal))
        {
            update = updates.Change(update.Id, fresh => fresh.SentWeeks.Contains(week, StringComparer.Ordinal) ? fresh
                : fresh with { SentWeeks = [.. fresh.SentWeeks, week] }) ?? update with { SentWeeks = [.. update.SentWeeks, week] };
        }
        var rows = reach.Recipients.Select(r =>
            Delivery.Send(KeyFor(update, r.Person.Id, week), update.Campaign, r.Person.Id, r.Address, card, now)).ToList();
        // An urgent update reaches everyone now; any other counts against each person's week, and what does not fit is held.
        var planned = update.Urgent ? rows : budget.Fit(rows, BudgetOverflow.Hold, now);
        var added = outbox.EnqueueMany(planned);
        // Only rows stored as held: a repeat of this fan-out (send pressed twice, a slot after a crash) keeps what the first
        // decided. A repeat also folds what the file holds back, not only what this plan would hold: after a stop between
        // queueing and folding, the person's week may have room by the time the send is finished, and a row held by the
        // first plan would otherwise be in no digest and never reach them.
        var heldIds = planned.Where(d => d.State == DeliveryState.Held).Select(d => d.Id);
        if (added < planned.Count) heldIds = heldIds.Concat(outbox.HeldIdsOf(update.Campaign)).Distinct(StringComparer.Ordinal);
        digests.Fold(heldIds.Select(outbox.Find).OfType<Delivery>().Where(d => d.State == DeliveryState.Held));
        // Read and saved in one transaction: a schedule stopped or changed meanwhile is kept, not put back from a read before.
        updates.Change(update.Id, stored => stored with
        {
            Status = UpdateStatus.Sent, SentAt = stored.Status == UpdateStatus.Sent ? stored.SentAt : now.UtcDateTime, Reach = ReachCounts.Of(reach),
            SendingSince = null,
        });
        return reach;
    }

    /// <summary>
    /// Sends the update to one person only, marked as a test, e.g. the coordinator who wrote it. Each test is its own
    /// delivery (a second test after an edit is sent too); tests are not counted in the update's report. With
    /// <paramref name="pressId"/> (the press's Idempotency-Key), the same press again is the same test, not a second one.
    /// </summary>
    public TestSendResult TestSend(string updateId, string personId, string? pressId = null)
    {
        if (updates.Find(updateId) is not { } update) return TestSendResult.NoUpdate;
        if (update.RecalledAt is not null) return TestSendResult.Recalled;
        if (audiences.Resolve(new Audience { People = [personId] }).Recipients is not [var (person, address)]) return TestSendResult.NotReachable;
        var now = time.GetUtcNow();
        var card = UpdateCards.Card(update);
        var test = card with { Summary = "[Test] " + card.Summary, Card = card.Card with { Title = "[Test] " + card.Card.Title } };
        var key = $"update-test:{update.Id}:{person.Id}:{pressId ?? now.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        outbox.TryEnqueue(Delivery.Send(key, "update-test:" + update.Id, person.Id, address, test, now));
        return TestSendResult.Queued;
    }

    public const string CancelledReason = "Cancelled by the central team";

    /// <summary>
    /// Stops a send in progress: this update's deliveries not sent yet (queued, or failed and waiting for a retry) are
    /// cancelled and never sent; those already sent stay sent. Null when there is no such update.
    /// </summary>
    /// <remarks>
    /// Under <see cref="Queueing"/>: a big fan-out is queued a chunk at a time (<see cref="OutboxStore.EnqueueMany"/>), and
    /// a cancel that came between two chunks would leave the later ones to be sent.
    /// </remarks>
    public UpdateReport? Cancel(string updateId)
    {
        if (updates.Find(updateId) is not { } update) return null;
        lock (Queueing)
        {
            // A send that HitBot stopped partway is not finished after a cancel. Unmarked first: unmarked after, a stop in
            // between left the rows cancelled and the mark on, and the scheduler's first look queued the rest of the audience.
            // Written with the first step: a stop before the rows are cancelled must not leave "resend failed" free to send them.
            var now = time.GetUtcNow().UtcDateTime;
            updates.Change(updateId, fresh => fresh with { SendingSince = null, SendingCancelledAt = now });
            outbox.Cancel([update.Campaign], CancelledReason);
            // Held back by someone's message budget, it was cancelled with the rest: no digest may still name it.
            digests.Unfold(update, CancelledReason);
        }
        return Report(updateId);
    }

    /// <summary>
    /// Queues the failed and given-up deliveries of an update again, but not to people who said stop or left since, nor
    /// those given up before a "Cancel sending" (the central team stopped that send; sent again they delivered it after all).
    /// </summary>
    /// <remarks>
    /// For an update that went weekly, only its latest week's: an earlier week's copy is past, and sent again it reached
    /// tutors who had that week's copy since, or gave those whose copies failed every week one of each at once. A copy that
    /// is not urgent counts in the person's week as it is now, as a new send does: one whose week filled up since the
    /// copy failed (a failed copy leaves room) is held for their digest, not sent as a fourth message.
    /// </remarks>
    public int ResendFailed(string updateId)
    {
        lock (Queueing)
        {
            var update = updates.Find(updateId);
            var campaign = "update:" + updateId;
            var latestWeek = update?.SentWeeks is [.., var week] ? $"{campaign}:{week}:" : null;
            var now = time.GetUtcNow();
            var budgeted = update is { Urgent: false };
            var requeued = outbox.Requeue(campaign, now, reach.Declines,
                only: row => (latestWeek is null || row.Id.StartsWith(latestWeek, StringComparison.Ordinal))
                    && (update?.SendingCancelledAt is not { } cancelled || row.CreatedAt > cancelled),
                plan: budgeted ? rows => budget.Fit(rows, BudgetOverflow.Hold, now) : null);
            if (budgeted && requeued > 0)
                digests.Fold(outbox.HeldIdsOf(campaign).Select(outbox.Find).OfType<Delivery>().Where(d => d.State == DeliveryState.Held));
            return requeued;
        }
    }

    /// <summary>
    /// A queued update shows the reach counted when it was queued; a draft (or one queued before HitBot kept the counts)
    /// resolves its audience now, which reads the people it matches.
    /// </summary>
    public UpdateReport? Report(string updateId) =>
        updates.Find(updateId) is { } update ? Report(update, update.Reach ?? ReachCounts.Of(audiences.Count(update.Audience))) : null;

    /// <summary>
    /// The update's copies still waiting, by why, with when they go (<see cref="UpdateWaiting"/>). For one update's page
    /// only, not every report: with copies queued it reads every row of the outbox due later (the due index is not by
    /// campaign), and the overview asks a report of each recent send, every time it is looked at.
    /// </summary>
    public UpdateWaiting WaitingOf(Update update) =>
        UpdateWaiting.Of(UpdateFollowUps.Tallies(update, outbox).Sends, outbox, update.Campaign, time.GetUtcNow(), clock.Zone);

    /// <summary>
    /// The updates this person received, the one they received last first, each with <see cref="Update.SentAt"/> set to
    /// when their latest copy was queued: what "latest update", "updates" and the Slack Home tab show, so an update for one
    /// site is never shown to someone at another, and a weekly update that went again this Monday comes before last
    /// Wednesday's one-off and is dated this Monday, not by its first week.
    /// </summary>
    public List<Update> ReceivedBy(string personId, int count) =>
        [.. updates.LatestSentAndWeeklyRunning(ReceivedLookback).Where(u => u.RecalledAt is null)
            .Select(u => LastReceivedAt(u, personId) is { } at ? u with { SentAt = at } : null).OfType<Update>()
            .OrderByDescending(u => u.SentAt).Take(count)];

    /// <summary>When this person's newest copy (not cancelled) was queued, or null when they were never sent it.</summary>
    DateTime? LastReceivedAt(Update update, string personId)
    {
        var once = QueuedAt(KeyFor(update, personId, week: null));
        var weekly = Enumerable.Reverse(update.SentWeeks).Select(week => QueuedAt(KeyFor(update, personId, week))).FirstOrDefault(at => at is not null);
        return (once, weekly) switch
        {
            (null, _) => weekly,
            (_, null) => once,
            ({ } a, { } b) => a > b ? a : b,
        };
    }

    DateTime? QueuedAt(string key) => outbox.StateAndQueuedAt(key) is { State: not DeliveryState.Cancelled } row ? row.QueuedAt : null;

    /// <summary>How far back "latest update" looks for one the person received.</summary>
    internal const int ReceivedLookback = 100;

    /// <summary>
    /// Whether this person was sent this update: only they may react to it, and only they see it in "latest update",
    /// "updates" and the Slack Home tab. A delivery cancelled before it went ("cancel sending", often because the audience
    /// was wrong) does not count: the central team stopped it reaching them.
    /// </summary>
    /// <remarks>A key look-up per occurrence (<see cref="Update.SentWeeks"/>, newest first): this runs on a tutor's request.</remarks>
    public bool WasSentTo(Update update, string personId) => KeysFor(update, personId).Any(Reached);

    /// <summary>
    /// Whether fewer than <paramref name="people"/> people were sent this update, in any week (a copy cancelled before it
    /// went reached nobody); reads no further than that many people.
    /// </summary>
    public bool SentToFewerThan(Update update, int people) => outbox.CountPeopleOf(update.Campaign, people) < people;

    bool Reached(string key) => outbox.StateOf(key) is { } state && state != DeliveryState.Cancelled;

    /// <summary>
    /// Whether a copy of this update is in this person's chat or still on its way there, in any week: what a site champion's
    /// page counts as sent to their site. A copy HitBot gave up on (they removed the app) is "not delivered" on the update's
    /// own page, so it is not counted as sent there either.
    /// </summary>
    public bool GoesTo(Update update, string personId) => KeysFor(update, personId).Any(Goes);

    bool Goes(string key) => outbox.StateOf(key) is { } state && state is not (DeliveryState.Cancelled or DeliveryState.Dead);

    UpdateReport Report(Update update, ReachCounts reach)
    {
        var (sends, edits, recalls) = UpdateFollowUps.Tallies(update, outbox);
        var reactions = updates.CountReactions(update.Id);
        var failures = sends.Failed
            .Select(d => new FailedDelivery(d.PersonId, d.State.ToString(), d.Attempts, d.LastError) { FailureClass = d.FailureClass }).ToList();
        return UpdateFollowUps.AddTo(new UpdateReport(reach.Matched, reach.OptedOut, reach.NotInChat,
            sends.Count(DeliveryState.Queued) + sends.Count(DeliveryState.Sending), sends.Count(DeliveryState.Sent),
            sends.Count(DeliveryState.Failed), sends.Count(DeliveryState.Dead),
            reactions[Reaction.Helpful], reactions[Reaction.NotHelpful], questions.AskedAbout(update.Id), failures)
        {
            NotInChatBy = new(reach.NotReached, StringComparer.Ordinal),
            Cancelled = sends.Count(DeliveryState.Cancelled),
            HeldBack = sends.Count(DeliveryState.Held),
            Weeks = update.SentWeeks.Count,
        }, sends, edits, recalls);
    }

    /// <summary>The keys this person's copies of the update have: the one-off's, then each week's, newest first.</summary>
    internal static IEnumerable<string> KeysFor(Update update, string personId) =>
        Enumerable.Reverse(update.SentWeeks).Select(week => KeyFor(update, personId, week)).Prepend(KeyFor(update, personId, week: null));

    static string KeyFor(Update update, string personId, string? week) =>
        week is null ? $"{update.Campaign}:{personId}" : $"{update.Campaign}:{week}:{personId}";
}
