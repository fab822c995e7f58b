namespace HitBot.Core.Messaging.Outbox;

/// <summary>Corrections and recalls change a message sent earlier: they go once that send is known to have gone out.</summary>
public sealed partial class Dispatcher
{
    /// <summary>How soon a follow-up looks again at a send still on its way (in flight or waiting for a retry).</summary>
    static readonly TimeSpan OriginalPending = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The longest a follow-up waits between looks at an original due later (pushed to its reader's morning, or waiting for
    /// a retry): it looks again just after the original's time, or sooner should that time move earlier.
    /// </summary>
    static readonly TimeSpan OriginalDueLater = TimeSpan.FromMinutes(5);

    /// <summary>Why a follow-up waits while an earlier change of the same message is on the wire.</summary>
    internal const string EarlierChangePending = "Waiting for an earlier change of this message to go out first";

    /// <summary>
    /// The follow-up with the platform ids of the message it changes, or null when it cannot go now: the original is still
    /// on its way (the row waits for it, the attempt not counted), or it never went out (the row is cancelled: no chat
    /// holds anything to change).
    /// </summary>
    Delivery? FindOriginal(Delivery followUp)
    {
        var original = followUp.FollowsDeliveryId is { } id ? outbox.Find(id) : null;
        switch (original)
        {
            case { State: DeliveryState.Sent, SentConversationId: { } conversation, SentMessageId: { } message }:
                // The original's own chat: a send refused by one of the person's chats went to their other one.
                return followUp with { Address = original.Address, TargetConversationId = conversation, TargetMessageId = message };
            case { State: DeliveryState.Queued or DeliveryState.Sending or DeliveryState.Failed }:
                var now = time.GetUtcNow();
                // ToUniversalTime: LiteDB hands dates back as local time.
                var due = new DateTimeOffset(original.DueAt.ToUniversalTime());
                // An original due hours from now was looked at every 2 s until then: a correction of a fan-out whose copies
                // wait for their readers' morning rewrote thousands of rows a second all night.
                var next = due > now && original.State != DeliveryState.Sending
                    ? Min(due + OriginalPending, now + OriginalDueLater)
                    : now + OriginalPending;
                outbox.Postpone(followUp, next, "Waiting for the original message to go out first");
                return null;
            default:
                outbox.MarkCancelled(followUp, "The original message was never delivered, so no chat holds it");
                return null;
        }
    }

    static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
