using HitBot.Core.Messaging.Outbox;

namespace HitBot.Core.ActionPlan;

/// <summary>
/// Escalation cards that still wait for a reader's working morning (<see cref="ActionReminders"/> queues each for the
/// start of its reader's day) are withdrawn when the item stops being what they say: done, archived, unblocked, blocked
/// on something else, or given a new due date. Found at 16:30 in Los Angeles, a "blocked" card waited for Monday 09:00 in
/// New York and went out though the owner had marked the item done on Friday evening.
/// </summary>
public sealed partial class ActionItemChanges
{
    public const string EscalationWithdrawnReason = "Not sent: the item was done, unblocked, archived, given a new due date or another owner before it went.";

    /// <summary>
    /// The change an escalation of <paramref name="item"/> is about: blocked since a time, or overdue from a due date. The
    /// escalation is sent once per change (<see cref="ActionItem.EscalatedFor"/>).
    /// </summary>
    /// <remarks>
    /// Handed to a new owner after its due date, the item is late from the day they got it: a change of its own, escalated
    /// once they have had it the program's grace (<see cref="OverdueFrom"/>), so readers told of the former owner hear of the new one then.
    /// Handed on while blocked, likewise (<see cref="BlockedHandedOnFrom"/>).
    /// </remarks>
    public static string EscalationChange(ActionItem item) => item.Status == ItemStatus.Blocked
        ? $"blocked:{(item.StatusChangedAt ?? item.UpdatedAt).Ticks}" + (BlockedHandedOnFrom(item) is { } since ? $":owner-since:{Day(since)}" : "")
        : $"overdue:{Day(item.DueDate)}" + (OverdueFrom(item) is { } from && from != item.DueDate ? $":owner-since:{Day(from)}" : "");

    /// <summary>
    /// The day a blocked item's grace (HitBot:ActionPlan:EscalateAfterDaysOverdue) counts from when it was handed on while
    /// blocked: the day its owner got it. Null when it was blocked under the owner it has now (they, or the central team,
    /// said so: escalated at once, as the owner is told) or has no owner. Handed on while blocked, it went to the executive
    /// champion at the next look, naming an owner who had held it for minutes and had had no chance to unblock it.
    /// </summary>
    /// <remarks>
    /// The order of the history's lines tells which came first, the hand-over or the block: the day alone cannot (blocked in
    /// the morning, handed on that afternoon), nor the times (one edit that hands on and blocks writes both lines, the owner's first).
    /// </remarks>
    public static DateOnly? BlockedHandedOnFrom(ActionItem item)
    {
        if (item.Status != ItemStatus.Blocked || item.OwnerId is null || item.OwnerSince is not { } since) return null;
        var handedOn = item.History.FindLastIndex(n => n.Text.StartsWith("Owner: ", StringComparison.Ordinal));
        var blocked = item.History.FindLastIndex(n => n.Text.StartsWith("Status: ", StringComparison.Ordinal));
        return handedOn > blocked ? since : null;
    }

    /// <summary>
    /// The day an overdue item's grace (HitBot:ActionPlan:EscalateAfterDaysOverdue) counts from: its due date, or the day its
    /// owner got it when that came later. Handed on a week late, an item went to the executive champion at the next look,
    /// naming an owner who had held it for five minutes and had not had a single reminder of it.
    /// </summary>
    public static DateOnly? OverdueFrom(ActionItem item) =>
        item.DueDate is { } due && item.OwnerId is not null && item.OwnerSince is { } since && since > due ? since : item.DueDate;

    static string? Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether the escalated change still describes the item, so a card about it is still true.</summary>
    static bool StillEscalated(ActionItem item) => item.IsOpen && item.EscalatedFor == EscalationChange(item);

    /// <summary>
    /// Whether this change makes the item's escalation untrue: it is no longer blocked or overdue as the cards say, or it has
    /// another owner than the one they name. The item is then written down as not escalated (<see cref="ActionItem.EscalatedFor"/>
    /// null) and its waiting cards are withdrawn (<see cref="WithdrawEscalations"/>): should it be what they said again (an
    /// item marked done by mistake and reopened), the next look tells those whose card was withdrawn, and only them
    /// (<see cref="ActionReminders"/> skips a reader already told of the same change). Kept as escalated, a reopened item's
    /// withdrawn card was never sent again, and nobody who leads the program heard of the item.
    /// </summary>
    static bool Unescalates(ActionItem before, ActionItem after) =>
        StillEscalated(before) && (!StillEscalated(after) || after.OwnerId != before.OwnerId);

    /// <summary>
    /// Withdraws the item's escalation cards still waiting for their reader's morning. An item that stopped being
    /// escalated long ago has nothing left to withdraw.
    /// </summary>
    void WithdrawEscalations(string itemId)
    {
        // Every waiting row of the item's own campaign is about an earlier change: the next look queues the new one, if any.
        outbox.Cancel(["escalation:" + itemId], EscalationWithdrawnReason);
        // A card listing several items goes while any of them still needs its reader: it names the rest.
        var together = outbox.ForCampaign(ActionReminders.EscalationsCampaign)
            .Where(d => d.State is DeliveryState.Queued or DeliveryState.Failed or DeliveryState.Held && d.Items?.Contains(itemId) == true)
            .Where(d => d.Items!.All(id => id == itemId || store.Find(id) is not { } other || !StillEscalated(other)))
            .Select(d => d.Id).ToList();
        if (together.Count > 0) outbox.CancelWaiting(together, EscalationWithdrawnReason);
    }
}
