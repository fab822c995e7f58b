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
        outbox.Cancel(["reminder:" + before.Id], ReminderWithdrawnReason);
        // A card reminding the former owner of several items goes while any of the others is still theirs: it names those.
        var together = outbox.ForCampaign(ActionReminders.RemindersCampaign(former))
            .Where(d => d.State is DeliveryState.Queued or DeliveryState.Failed or DeliveryState.Held && d.Items?.Contains(before.Id) == true)
            .Where(d => d.Items!.All(id => id == before.Id || store.Find(id) is not { IsOpen: true } other || other.OwnerId != former))
            .Select(d => d.Id).ToList();
        if (together.Count > 0) outbox.CancelWaiting(together, ReminderWithdrawnReason);
    }
}
