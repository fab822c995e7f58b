using HitBot.Core.Storage;

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
    /// Counts a campaign's rows by (shown) state and platform, reading three fields of each row through the Campaign index;
    /// only failed and given-up rows are read whole. A report of a 100,000-person update used to map every row with its
    /// message (<see cref="ForCampaign"/>): about a second, on every look at the overview.
    /// </summary>
    /// <remarks>
    /// Still a read of every row of the campaign, so the answer is kept until the outbox changes (a row written, a claim
    /// taken or ended, a shared message changed): the overview a coordinator opens after a send is then answered from
    /// memory. While anything is being sent it is counted again at each look. The returned tally is shared: read only.
    /// </remarks>
    public CampaignTally Tally(string campaign)
    {
        // Read before the rows, so a change made while they are read leaves the kept tally out of date, never wrong.
        var seen = (db.Changes.Of(Collection), db.Changes.Of(MessageStore.Collection), claims.Version);
        lock (tallies)
            if (tallies.TryGetValue(campaign, out var kept) && kept.Seen == seen) return kept.Tally;
        var tally = Count(campaign);
        lock (tallies)
        {
            // A handful of updates are on the overview; the bound only stops a long-running process keeping every one.
            if (tallies.Count >= KeptTallies) tallies.Clear();
            tallies[campaign] = (seen, tally);
        }
        return tally;
    }

    const int KeptTallies = 64;
    readonly Dictionary<string, ((long, long, long) Seen, CampaignTally Tally)> tallies = new(StringComparer.Ordinal);

    CampaignTally Count(string campaign)
    {
        var byState = Enum.GetValues<DeliveryState>().ToDictionary(s => s, _ => 0);
        var sentBy = new Dictionary<ChannelKind, int>();
        var channels = new HashSet<ChannelKind>();
        var failed = new List<string>();
        var rows = db.Collection<LiteDB.BsonDocument>(Collection).Query().Where(Queries.Equal("$.Campaign", campaign)).Select(TallyFields).ToDocuments();
        foreach (var row in rows)
        {
            var id = row["_id"].AsString;
            var state = claims.Shown(id, Enum.TryParse<DeliveryState>(row["State"].AsString, out var stored) ? stored : DeliveryState.Queued);
            var channel = Enum.TryParse<ChannelKind>(row["Channel"].AsString, out var kind) ? kind : default;
            byState[state]++;
            channels.Add(channel);
            if (state == DeliveryState.Sent) sentBy[channel] = sentBy.GetValueOrDefault(channel) + 1;
            if (state is DeliveryState.Failed or DeliveryState.Dead) failed.Add(id);
        }
        return new CampaignTally(byState, sentBy, channels, [.. failed.Select(Find).OfType<Delivery>()]);
    }

    static readonly LiteDB.BsonExpression TallyFields = LiteDB.BsonExpression.Create("{ _id: $._id, State: $.State, Channel: $.Address.Channel }");
}
