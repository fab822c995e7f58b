using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Messaging.Outbox;

/// <summary>What a row counts as: its campaign, its platform and the state the file has for it.</summary>
readonly record struct CountedRow(string Campaign, ChannelKind Channel, DeliveryState State)
{
    /// <summary>Null for a row that is not counted (<see cref="Delivery.Unreported"/>).</summary>
    public static CountedRow? Of(Delivery row) => row.Unreported == true ? null : new(row.Campaign, row.Address.Channel, row.State);

    /// <summary>From a row read as fields (<see cref="DeliveryCountStore.Fields"/>); an unknown name counts as the default.</summary>
    public static CountedRow? Of(BsonDocument row) => row["Unreported"] == true ? null : new(
        row["Campaign"].AsString ?? "",
        Enum.TryParse<ChannelKind>(row["Channel"].AsString, out var channel) ? channel : default,
        Enum.TryParse<DeliveryState>(row["State"].AsString, out var state) ? state : DeliveryState.Queued);
}

/// <summary>
/// How many rows each campaign has in each state on each platform, written in the same transaction as every write of the
/// rows (<see cref="Apply"/>), so an update's report and the overview read a handful of numbers instead of counting a
/// 100,000-person update's rows, and a crash leaves the counts and the rows agreeing.
/// </summary>
/// <remarks>
/// One document per campaign: <c>{ _id, Campaign, Teams: { Queued: 3, Sent: 90000 }, Slack: { … } }</c>. The key is the
/// campaign's UTF-8 in hex: the file compares keys ignoring case, and "update:AB" is not "update:ab". The counts are of
/// the file's states; a row being sent is shown as Sending from the claims (<see cref="OutboxStore.Tallies"/>).
/// </remarks>
sealed class DeliveryCountStore(Func<ILiteCollection<BsonDocument>> documents)
{
    public const string Collection = "delivery_counts";

    /// <summary>The fields of a delivery row that <see cref="CountedRow.Of(BsonDocument)"/> reads.</summary>
    public static readonly BsonExpression Fields = BsonExpression.Create("{ _id: $._id, Campaign: $.Campaign, Channel: $.Address.Channel, State: $.State, Unreported: $.Unreported }");

    /// <summary>
    /// Adds each change (a row written: what it counted as before, or null when new; what it counts as now, or null when
    /// deleted) to its campaign's counts: one read and one write per campaign touched. Call inside the rows' transaction,
    /// which holds the write lock, so no other write reads the same counts in between.
    /// </summary>
    public void Apply(IEnumerable<(CountedRow? Was, CountedRow? Now)> changes)
    {
        var deltas = new Dictionary<string, Dictionary<(ChannelKind, DeliveryState), int>>(StringComparer.Ordinal);
        void Add(CountedRow row, int by)
        {
            if (!deltas.TryGetValue(row.Campaign, out var campaign)) deltas[row.Campaign] = campaign = [];
            campaign[(row.Channel, row.State)] = campaign.GetValueOrDefault((row.Channel, row.State)) + by;
        }
        foreach (var (was, now) in changes)
        {
            if (was == now) continue;
            if (was is { } before) Add(before, -1);
            if (now is { } after) Add(after, +1);
        }
        var counts = documents();
        foreach (var (campaign, changed) in deltas)
        {
            if (changed.Values.All(n => n == 0)) continue;
            var document = counts.FindById(Key(campaign)) ?? new BsonDocument { ["_id"] = Key(campaign), ["Campaign"] = campaign };
            foreach (var ((channel, state), by) in changed)
            {
                if (by == 0) continue;
                var onChannel = document[channel.ToString()] is { IsDocument: true } existing ? existing.AsDocument : new BsonDocument();
                onChannel[state.ToString()] = Math.Max(0, (onChannel[state.ToString()] is { IsInt32: true } n ? n.AsInt32 : 0) + by);
                document[channel.ToString()] = onChannel;
            }
            // A campaign with no rows left keeps no document (Of answers the same zeros): one named after a person
            // ("reminders:" and the owner's id) kept an erased owner's id for good, and every campaign the retention pass
            // emptied stayed in the file as zeros.
            if (CountsAnyRow(document)) counts.Upsert(document);
            else counts.Delete(document["_id"]);
        }
    }

    static bool CountsAnyRow(BsonDocument document) => Enum.GetValues<ChannelKind>().Any(channel =>
        document[channel.ToString()] is { IsDocument: true } onChannel && onChannel.AsDocument.Values.Any(n => n is { IsInt32: true, AsInt32: > 0 }));

    /// <summary>A campaign's rows by platform and state, as the file has them (no rows: empty).</summary>
    public Dictionary<(ChannelKind Channel, DeliveryState State), int> Of(string campaign)
    {
        var counted = new Dictionary<(ChannelKind, DeliveryState), int>();
        if (documents().FindById(Key(campaign)) is not { } document) return counted;
        foreach (var channel in Enum.GetValues<ChannelKind>())
            if (document[channel.ToString()] is { IsDocument: true } onChannel)
                foreach (var state in Enum.GetValues<DeliveryState>())
                    if (onChannel.AsDocument[state.ToString()] is { IsInt32: true, AsInt32: > 0 } n) counted[(channel, state)] = n.AsInt32;
        return counted;
    }

    /// <summary>
    /// Rows in any of <paramref name="states"/> on each platform, over every campaign: one read of each campaign's counts,
    /// never of the rows (counting 100,000 waiting rows read each of them and grew LiteDB's cache by its size).
    /// </summary>
    public Dictionary<ChannelKind, int> InStates(IReadOnlyCollection<DeliveryState> states)
    {
        var total = Enum.GetValues<ChannelKind>().ToDictionary(c => c, _ => 0);
        foreach (var document in documents().FindAll())
            foreach (var channel in Enum.GetValues<ChannelKind>())
                if (document[channel.ToString()] is { IsDocument: true } onChannel)
                    foreach (var state in states)
                        if (onChannel.AsDocument[state.ToString()] is { IsInt32: true } n) total[channel] += n.AsInt32;
        return total;
    }

    internal static BsonValue Key(string campaign) => new(Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(campaign)));

    /// <summary>
    /// Counts every campaign again from its rows, replacing what was kept: the schema step that brings the counts to a file
    /// written before them, and a bulk load that wrote rows without the stores. Reads the rows a chunk at a time.
    /// </summary>
    public static void CountAll(ILiteCollection<BsonDocument> deliveries, ILiteCollection<BsonDocument> counts)
    {
        counts.DeleteAll();
        var all = new DeliveryCountStore(() => counts);
        foreach (var chunk in KeyOrderChunks.Of(deliveries, Fields, BsonValue.MinValue))
            all.Apply(chunk.Select(row => ((CountedRow?)null, CountedRow.Of(row))));
    }
}
