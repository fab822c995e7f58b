using HitBot.Core.Loops;
using HitBot.Core.Messaging;
using Microsoft.Extensions.Logging;

namespace HitBot.Teams;

/// <summary>
/// Where a Teams user goes when their member look-up failed for a reason that may pass (throttling, an outage, a
/// timeout): a durable row, and a nudge to <see cref="TeamsLinkLater"/> which links them as soon as the Connector answers.
/// </summary>
public sealed class PendingLinks(PendingLinkStore store, TimeProvider time, ILogger<PendingLinks> logger)
{
    /// <summary>The first retry when Teams gave no Retry-After.</summary>
    internal static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(30);

    internal WakeSignal Queued { get; } = new();

    public void Enqueue(ChannelAddress address, string conversationId, string? email, bool welcome, TimeSpan? retryAfter)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var link = new PendingLink
        {
            Id = address.PersonKey(), Address = address, ConversationId = conversationId, Email = email, Welcome = welcome,
            Attempts = 1, DueAt = now + (retryAfter ?? FirstBackoff), QueuedAt = now,
        };
        if (store.TryAdd(link)) Log.PendingLinksd(logger, address.UserId, 1);
        Queued.Notify();
    }
}
