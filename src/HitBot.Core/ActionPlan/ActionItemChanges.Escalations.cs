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
    public const string EscalationWithdrawnReason = "Not sent: the item was done, unblocked, archived or given a new due date before it went.";

    /// <summary>
    /// The change an escalation of <paramref name="item"/> is about: blocked since a time, or overdue from a due date. The
    /// escalation is sent once per change (<see cref="ActionItem.EscalatedFor"/>).
    /// </summary>
    public static string EscalationChange(ActionItem item) => item.Status == ItemStatus.Blocked
        ? $"blocked:{(item.StatusChangedAt ?? item.UpdatedAt).Ticks}"
        : $"overdue:{item.DueDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>Whether the escalated change still describes the item, so a card about it is still true.</summary>
    static bool StillEscalated(ActionItem item) => item.IsOpen && item.EscalatedFor == EscalationChange(item);

    /// <summary>
    /// Withdraws the item's waiting escalation cards when this change made them untrue (<paramref name="before"/> null: the
    /// escalation was just written down). An item that stopped being escalated long ago has nothing left to withdraw.
    /// </summary>
    void WithdrawEscalations(ActionItem? before, ActionItem after)
    {
        if (after.EscalatedFor is null || before is not null && !StillEscalated(before) || StillEscalated(after)) return;
        // Every waiting row of the item's own campaign is about an earlier change: the next look queues the new one, if any.
        outbox.Cancel(["escalation:" + after.Id], EscalationWithdrawnReason);
        // A card listing several items goes while any of them still needs its reader: it names the rest.
        var together = outbox.ForCampaign(ActionReminders.EscalationsCampaign)
            .Where(d => d.State is DeliveryState.Queued or DeliveryState.Failed or DeliveryState.Held && d.Items?.Contains(after.Id) == true)
            .Where(d => d.Items!.All(id => id == after.Id || store.Find(id) is not { } other || !StillEscalated(other)))
            .Select(d => d.Id).ToList();
        if (together.Count > 0) outbox.CancelWaiting(together, EscalationWithdrawnReason);
    }
}
