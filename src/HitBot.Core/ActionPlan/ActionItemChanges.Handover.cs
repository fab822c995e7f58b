using HitBot.Core.Messaging.Outbox;

namespace HitBot.Core.ActionPlan;

/// <summary>
/// An item handed to another owner (the central team's change of owner): the reminders still waiting to reach the owner
/// before (Slack or Teams asked HitBot to try again later, or HitBot waits for its chat credentials) are withdrawn. They
/// went later all the same, so the former owner was told of an item they no longer held, with buttons that no longer let
/// them change it. The new owner's reminders come from the next slot on.
/// </summary>
public sealed partial class ActionItemChanges
{
    public const string ReminderWithdrawnReason = "Not sent: the item was handed to another owner before it went.";

    void WithdrawReminders(ActionItem before, ActionItem after)
    {
        if (before.OwnerId is not { } former || after.OwnerId == former) return;
        // The item's own campaign holds only the former owner's: the new owner's reminders start after this change.
        // So does the card telling them the item was new for them, when it waits too.
        outbox.Cancel(["reminder:" + before.Id, ActionReminders.NewOwnerCampaign(before.Id)], ReminderWithdrawnReason);
        // A card reminding them of several items, this one among them: rewritten in place without it, one write to the row
        // under its own key, so no stop can leave the other items reminded twice or not at all. One already claimed by the
        // dispatcher is withdrawn as before when none of the others is still theirs, and otherwise goes as it is.
        foreach (var card in outbox.ForCampaign(ActionReminders.RemindersCampaign(former))
            .Where(d => d.State is DeliveryState.Queued or DeliveryState.Failed or DeliveryState.Held && d.Items?.Contains(before.Id) == true))
        {
            var still = StillTheirs(card, former);
            var rewrite = WithoutHandedOn(card, still, former);
            if (!outbox.ChangeUnsent(card.Id, rewrite) && still is []) outbox.CancelWaiting([card.Id], ReminderWithdrawnReason);
        }
    }

    List<ActionItem> StillTheirs(Delivery card, string former) =>
        [.. (card.Items ?? []).Select(store.Find).OfType<ActionItem>().Where(i => i.IsOpen && i.OwnerId == former)];

    /// <summary>
    /// The card reminding the former owner of several items, made to hold only those still open and theirs: it named the
    /// item handed on, whose button then refused them. With one left it becomes that item's own reminder card; with none it
    /// is withdrawn. Made before the write, so the outbox's lock is not held while items are read.
    /// </summary>
    Func<Delivery, Delivery> WithoutHandedOn(Delivery card, List<ActionItem> still, string former)
    {
        if (still is []) return row => row with { State = DeliveryState.Cancelled, DueAt = Delivery.NotDue, LastError = ReminderWithdrawnReason };
        // The day the card was written for, in the owner's calendar, as the reminder loop wrote it ("due today", "overdue").
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(card.CreatedAt, ZoneOf(former)));
        // The items it told were new stay so: they are written down as told, so no later card would say it, and their owner
        // learned of them from an ordinary reminder. The giver it named (one person gave them all) still names them.
        var fresh = (card.NewItems ?? []).Where(id => still.Any(i => i.Id == id)).ToHashSet(StringComparer.Ordinal);
        var givenBy = card.Names is [var giver] && still.All(i => fresh.Contains(i.Id)) ? directory.Find(giver)?.Name : null;
        var message = still is [var one]
            ? fresh.Contains(one.Id)
                ? ActionItemCards.NewForOwner(one, today, givenBy ?? "The central team", one.OwnerSince ?? today)
                : ActionItemCards.Item(one, today, ActionItemCards.Occasion.Reminder)
            : ActionPlanCards.Reminders(still, today, fresh, givenBy);
        return row => row.WithMessage(message) with
        {
            Items = [.. still.Select(i => i.Id)],
            NewItems = fresh.Count > 0 ? [.. card.NewItems!.Where(fresh.Contains)] : null,
            // A card that no longer names its giver is not refused at their erasure.
            Names = givenBy is null ? null : card.Names,
        };
    }
}
