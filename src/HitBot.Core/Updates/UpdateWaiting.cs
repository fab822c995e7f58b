using System.Text.Json.Serialization;
using HitBot.Core.Messaging.Outbox;

namespace HitBot.Core.Updates;

/// <summary>
/// An update's copies still waiting to go, by why they wait, with the earliest and latest time they go (UTC; shown in
/// <see cref="TimeZone"/>, the program's zone). "12 waiting" alone did not say whether they go in a minute or on Monday.
/// </summary>
public sealed record UpdateWaiting(string TimeZone, List<WaitingGroup> Groups)
{
    /// <summary>Going out now, each in its turn in the send (the platforms' pace): no time to wait for.</summary>
    public const string Now = "now";
    /// <summary>Due while HitBot was stopped and found in the person's night: waits for their morning.</summary>
    public const string Morning = "morning";
    /// <summary>A pause on the program calendar covers the day it was moved to: waits for the first working day after.</summary>
    public const string Pause = "pause";
    /// <summary>Moved later by the person's weekly message limit.</summary>
    public const string WeeklyLimit = "weekly-limit";
    /// <summary>Teams or Slack refused or failed it: tried again at its time (and counted under "failed" until then).</summary>
    public const string Retry = "retry";
    /// <summary>Due later for another reason (<see cref="WaitingGroup.Why"/> gives the row's words).</summary>
    public const string Later = "later";

    /// <summary>
    /// The groups of one campaign's copies from its counts and its rows due later (the due index: none of the rows due now
    /// or already sent are read). Queued and sending copies not due later go now; failed ones not due later are retried now.
    /// </summary>
    public static UpdateWaiting Of(CampaignTally sends, OutboxStore outbox, string campaign, DateTimeOffset now, TimeZoneInfo zone)
    {
        var queued = sends.Count(DeliveryState.Queued) + sends.Count(DeliveryState.Sending);
        var failed = sends.Count(DeliveryState.Failed);
        var later = queued + failed == 0 ? [] : outbox.DueLaterOf(campaign, now);
        var groups = later.GroupBy(ReasonOf).Select(g => new WaitingGroup(g.Key.Reason, g.Count())
        {
            FirstGoesAt = g.Min(r => r.DueAt), LastGoesAt = g.Max(r => r.DueAt), Why = g.Key.Reason == Later ? g.Key.Why : null,
        }).ToList();
        var retryingNow = Math.Max(0, failed - later.Count(r => r.State == DeliveryState.Failed));
        if (retryingNow > 0)
        {
            var retry = groups.Find(g => g.Reason == Retry);
            if (retry is not null) groups.Remove(retry);
            groups.Add(new WaitingGroup(Retry, retryingNow + (retry?.Count ?? 0))
                { FirstGoesAt = now.UtcDateTime, LastGoesAt = retry?.LastGoesAt ?? now.UtcDateTime });
        }
        var goingNow = Math.Max(0, queued - later.Count(r => r.State != DeliveryState.Failed));
        if (goingNow > 0) groups.Insert(0, new WaitingGroup(Now, goingNow));
        return new UpdateWaiting(zone.Id, [.. groups.OrderBy(g => g.FirstGoesAt ?? DateTime.MinValue)]);
    }

    static (string Reason, string? Why) ReasonOf(DueLaterRow row) => row switch
    {
        { State: DeliveryState.Failed } => (Retry, null),
        { LastError: Dispatcher.LateAtNight } => (Morning, null),
        { LastError: Dispatcher.PausedSinceQueued or Dispatcher.LateInPause } => (Pause, null),
        { HeldUntil: not null } => (WeeklyLimit, null),
        _ => (Later, row.LastError),
    };
}

/// <summary>Copies waiting for one reason: how many, and the first and last time they go (null for those going now).</summary>
public sealed record WaitingGroup(string Reason, int Count)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTime? FirstGoesAt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTime? LastGoesAt { get; init; }

    /// <summary>For <see cref="UpdateWaiting.Later"/>: the row's own words for why it waits, when it has any.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Why { get; init; }
}
