using System.Threading.RateLimiting;
using HitBot.Core.Messaging;
using Microsoft.Extensions.Options;

namespace HitBot.Slack;

/// <summary>
/// Keeps sends under Slack's chat.postMessage limits (protocols.md §7.3): about one message per second into one
/// channel, and a workspace-wide allowance (<see cref="SlackOptions.SendsPerSecond"/>). Both buckets queue rather than
/// refuse, so a fan-out slows down instead of collecting 429s; a 429 that still comes is retried by the dispatcher.
/// System.Threading.RateLimiting replenishes on its own clock (no TimeProvider hook): it only paces, it decides nothing.
/// </summary>
public sealed class SlackPacing : IDisposable
{
    /// <summary>Far more than the dispatcher ever has in flight; a lease is refused only past this many waiters.</summary>
    const int QueueLimit = 100_000;
    const int ChannelSendsPerSecond = 1;

    readonly PartitionedRateLimiter<ChannelAddress> workspaces;
    readonly PartitionedRateLimiter<ChannelAddress> channels;
    readonly PartitionedRateLimiter<ChannelAddress> chained;

    public SlackPacing(IOptions<SlackOptions> options)
    {
        var perWorkspace = options.Value.SendsPerSecond;
        workspaces = PartitionedRateLimiter.Create<ChannelAddress, string>(a =>
            RateLimitPartition.GetTokenBucketLimiter(a.TeamId ?? "", _ => PerSecond(perWorkspace)));
        // Before the DM is opened the user id stands for it: each user has exactly one DM with the bot.
        channels = PartitionedRateLimiter.Create<ChannelAddress, string>(a =>
            RateLimitPartition.GetTokenBucketLimiter(a.ConversationId ?? a.UserId, _ => PerSecond(ChannelSendsPerSecond)));
        chained = PartitionedRateLimiter.CreateChained(workspaces, channels);
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
        channels.Dispose();
        workspaces.Dispose();
    }
}
