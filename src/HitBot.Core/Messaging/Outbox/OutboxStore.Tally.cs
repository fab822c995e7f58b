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
    /// The tallies of every campaign in <paramref name="campaigns"/> whose rows all have keys starting with
    /// <paramref name="keyPrefix"/> — an update's sends, corrections and recall (<c>update:ID:…</c>) — counted by (shown)
    /// state and platform from four fields of each row, in one pass over that range of the key; only failed and
    /// given-up rows are read whole.
    /// </summary>
    /// <remarks>
    /// Through the Campaign index the rows of a 90,000-person update were one query, which LiteDB's cache kept (the first
    /// overview left the process 240 MB larger), and reports used to map every row with its message: about a second at
    /// every look. The answer is kept until the outbox changes (a row written, a claim taken or ended, a shared message
    /// changed), so the overview a coordinator opens after a send is answered from memory; while anything is being sent
    /// it is counted again at each look. The returned tallies are shared: read only.
    /// </remarks>
    public IReadOnlyDictionary<string, CampaignTally> TallyKeys(string keyPrefix, IReadOnlyCollection<string> campaigns)
    {
        // Read before the rows, so a change made while they are read leaves the kept tally out of date, never wrong.
        var seen = (db.Changes.Of(Collection), db.Changes.Of(MessageStore.Collection), claims.Version);
        var key = keyPrefix + "\u001f" + string.Join('\u001e', campaigns.Order(StringComparer.Ordinal));
        lock (tallies)
            if (tallies.TryGetValue(key, out var kept) && kept.Seen == seen) return kept.Tallies;
        var counting = campaigns.ToDictionary(c => c, _ => new TallyBuilder(this), StringComparer.Ordinal);
        foreach (var chunk in RowsInKeyOrder(new LiteDB.BsonValue(keyPrefix), TallyFields))
        {
            // The key index orders case-insensitively: a key of another campaign may sit among these, and is left out below.
            var inRange = chunk.TakeWhile(r => r["_id"].AsString.StartsWith(keyPrefix, StringComparison.OrdinalIgnoreCase)).ToList();
            foreach (var row in inRange)
                if (counting.TryGetValue(row["Campaign"].AsString, out var tally)) tally.Add(row);
            if (inRange.Count < chunk.Count) break;
        }
        var result = counting.ToDictionary(c => c.Key, c => c.Value.Build(), StringComparer.Ordinal);
        lock (tallies)
        {
            // A handful of updates are on the overview; the bound only stops a long-running process keeping every one.
            if (tallies.Count >= KeptTallies) tallies.Clear();
            tallies[key] = (seen, result);
        }
        return result;
    }

    const int KeptTallies = 64;
    static readonly LiteDB.BsonExpression TallyFields = LiteDB.BsonExpression.Create("{ _id: $._id, State: $.State, Channel: $.Address.Channel, Campaign: $.Campaign }");
    readonly Dictionary<string, ((long, long, long) Seen, IReadOnlyDictionary<string, CampaignTally> Tallies)> tallies = new(StringComparer.Ordinal);

    /// <summary>One campaign's counts as its rows go by; the failed ones are read whole at the end.</summary>
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
}
