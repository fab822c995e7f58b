using System.Threading.RateLimiting;

namespace HitBot.Core.Messaging.Outbox;

/// <summary>One chat platform's outbound side. Implementations translate and send; the dispatcher owns retries.</summary>
public interface IChannel
{
    ChannelKind Kind { get; }

    /// <summary>Waits until the platform's rate limits allow one more send to this address.</summary>
    ValueTask<RateLimitLease> AcquirePacingAsync(ChannelAddress address, CancellationToken ct);

    /// <summary>Sends a message, opening the 1:1 conversation first when the address has none.</summary>
    /// <exception cref="DeliveryException">The platform refused; says whether and when to retry.</exception>
    Task<SentMessage> SendAsync(ChannelAddress address, Message message, CancellationToken ct);

    /// <summary>
    /// Sends a reply into the thread <paramref name="threadId"/> of the address's conversation, where the person wrote. A
    /// platform whose 1:1 chats have no threads (Teams) sends it as any message.
    /// </summary>
    /// <exception cref="DeliveryException">The platform refused; says whether and when to retry.</exception>
    Task<SentMessage> SendInThreadAsync(ChannelAddress address, string threadId, Message message, CancellationToken ct) =>
        SendAsync(address, message, ct);

    /// <summary>Replaces a message sent earlier (an answered card) with a new one.</summary>
    /// <exception cref="DeliveryException">The platform refused; says whether and when to retry.</exception>
    Task UpdateAsync(ChannelAddress address, string conversationId, string messageId, Message message, CancellationToken ct);

    /// <summary>Deletes a message sent earlier; one already gone counts as deleted.</summary>
    /// <exception cref="DeliveryException">The platform refused; says whether and when to retry.</exception>
    Task DeleteAsync(ChannelAddress address, string conversationId, string messageId, CancellationToken ct);
}

/// <summary>The platform's handle for a sent message: enough to update or delete it later.</summary>
public sealed record SentMessage(string ConversationId, string MessageId);
