using System.Threading.RateLimiting;
using HitBot.Core.Messaging;
using Microsoft.Extensions.Options;

namespace HitBot.Teams;

/// <summary>
/// Keeps sends under Teams' limits (protocols.md §3.6): per tenant for the app as a whole, and per conversation.
/// Both buckets queue instead of rejecting, so a fan-out slows down rather than collecting 429s.
/// System.Threading.RateLimiting replenishes on its own clock (it has no TimeProvider hook); it only paces, it decides nothing.
/// </summary>
public sealed class TeamsPacing : IDisposable
{
    /// <summary>Far more than the dispatcher ever has in flight; a lease is refused only past this many waiters.</summary>
    const int QueueLimit = 100_000;

    readonly PartitionedRateLimiter<ChannelAddress> tenants;
    readonly PartitionedRateLimiter<ChannelAddress> conversations;
    readonly PartitionedRateLimiter<ChannelAddress> chained;

    public TeamsPacing(IOptions<TeamsOptions> options)
    {
        var teams = options.Value;
        tenants = PartitionedRateLimiter.Create<ChannelAddress, string>(a =>
            RateLimitPartition.GetTokenBucketLimiter(a.TenantId ?? "", _ => PerSecond(teams.TenantSendsPerSecond)));
        // Before the 1:1 chat exists the user id stands for it: there is exactly one per user.
        conversations = PartitionedRateLimiter.Create<ChannelAddress, string>(a =>
            RateLimitPartition.GetTokenBucketLimiter(a.ConversationId ?? a.UserId, _ => PerSecond(teams.ConversationSendsPerSecond)));
        chained = PartitionedRateLimiter.CreateChained(tenants, conversations);
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
        chained.Dispose();
        conversations.Dispose();
        tenants.Dispose();
    }
}
