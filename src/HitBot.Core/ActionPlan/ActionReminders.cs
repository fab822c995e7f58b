using System.Globalization;
using HitBot.Core.Directory;
using HitBot.Core.Loops;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HitBot.Core.ActionPlan;

/// <summary>What the reminder loop has done, so tests move the clock only once it is waiting.</summary>
public sealed class ActionRemindersProgress() : LoopProgress("action-plan reminders");

/// <summary>
/// Sends action-item reminders to owners, escalations to the executive champions and the central team, and the weekly
/// digest. Every message has an outbox key (item + slot + owner, item + change + reader, digest day + person), so a look repeated after a
/// crash sends nothing twice; the item's <see cref="ActionItem.RemindedThrough"/> is written after queueing, so a restart
/// neither repeats nor skips a slot. A slot missed while HitBot was down goes once, late, in the owner's working hours.
/// </summary>
public sealed class ActionReminders(
    ActionPlanStore store, ActionItemChanges changes, PeopleDirectory directory, OutboxStore outbox, ActionPlanSignal signal,
    ActionRemindersProgress progress, IOptions<ActionPlanOptions> options, ProgramClock clock, Surveys.PreRead preReads, ProgramPhases phases, TimeProvider time,
    ILogger<ActionReminders> logger, ReminderHolds holds, IEnumerable<IDigestSection> others) : TimedLoop(signal, progress, time)
{
    public const string DigestMarker = "digest:action-plan";
    static readonly TimeSpan PollEvery = TimeSpan.FromMinutes(5);
    ActionPlanOptions Options => options.Value;

    protected override TimeSpan Poll => PollEvery;

    protected override DateTimeOffset? LookAt(DateTimeOffset now) => now + Look(now.UtcDateTime);

    protected override void LookFailed(Exception e) => Log.ReminderLookFailed(logger, e);

    /// <summary>One look: everything due now is queued. Returns how long to wait before the next look.</summary>
    public TimeSpan Look(DateTime now)
    {
        var next = now + PollEvery;
        // Repeating items first: the occurrence due next exists before its reminder is looked for.
        changes.AdvanceSeries(DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, clock.Zone)), holds.Days());
        var assigned = store.OpenAssigned();
        var due = new List<DueReminder>();
        var escalations = new List<DueEscalation>();
        foreach (var item in assigned)
        {
            try
            {
                if (Remind(item, now, due) is { } upcoming && upcoming < next) next = upcoming;
                Escalate(item, now, escalations);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One item that cannot be worked out (a due date a bad import put in year 1) must not stop every other
                // owner's reminders, the escalations and the digest; it is tried again at the next look.
                Log.ItemLookFailed(logger, e, item.Id);
            }
        }
        if (TellNewOwners(now, due) is { } told && told < next) next = told;
        Send(due);
        // Blocked with no due date yet (or no owner): nothing to remind, but still escalated. Its owner was told "the
        // executive champion will see why", and the champion heard nothing until a due date was set.
        var looked = assigned.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var item in store.OpenBlocked().Where(i => !looked.Contains(i.Id)))
        {
            try
            {
                Escalate(item, now, escalations);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.ItemLookFailed(logger, e, item.Id);
            }
        }
        Send(escalations);
        if (Digest(now) is { } digestAt && digestAt < next) next = digestAt;
        var wait = next - now;
        return wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
    }

    /// <summary>Adds the item's latest due reminder, if any, to <paramref name="due"/>; returns when its next slot is due.</summary>
    DateTime? Remind(ActionItem item, DateTime now, List<DueReminder> due)
    {
        if (item.Status == ItemStatus.Blocked) return null; // the escalation carries it; the owner told us already
        // Reminders are the owner's work, not a newsletter: they keep coming after "stop", not after leaving the program.
        if (directory.Find(item.OwnerId!) is not { Inactive: false } owner || PersonReach.Address(owner) is not { } address) return null;
        var zone = changes.ZoneOf(owner.Id);
        var floor = item.RemindedThrough ?? item.CreatedAt;
        ReminderSlot? latest = null;
        DateTime? upcoming = null;
        foreach (var slot in ReminderSchedule.Slots(item, Options, zone))
        {
            if (slot.SendAt <= floor) continue;
            if (slot.SendAt > now)
            {
                upcoming = slot.SendAt;
                break;
            }
            latest = slot; // several due after downtime: only the latest goes, the older ones are passed over
        }
        if (latest is null) return upcoming;
        // A meeting that took place while HitBot was down is not chased, as it is not once it passes: its "tomorrow" reminder,
        // found four days late, told the owner on Monday of last Thursday's meeting. Written down as passed over, so later
        // looks skip it; a snooze the owner chose still comes.
        if (item.IsOccurrence && item.DueDate is { } meeting && !latest.Id.StartsWith("snooze-", StringComparison.Ordinal)
            && meeting < DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, zone)))
        {
            changes.Reminded(item.Id, latest.SendAt);
            return upcoming;
        }
        // A break, testing window or holiday: the reminder waits for the first working day after it.
        if (holds.Hold(item, latest, now, Options, zone) is { } after) return upcoming is { } soon && soon < after ? soon : after;
        if (!ReminderSchedule.IsWorkingTime(now, Options, zone)) return ReminderSchedule.NextWorkingStart(now, Options, zone);

        due.Add(new DueReminder(item, latest, owner, address, DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, zone))));
        return upcoming;
    }

    /// <summary>
    /// Adds to <paramref name="due"/> the cards telling owners an item is new for them (<see cref="ActionItem.UntoldOwnerSince"/>),
    /// due at the start of the owner's first working day after they got it, held by the program calendar as a reminder is.
    /// An item with a reminder in this look becomes one card that says both. Returns when the next one is due.
    /// </summary>
    DateTime? TellNewOwners(DateTime now, List<DueReminder> due)
    {
        DateTime? upcoming = null;
        var untold = new List<(string Id, DateTime Since)>();
        foreach (var item in store.UntoldOwners())
        {
            try
            {
                if (TellNewOwner(item, now, due, untold) is { } at && (upcoming is null || at < upcoming)) upcoming = at;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.ItemLookFailed(logger, e, item.Id);
            }
        }
        // Nobody to tell (done, archived, an owner who left or has no chat: the board says so): not owed any more.
        if (untold.Count > 0) changes.Reminded([], untold);
        return upcoming;
    }

    DateTime? TellNewOwner(ActionItem item, DateTime now, List<DueReminder> due, List<(string Id, DateTime Since)> untold)
    {
        if (item.UntoldOwnerSince is not { } since) return null;
        if (!item.IsOpen || item.OwnerId is null || directory.Find(item.OwnerId) is not { Inactive: false } owner)
        {
            untold.Add((item.Id, since));
            return null;
        }
        // Not in a chat with HitBot yet (the board says so): told once they are, rather than never. Given the item before
        // HitBot reached them, they learned of it only from its first reminder, or, blocked, from nobody.
        if (PersonReach.Address(owner) is not { } address) return null;
        var zone = changes.ZoneOf(owner.Id);
        var local = TimeZoneInfo.ConvertTimeFromUtc(since, zone);
        // The start of their next working day: given at 15:00, the card comes the next morning, with that day's reminders.
        var day = DateOnly.FromDateTime(local).AddDays(TimeOnly.FromDateTime(local) < Options.Start() ? 0 : 1);
        var slot = new ReminderSlot(NewOwnerSlot(since), day, ReminderSchedule.SendAt(day, Options, zone));
        if (slot.SendAt > now) return slot.SendAt;
        if (holds.Hold(item, slot, now, Options, zone) is { } after) return after;
        if (!ReminderSchedule.IsWorkingTime(now, Options, zone)) return ReminderSchedule.NextWorkingStart(now, Options, zone);
        var i = due.FindIndex(d => d.Item.Id == item.Id);
        if (i >= 0) due[i] = due[i] with { NewSince = since };
        else due.Add(new DueReminder(item, null, owner, address, DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, zone)), since));
        return null;
    }

    static string NewOwnerSlot(DateTime since) => string.Create(CultureInfo.InvariantCulture, $"new-owner-{since.Ticks}");

    /// <summary>
    /// An item's reminder due in this look, not queued yet: an owner's are sent together (<see cref="Send"/>). With
    /// <see cref="NewSince"/> it also (or, without a <see cref="Slot"/>, only) tells the owner the item is new for them.
    /// </summary>
    sealed record DueReminder(ActionItem Item, ReminderSlot? Slot, Person Owner, ChannelAddress Address, DateOnly Today, DateTime? NewSince = null)
    {
        /// <summary>The card's slot in the outbox key: the reminder's, the hand-over's, or both on one card.</summary>
        public string KeyPart => Slot is { } slot ? NewSince is { } since ? slot.Id + "+" + NewOwnerSlot(since) : slot.Id : NewOwnerSlot(NewSince.GetValueOrDefault());
    }

    /// <summary>
    /// Queues the look's reminders. An owner with <see cref="BundleFrom"/> or more at once (the morning after a break or a
    /// holiday, or after HitBot was down, or a coordinator owning half the plan) gets them on one card, soonest due first,
    /// with a button per item, not one card each at the same minute. A meeting with a pre-read keeps its own card: the
    /// results to read are the point of it.
    /// </summary>
    void Send(List<DueReminder> due)
    {
        foreach (var owned in due.GroupBy(d => d.Owner.Id, StringComparer.Ordinal))
        {
            var together = owned.Where(d => !d.Item.PreRead).ToList();
            if (together.Count < BundleFrom) together = [];
            foreach (var one in owned.Except(together)) SendOne(one);
            if (together.Count > 0) SendTogether(together);
        }
    }

    /// <summary>The campaign of the cards that remind <paramref name="ownerId"/> of several items at once.</summary>
    public static string RemindersCampaign(string ownerId) => "reminders:" + ownerId;

    /// <summary>The campaign of the card telling an item's new owner it is theirs, when no reminder of it came that morning.</summary>
    public static string NewOwnerCampaign(string itemId) => "new-owner:" + itemId;

    /// <summary>How many reminders an owner gets at once before they come on one card.</summary>
    public const int BundleFrom = 3;

    void SendOne(DueReminder due)
    {
        var (item, owner) = (due.Item, due.Owner);
        var preRead = item.PreRead ? preReads.For(owner) : null;
        var giver = due.NewSince is null ? null : Giver(item);
        var card = due.NewSince is { } since
            ? ActionItemCards.NewForOwner(item, due.Today, giver?.Name ?? "The central team", DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(since, changes.ZoneOf(owner.Id))), preRead)
            : ActionItemCards.Item(item, due.Today, ActionItemCards.Occasion.Reminder, preRead: preRead);
        // The owner is part of the key: a slot the previous owner was sent (the due-day one, handed on that morning to someone
        // further west) was otherwise taken for already sent, and the new owner never got it. Handed on again while it
        // waits, the card telling them the item is new is withdrawn as a reminder is (ActionItemChanges.WithdrawReminders).
        var campaign = due.Slot is null ? NewOwnerCampaign(item.Id) : "reminder:" + item.Id;
        // Declares the giver it names, as the card of several does: erased before it goes, the card is refused, not sent with their name.
        outbox.TryEnqueue(Delivery.Send($"reminder:{item.Id}:{due.KeyPart}:{owner.Id}", campaign, owner.Id, due.Address, card, Time.GetUtcNow())
            .Naming(giver is null ? null : [giver.Id]));
        changes.Reminded(due.Slot is { } slot ? [(item.Id, slot.SendAt)] : [], due.NewSince is { } told ? [(item.Id, told)] : null);
        Log.ReminderQueued(logger, item.Id, due.KeyPart);
    }

    /// <summary>The person who gave the item to its owner, as its history says; null for the shared admin token (the central team).</summary>
    Person? Giver(ActionItem item) =>
        item.History.LastOrDefault(n => n.Text.StartsWith("Owner: ", StringComparison.Ordinal))?.PersonId is { } by ? directory.Find(by) : null;

    /// <remarks>
    /// The key names every item and slot on the card: a look repeated after a stop between queueing and writing the items
    /// down finds the same reminders due and queues nothing new. Each item is then written down as reminded, as a card of
    /// its own would be.
    /// </remarks>
    void SendTogether(List<DueReminder> due)
    {
        var owner = due[0].Owner;
        var sorted = due.OrderBy(d => d.Item.DueDate).ThenBy(d => d.Item.Title, StringComparer.Ordinal).ToList();
        var fresh = sorted.Where(d => d.NewSince is not null).Select(d => d.Item.Id).ToHashSet(StringComparer.Ordinal);
        // All new and all given by one person: named, as the card of one new item names them; otherwise "the central team".
        var givers = fresh.Count == sorted.Count ? sorted.Select(d => Giver(d.Item)).DistinctBy(p => p?.Id).ToList() : [];
        var giver = givers is [{ } one] ? one : null;
        var card = ActionPlanCards.Reminders([.. sorted.Select(d => d.Item)], due[0].Today, fresh, giver?.Name);
        var slots = string.Join(",", sorted.Select(d => $"{d.Item.Id}@{d.KeyPart}").Order(StringComparer.Ordinal));
        // Declares the giver it names: erased before it goes, the card is refused, not sent with their name (README, erasure).
        outbox.TryEnqueue((Delivery.Send($"reminders:{owner.Id}:{slots}", RemindersCampaign(owner.Id), owner.Id, due[0].Address, card, Time.GetUtcNow())
            with { Items = [.. sorted.Select(d => d.Item.Id)], NewItems = fresh.Count > 0 ? [.. sorted.Select(d => d.Item.Id).Where(fresh.Contains)] : null })
            .Naming(giver is null ? null : [giver.Id]));
        changes.Reminded([.. sorted.Where(d => d.Slot is not null).Select(d => (d.Item.Id, d.Slot?.SendAt ?? default))],
            [.. sorted.Where(d => d.NewSince is not null).Select(d => (d.Item.Id, d.NewSince.GetValueOrDefault()))]);
        foreach (var d in sorted) Log.ReminderQueued(logger, d.Item.Id, d.KeyPart);
    }

    /// <summary>Blocked, or overdue past the threshold: once per change, found in the program's working hours, each sent in its reader's.</summary>
    void Escalate(ActionItem item, DateTime now, List<DueEscalation> due)
    {
        if (!ReminderSchedule.IsWorkingTime(now, Options, clock.Zone)) return;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, clock.Zone));
        // Blocked: at once, as its owner is told, unless it was handed on while blocked: its new owner gets the grace first.
        var graceFrom = item.Status == ItemStatus.Blocked ? ActionItemChanges.BlockedHandedOnFrom(item)
            : item.IsOccurrence ? null : ActionItemChanges.OverdueFrom(item);
        string? change = item.Status == ItemStatus.Blocked && graceFrom is null
            || graceFrom is { } from && today.DayNumber - from.DayNumber > Options.EscalateAfterDaysOverdue
            ? ActionItemChanges.EscalationChange(item) : null;
        // Once per change: queued to those who lead the program now, then written down (after, so a stop in between
        // queues it again, to nobody new). Looking again for everyone reachable each time sent a new central team member
        // one card per blocked or overdue item at once.
        if (change is null || item.EscalatedFor == change) return;
        due.Add(new DueEscalation(item, change, today));
    }

    /// <summary>An item's escalation found in this look, not queued yet: a reader's are sent together (<see cref="Send(List{DueEscalation})"/>).</summary>
    sealed record DueEscalation(ActionItem Item, string Change, DateOnly Today)
    {
        public bool Blocked => Item.Status == ItemStatus.Blocked;
    }

    /// <summary>
    /// Queues the look's escalations to the executive champions and the central team, then writes each item down as
    /// escalated. A reader with <see cref="BundleFrom"/> or more at once (the morning after a break, when a dozen items
    /// passed a week overdue together) gets them on one card, not one card each.
    /// </summary>
    void Send(List<DueEscalation> due)
    {
        if (due.Count == 0) return;
        // Not to the owner: an escalation tells those who lead the program about the owner's item, and the owner knows.
        var readers = directory.ReachableForWork(Roles.ExecutiveChampion, Roles.CentralTeam).ToList();
        var at = Time.GetUtcNow();
        var rows = new List<Delivery>();
        var told = new EscalationsTold(outbox, due.Select(e => e.Item.Id));
        foreach (var reader in readers)
        {
            // Each goes in its reader's own working hours, as an owner's reminder does: found in the program's morning, it
            // waited for an executive champion in Los Angeles, not reached them at six.
            var dueAt = ReminderSchedule.NextWorkingStart(at.UtcDateTime, Options, changes.ZoneOf(reader.Person.Id));
            var theirs = due.Where(e => e.Item.OwnerId != reader.Person.Id && told.Owed(reader.Person.Id, e.Item.Id, e.Change)).ToList();
            // Waiting for their morning, it goes only if they still lead the program then (an executive champion who took
            // another job in the district over the weekend does not read who is behind on what).
            var post = ReaderPosts.Of(reader.Person.HasRole(Roles.CentralTeam) ? Roles.CentralTeam : Roles.ExecutiveChampion);
            if (theirs.Count >= BundleFrom)
            {
                var named = new NamedPeople(directory);
                var sorted = theirs.OrderByDescending(e => e.Blocked).ThenBy(e => e.Item.DueDate).ThenBy(e => e.Item.Title, StringComparer.Ordinal).ToList();
                var card = ActionItemCards.Escalations([.. sorted.Select(e => (e.Item, OwnerName(e.Item, named), e.Blocked))], due[0].Today, Options.EscalateAfterDaysOverdue);
                var changed = string.Join(",", sorted.Select(e => $"{e.Item.Id}@{e.Change}").Order(StringComparer.Ordinal));
                rows.Add((Delivery.Send(told.FreshKey($"escalations:{reader.Person.Id}:{changed}"), EscalationsCampaign, reader.Person.Id, reader.Address, card, at) with
                {
                    DueAt = dueAt, Items = [.. sorted.Select(e => e.Item.Id)],
                }).Naming(named.Ids).ForPost(post));
                continue;
            }
            foreach (var e in theirs)
            {
                // Declares the owner it names: erased after this read, the card is refused, not sent with their name (README, erasure).
                var named = new NamedPeople(directory);
                var card = ActionItemCards.Escalation(e.Item, OwnerName(e.Item, named), e.Today, e.Blocked);
                rows.Add((Delivery.Send(told.FreshKey($"escalation:{e.Item.Id}:{e.Change}:{reader.Person.Id}"), "escalation:" + e.Item.Id, reader.Person.Id, reader.Address, card, at)
                    with { DueAt = dueAt }).Naming(named.Ids).ForPost(post));
            }
        }
        outbox.EnqueueMany(rows);
        // All in one write: stopped after some were written down, the next look put the rest on another card (or on cards
        // of their own), with other keys, and each reader was told of them twice.
        changes.Escalated([.. due.Select(e => (e.Item.Id, e.Change))]);
        foreach (var e in due)
            if (rows.Count(r => r.Campaign == "escalation:" + e.Item.Id || r.Items?.Contains(e.Item.Id) == true) is > 0 and var count) Log.ItemEscalated(logger, e.Item.Id, e.Change.Split(':')[0], count);
    }

    /// <summary>The campaign of the cards that escalate several items at once to one reader.</summary>
    public const string EscalationsCampaign = "escalations";

    /// <summary>The owner as an escalation names them: an owner who left gets no reminders, and the card says so, as the digest does.</summary>
    string OwnerName(ActionItem item, NamedPeople named) => item.OwnerId is null ? "nobody yet"
        : named.NameOf(item.OwnerId) is { } name ? HasLeft(item.OwnerId) ? $"{name} (left the program)" : name
        : "someone who left";

    /// <summary>The weekly digest to the central team at its slot; returns when the next one is due.</summary>
    DateTime? Digest(DateTime now)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(now, clock.Zone);
        var day = DateOnly.FromDateTime(local);
        while (day.DayOfWeek != Options.DigestWeekday()) day = day.AddDays(-1);
        var slot = SlotUtc(day);
        if (slot > now) slot = SlotUtc(day = day.AddDays(-7));
        var nextSlot = SlotUtc(day.AddDays(7));

        var last = store.MetaTime(DigestMarker);
        if (last is null)
        {
            // A new install starts counting from its first slot; it does not send a digest of the past on its first start.
            store.SetMetaTime(DigestMarker, slot);
            return nextSlot;
        }
        if (last >= slot) return nextSlot;

        var items = store.ForDigest(last.Value);
        var named = new NamedPeople(directory);
        var digest = ActionDigest.Build(items, day, last.Value, named.NameOf, phases.Current()?.Phase, HasLeft) with { Others = Others(last.Value) };
        var card = digest.Card();
        var at = Time.GetUtcNow();
        // Missed while HitBot was down and found in a reader's night, it waits for their morning (LateSends), as a late
        // newsletter does: a server back at 03:00 sent every coordinator the Monday digest then.
        var queued = outbox.EnqueueMany(directory.ReachableForWork(Roles.CentralTeam).Select(r =>
            (Delivery.Send(string.Create(CultureInfo.InvariantCulture, $"digest:{day:yyyy-MM-dd}:{r.Person.Id}"), "digest:action-plan", r.Person.Id, r.Address, card, at) with
            {
                DueAt = LateSends.MorningAfter(slot, now, changes.ZoneOf(r.Person.Id)) ?? at.UtcDateTime,
            }).Naming(named.Ids).ForPost(ReaderPosts.Of(Roles.CentralTeam))));
        store.SetMetaTime(DigestMarker, slot);
        Log.DigestQueued(logger, day, queued);
        return nextSlot;
    }

    /// <summary>The digest as of now, for the admin API.</summary>
    public ActionDigest CurrentDigest()
    {
        var now = Time.GetUtcNow().UtcDateTime;
        var since = store.MetaTime(DigestMarker) ?? now.AddDays(-7);
        return ActionDigest.Build(store.ForDigest(since), DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, clock.Zone)), since,
            id => id is null ? null : directory.Find(id)?.Name, phases.Current()?.Phase, HasLeft) with { Others = Others(since) };
    }

    List<DigestSection> Others(DateTime since) => [.. others.Select(o => o.Since(since)).OfType<DigestSection>()];

    bool HasLeft(string personId) => directory.Find(personId) is { Inactive: true };

    DateTime SlotUtc(DateOnly day)
    {
        var local = day.ToDateTime(Options.DigestAt());
        if (clock.Zone.IsInvalidTime(local)) local = local.AddHours(1);
        return TimeZoneInfo.ConvertTimeToUtc(local, clock.Zone);
    }
}
