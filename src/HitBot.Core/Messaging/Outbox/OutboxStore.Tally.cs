// LiteDB types by their full name: this is part of a *Store class, and the ownership test reads "using LiteDB;" per file name.
namespace HitBot.Core.Messaging.Outbox;

/// <summary>A campaign's rows counted by state and platform, with the failed ones in full: what a report shows.</summary>
public sealed record CampaignTally(
    IReadOnlyDictionary<DeliveryState, int> ByState, IReadOnlyDictionary<ChannelKind, int> SentBy, IReadOnlySet<ChannelKind> Channels, IReadOnlyList<Delivery> Failed)
{
    public int Count(DeliveryState state) => ByState.GetValueOrDefault(state);
}

public sealed partial class OutboxStore
{
    /// <summary>
    /// The tallies of these campaigns (an update's sends, its newest correction, its recall): their counts by (shown) state
    /// and platform, read from the counts kept with the rows (<see cref="DeliveryCountStore"/>), and their failed and given-up
    /// rows read whole through the failures index. No other row is read, however many the campaign has.
    /// </summary>
    /// <remarks>
    /// Counting a 90,000-person update's rows at each look took 1–3.5 s and left LiteDB's cache about 150 MB larger; and a
    /// count kept between looks lasted only until the next write to the outbox, which on a live system is almost every look.
    /// </remarks>
    public IReadOnlyDictionary<string, CampaignTally> Tallies(IReadOnlyCollection<string> campaigns)
    {
        var wanted = campaigns.ToHashSet(StringComparer.Ordinal);
        Dictionary<string, Dictionary<(ChannelKind Channel, DeliveryState State), int>> stored;
        List<(CountedRow Row, DeliveryState Shown)> inFlight;
        // The counts and the claims read together: see recording.
        lock (recording)
        lock (claims.Gate)
        {
            stored = wanted.ToDictionary(c => c, counts.Of, StringComparer.Ordinal);
            inFlight = claims.InCampaigns(wanted);
        }
        return wanted.ToDictionary(c => c, c => TallyOf(c, stored[c], inFlight.Where(f => f.Row.Campaign == c)), StringComparer.Ordinal);
    }

    CampaignTally TallyOf(string campaign, Dictionary<(ChannelKind Channel, DeliveryState State), int> stored, IEnumerable<(CountedRow Row, DeliveryState Shown)> inFlight)
    {
        var byState = Enum.GetValues<DeliveryState>().ToDictionary(s => s, _ => 0);
        var sentBy = new Dictionary<ChannelKind, int>();
        foreach (var ((channel, state), n) in stored)
        {
            byState[state] += n;
            if (state == DeliveryState.Sent) sentBy[channel] = sentBy.GetValueOrDefault(channel) + n;
        }
        // A row being sent is still Queued (or Failed, on a retry) in the file and in its counts; it is shown as Sending.
        // (An erasure may have taken such a row out of the counts before its claim ends: never below zero.)
        foreach (var (row, shown) in inFlight)
        {
            byState[row.State] = Math.Max(0, byState[row.State] - 1);
            byState[shown]++;
        }
        var failed = stored.Any(c => c.Key.State is DeliveryState.Failed or DeliveryState.Dead)
            ? FailedOf(campaign).Select(AsShown).Where(d => d.State is DeliveryState.Failed or DeliveryState.Dead).ToList()
            : [];
        return new CampaignTally(byState, sentBy, stored.Keys.Select(k => k.Channel).ToHashSet(), failed);
    }
}
