namespace HitBot.Core.Messaging.Outbox;

/// <summary>Corrections and recalls change a message sent earlier: they go once that send is known to have gone out.</summary>
public sealed partial class Dispatcher
{
    /// <summary>How soon a follow-up looks again at a send still on its way (in flight or waiting for a retry).</summary>
    static readonly TimeSpan OriginalPending = TimeSpan.FromSeconds(2);

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
                outbox.Postpone(followUp, due > now && original.State == DeliveryState.Failed ? due + OriginalPending : now + OriginalPending,
                    "Waiting for the original message to go out first");
                return null;
            default:
                outbox.MarkCancelled(followUp, "The original message was never delivered, so no chat holds it");
                return null;
        }
    }
}
