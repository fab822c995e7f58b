using HitBot.Core.Storage;

namespace HitBot.Core.Messaging.Outbox;

/// <summary>The outbox's messages: where a row's message is read, erased and, once no row uses it, deleted.</summary>
public sealed partial class OutboxStore
{
    /// <summary>The message a claimed row sends, or null when it names a shared message that is gone.</summary>
    /// <exception cref="System.Text.Json.JsonException">The stored message is not a message.</exception>
    public Message? MessageOf(Delivery row) => row switch
    {
        { MessageJson.Length: > 0 } => MessageJson.Deserialize(row.MessageJson),
        { MessageId: { } shared } => messages.MessageOf(shared),
        _ => MessageJson.Deserialize(row.MessageJson),
    };

    /// <summary>How many messages are stored once for the rows that share them.</summary>
    public int SharedMessageCount => db.Collection<SharedMessage>(MessageStore.Collection).Count();

    /// <summary>
    /// Deletes finished deliveries (sent, dead, cancelled, or held for a digest) created before <paramref name="cutoff"/>,
    /// except those of the campaigns in <paramref name="kept"/> (still read: <see cref="IRetentionHold"/>); queued ones are never touched. Then deletes the shared messages no row uses any more.
    /// </summary>
    /// <remarks>
    /// One pass over every row (there is no index by age: it would cost every queued row a write), read a chunk at a time
    /// (<see cref="RowsInKeyOrder"/>): one query over a million rows left the process holding the file's size. Each chunk's old rows are deleted in one commit, not one commit (a flush) per row.
    /// The rows still there name the messages in use; a message taken up meanwhile has its date renewed and is kept
    /// (<see cref="MessageStore.PruneUnused"/>).
    /// </remarks>
    public int PruneFinishedBefore(DateTimeOffset cutoff, IReadOnlySet<string>? kept = null)
    {
        var before = cutoff.UtcDateTime;
        var inUse = new HashSet<string>(StringComparer.Ordinal);
        var pruned = 0;
        foreach (var chunk in RowsInKeyOrder(LiteDB.BsonValue.MinValue, PruneFields))
        {
            var old = chunk.Where(r => r["CreatedAt"].AsDateTime < before && IsFinished(r["State"].AsString)
                && !(kept is not null && r["Campaign"].IsString && kept.Contains(r["Campaign"].AsString))).ToList();
            db.GiveWayToOtherWrites();
            if (old.Count > 0)
                pruned += Counted(changes =>
                {
                    foreach (var row in old)
                        if (Deliveries.Delete(row["_id"])) changes.Add(Removed(row));
                    return changes.Count;
                });
            var gone = old.Select(r => r["_id"].AsString).ToHashSet(StringComparer.Ordinal);
            foreach (var row in chunk)
                if (row["MessageId"].IsString && !gone.Contains(row["_id"].AsString)) inUse.Add(row["MessageId"].AsString);
        }
        messages.PruneUnused(inUse, before);
        return pruned;
    }

    static bool IsFinished(string state) => Enum.TryParse<DeliveryState>(state, out var s)
        && s is DeliveryState.Sent or DeliveryState.Dead or DeliveryState.Cancelled or DeliveryState.Held;

    static readonly LiteDB.BsonExpression PruneFields = LiteDB.BsonExpression.Create("{ _id: $._id, CreatedAt: $.CreatedAt, State: $.State, MessageId: $.MessageId, Campaign: $.Campaign, Channel: $.Address.Channel, Unreported: $.Unreported }");

    /// <summary>
    /// The rows after the key <paramref name="after"/> in key order, 2,000 per query and only <paramref name="fields"/> of
    /// each (<see cref="HitBotDb.ChunksInKeyOrder"/>), for the passes that read many rows (retention, an update's report).
    /// </summary>
    IEnumerable<List<LiteDB.BsonDocument>> RowsInKeyOrder(LiteDB.BsonValue after, LiteDB.BsonExpression fields) =>
        db.ChunksInKeyOrder(Collection, fields, after);
}
