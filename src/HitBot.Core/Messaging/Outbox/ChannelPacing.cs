using System.Threading.RateLimiting;

namespace HitBot.Core.Messaging.Outbox;

/// <summary>
/// Two token buckets in a row, per second: one for a whole workspace or tenant, one per conversation. Both queue
/// instead of rejecting, so a fan-out slows down rather than collecting 429s. System.Threading.RateLimiting
/// replenishes on its own clock (it has no TimeProvider hook); it only paces, it decides nothing.
/// </summary>
public abstract class ChannelPacing : IDisposable
{
    /// <summary>Far more than the dispatcher ever has in flight; a lease is refused only past this many waiters.</summary>
    const int QueueLimit = 100_000;

    readonly PartitionedRateLimiter<ChannelAddress> outer;
    readonly PartitionedRateLimiter<ChannelAddress> perConversation;
    readonly PartitionedRateLimiter<ChannelAddress> chained;

    protected ChannelPacing(Func<ChannelAddress, string> outerKey, int outerPerSecond, int conversationPerSecond)
    {
        outer = PartitionedRateLimiter.Create<ChannelAddress, string>(a =>
            RateLimitPartition.GetTokenBucketLimiter(outerKey(a), _ => PerSecond(outerPerSecond)));
        // Before the 1:1 chat exists the user id stands for it: there is exactly one per user.
        perConversation = PartitionedRateLimiter.Create<ChannelAddress, string>(a =>
            RateLimitPartition.GetTokenBucketLimiter(a.ConversationId ?? a.UserId, _ => PerSecond(conversationPerSecond)));
        chained = PartitionedRateLimiter.CreateChained(outer, perConversation);
    }

    public ValueTask<RateLimitLease> AcquireAsync(ChannelAddress address, CancellationToken ct) => chained.AcquireAsync(address, 1, ct);

    static TokenBucketRateLimiterOptions PerSecond(int count) => new()
    {
        TokenLimit = count,
        TokensPerPeriod = count,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = QueueLimit,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    };

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing) return;
        chained.Dispose();
        perConversation.Dispose();
        outer.Dispose();
    }
}
