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

    /// <summary>
    /// The tallies of every campaign in <paramref name="campaigns"/> whose rows all have keys starting with
    /// <paramref name="keyPrefix"/> — an update's sends, corrections and recall (<c>update:ID:…</c>) — in one pass over
    /// the primary key, <see cref="ChunkRows"/> rows per query.
    /// </summary>
    /// <remarks>
    /// Through the Campaign index the rows of a 90,000-person update are one query, and LiteDB keeps every page a query
    /// read until it ends and never gives that memory back: the overview left the process 240 MB larger. Chunks of the
    /// key range are queries of their own, so the pages of one are free for the next. Kept like <see cref="Tally"/>.
    /// </remarks>
    public IReadOnlyDictionary<string, CampaignTally> TallyKeys(string keyPrefix, IReadOnlyCollection<string> campaigns)
    {
        var seen = (db.Changes.Of(Collection), db.Changes.Of(MessageStore.Collection), claims.Version);
        var key = keyPrefix + "\u001f" + string.Join('\u001e', campaigns.Order(StringComparer.Ordinal));
        lock (tallies)
            if (keyTallies.TryGetValue(key, out var kept) && kept.Seen == seen) return kept.Tallies;
        var counting = campaigns.ToDictionary(c => c, _ => new TallyBuilder(this), StringComparer.Ordinal);
        var after = new LiteDB.BsonValue(keyPrefix);
        while (true)
        {
            var chunk = db.Collection<LiteDB.BsonDocument>(Collection).Query().Where(AfterKey, after).Select(TallyKeyFields).Limit(ChunkRows).ToDocuments().ToList();
            // The key index orders case-insensitively: a key of another campaign may sit among these, and is left out below.
            var inRange = chunk.TakeWhile(r => r["_id"].AsString.StartsWith(keyPrefix, StringComparison.OrdinalIgnoreCase)).ToList();
            foreach (var row in inRange)
                if (counting.TryGetValue(row["Campaign"].AsString, out var tally)) tally.Add(row);
            if (inRange.Count < ChunkRows) break;
            after = inRange[^1]["_id"];
        }
        var result = counting.ToDictionary(c => c.Key, c => c.Value.Build(), StringComparer.Ordinal);
        lock (tallies)
        {
            if (keyTallies.Count >= KeptTallies) keyTallies.Clear();
            keyTallies[key] = (seen, result);
        }
        return result;
    }

    const int ChunkRows = 2_000;
    static readonly LiteDB.BsonExpression TallyKeyFields = LiteDB.BsonExpression.Create("{ _id: $._id, State: $.State, Channel: $.Address.Channel, Campaign: $.Campaign }");
    readonly Dictionary<string, ((long, long, long) Seen, IReadOnlyDictionary<string, CampaignTally> Tallies)> keyTallies = new(StringComparer.Ordinal);

    CampaignTally Count(string campaign)
    {
        var tally = new TallyBuilder(this);
        foreach (var row in db.Collection<LiteDB.BsonDocument>(Collection).Query().Where(Queries.Equal("$.Campaign", campaign)).Select(TallyFields).ToDocuments())
            tally.Add(row);
        return tally.Build();
    }

    /// <summary>One campaign's counts as its rows (three fields each) go by; the failed ones are read whole at the end.</summary>
    sealed class TallyBuilder(OutboxStore outbox)
    {
        readonly Dictionary<DeliveryState, int> byState = Enum.GetValues<DeliveryState>().ToDictionary(s => s, _ => 0);
        readonly Dictionary<ChannelKind, int> sentBy = [];
        readonly HashSet<ChannelKind> channels = [];
        readonly List<string> failed = [];

        public void Add(LiteDB.BsonDocument row)
        {
            var id = row["_id"].AsString;
            var state = outbox.claims.Shown(id, Enum.TryParse<DeliveryState>(row["State"].AsString, out var stored) ? stored : DeliveryState.Queued);
            var channel = Enum.TryParse<ChannelKind>(row["Channel"].AsString, out var kind) ? kind : default;
            byState[state]++;
            channels.Add(channel);
            if (state == DeliveryState.Sent) sentBy[channel] = sentBy.GetValueOrDefault(channel) + 1;
            if (state is DeliveryState.Failed or DeliveryState.Dead) failed.Add(id);
        }

        public CampaignTally Build() => new(byState, sentBy, channels, [.. failed.Select(outbox.Find).OfType<Delivery>()]);
    }

    static readonly LiteDB.BsonExpression TallyFields = LiteDB.BsonExpression.Create("{ _id: $._id, State: $.State, Channel: $.Address.Channel }");
}
