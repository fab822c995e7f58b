using HitBot.Core.Loops;
using HitBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HitBot.Core.Messaging.Outbox;

public sealed class RetentionSignal : WakeSignal;

public sealed class RetentionProgress() : LoopProgress("retention");

/// <summary>
/// Once a day: forgets inbound ids older than the platforms' retry window, and finished deliveries older than
/// <see cref="StorageOptions.RetentionDays"/>, so the database file stops growing without bound; then runs each part's
/// own <see cref="IRetentionPass"/> with the same cutoff. Rows of a campaign an <see cref="IRetentionHold"/> names are kept. It lives in Messaging because most of what it prunes is
/// Messaging's; Storage knows no part above it, and the parts above come in through the pass they register.
/// </summary>
public sealed class RetentionLoop(
    InboundStore inbound, OutboxStore outbox, IEnumerable<IRetentionPass> passes, IEnumerable<IRetentionHold> holds, IOptions<StorageOptions> options, RetentionSignal signal,
    RetentionProgress progress, TimeProvider time, ILogger<RetentionLoop> logger) : TimedLoop(signal, progress, time)
{
    static readonly TimeSpan Daily = TimeSpan.FromDays(1);

    protected override TimeSpan Poll => Daily;

    /// <summary>
    /// The first pass waits this long after start: it reads every delivery row (a million, in a big district), and a
    /// start is when HitBot should answer Teams and Slack first.
    /// </summary>
    public static readonly TimeSpan FirstPassAfterStart = TimeSpan.FromMinutes(10);

    bool started;

    protected override DateTimeOffset? LookAt(DateTimeOffset now)
    {
        if (!started)
        {
            started = true;
            return now + FirstPassAfterStart;
        }
        var cutoff = now - TimeSpan.FromDays(options.Value.RetentionDays);
        var ids = inbound.Prune();
        var kept = holds.SelectMany(h => h.CampaignsInUse()).ToHashSet(StringComparer.Ordinal);
        var deliveries = outbox.PruneFinishedBefore(cutoff, kept);
        if (ids + deliveries > 0)
            logger.LogInformation("Retention: forgot {Ids} inbound ids and {Deliveries} finished deliveries", ids, deliveries);
        foreach (var pass in passes)
            if (pass.PruneBefore(cutoff) is > 0 and var removed)
                logger.LogInformation("Retention: forgot {Count} {What}", removed, pass.What);
        return now + Daily;
    }

    protected override void LookFailed(Exception e) => logger.LogError(e, "Retention pass failed; trying again tomorrow");
}
