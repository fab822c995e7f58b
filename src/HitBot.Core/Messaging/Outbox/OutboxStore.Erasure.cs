using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Messaging.Outbox;

/// <summary>Erasing a person's deliveries and the cards that name them, a chunk at a time.</summary>
public sealed partial class OutboxStore
{
    /// <summary>People whose deliveries are being erased: <c>{ _id: personId }</c>, written first and deleted once they are gone.</summary>
    public const string ErasuresCollection = "delivery_erasures";

    ILiteCollection<BsonDocument> Erasures => db.Collection<BsonDocument>(ErasuresCollection);

    /// <summary>
    /// Writes down that this person's deliveries are going (in the caller's transaction, with their directory entry): from
    /// now on, and from the first claim after a restart, their rows and rows whose message holds one of
    /// <paramref name="names"/> are dropped instead of sent, and no row is queued for them (<see cref="IsErased"/>),
    /// until <see cref="ErasePerson"/> has deleted or rewritten them. The names are kept only until <see cref="EndErasing"/>.
    /// </summary>
    public void BeginErasing(string personId, IReadOnlyList<string> names)
    {
        var kept = names.Where(n => n.Length > 0).ToArray();
        MarkErased(personId, kept);
        Erasures.Upsert(new BsonDocument { ["_id"] = personId, ["Names"] = new BsonArray(kept.Select(n => new BsonValue(n))) });
    }

    /// <summary>The erasure is finished: the note and the names go (in the caller's transaction). Rows for them stay refused while HitBot runs.</summary>
    public void EndErasing(string personId)
    {
        Erasures.Delete(personId);
        lock (erasedGate)
            if (underWay.ContainsKey(personId)) underWay = new Dictionary<string, string[]>(underWay.Where(e => e.Key != personId), StringComparer.Ordinal);
    }

    /// <summary>
    /// Erasing a person: their deliveries go (they hold their chat address and cards addressed to them); other people's
    /// cards that name them (an at-risk list, an inbox) keep their outcome but lose their content, and any not yet sent
    /// are given up. A shared message that names them is deleted, and each row that sent it gets the erased text instead.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The rows are found outside the write lock, in one read of the outbox in key order, a chunk per query and only the
    /// fields needed (no index finds a row by the text of its message, and one by person would cost every queued row a
    /// write); then they are deleted or rewritten <see cref="HitBotDb.ChunkRows"/> to a transaction, each read again there.
    /// One transaction over the whole outbox held every other write for 50 s with a million rows (docs/benchmarks.md).
    /// Run again after a stop partway, it finds only what is left.
    /// </para>
    /// <para>
    /// A row of theirs being sent right now is deleted all the same; its outcome then finds it gone and writes nothing
    /// (<see cref="WriteOutcomes"/>). One claimed after the erasure began is dropped, not sent. A row queued for them
    /// meanwhile (a fan-out whose audience was read before) is not queued (<see cref="IsErased"/>).
    /// </para>
    /// </remarks>
    public int ErasePerson(string personId, IReadOnlyList<string> names)
    {
        // Not marked by BeginErasing: an insert that looked before the mark commits before this empty transaction, so the read below sees it.
        if (MarkErased(personId, null)) db.InTransaction(() => 0);
        bool Names(string json) => names.Any(n => n.Length > 0 && json.Contains(n, StringComparison.OrdinalIgnoreCase));
        var erasedShared = messages.All().Where(m => Names(m.Json)).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        bool Sends(string json, string? messageId) =>
            Names(json) || (json.Length == 0 && messageId is { } id && erasedShared.Contains(id));

        var theirs = new List<BsonValue>();
        var naming = new List<BsonValue>();
        foreach (var chunk in RowsInKeyOrder(BsonValue.MinValue, EraseFields))
            foreach (var row in chunk)
                if (row["PersonId"] == personId) theirs.Add(row["_id"]);
                else if (Sends(row["MessageJson"].AsString ?? "", row["MessageId"].IsString ? row["MessageId"].AsString : null)) naming.Add(row["_id"]);

        var erased = db.InChunks(theirs, chunk => Counted(changes =>
        {
            foreach (var id in chunk)
                if (Deliveries.FindById(id) is { } row && row.PersonId == personId && Deliveries.Delete(id))
                    changes.Add((CountedRow.Of(row), null));
            return changes.Count;
        }));
        erased += db.InChunks(naming, chunk => Counted(changes =>
        {
            foreach (var id in chunk)
            {
                if (Deliveries.FindById(id) is not { } row || !Sends(row.MessageJson, row.MessageId)) continue;
                var finished = row.State is DeliveryState.Sent or DeliveryState.Dead;
                var rewritten = row.WithMessage(Message.Text("(erased)")) with
                {
                    State = finished ? row.State : DeliveryState.Dead,
                    LastError = finished ? row.LastError : "Not sent: it named a person who was erased.",
                    // Out of the due index: a given-up row left due there was claimed and sent, "(erased)", after all.
                    DueAt = finished ? row.DueAt : Delivery.NotDue,
                };
                Deliveries.Update(rewritten);
                changes.Add(Changed(row, rewritten));
            }
            return changes.Count;
        }));
        if (erasedShared.Count > 0)
            db.InTransaction(() =>
            {
                foreach (var id in erasedShared) messages.Delete(id);
                return erasedShared.Count;
            });
        return erased;
    }

    static readonly BsonExpression EraseFields = BsonExpression.Create("{ _id: $._id, PersonId: $.PersonId, MessageJson: $.MessageJson, MessageId: $.MessageId }");

    /// <summary>
    /// People being erased, or erased since HitBot started: their rows are dropped at their claim and never queued. Kept
    /// after their erasure ends, since a fan-out that read its audience before it may still be queueing (erasures are few,
    /// and a person's id is never given again). Copied on write, so the claim and every insert read it without a lock.
    /// </summary>
    volatile HashSet<string> erased = [.. Resuming(db).Keys];

    /// <summary>The names of people whose erasure is under way: a claimed row whose message holds one is dropped, not sent.</summary>
    volatile Dictionary<string, string[]> underWay = Resuming(db);

    readonly Lock erasedGate = new();

    /// <summary>False when they were marked already.</summary>
    bool MarkErased(string personId, string[]? names)
    {
        lock (erasedGate)
        {
            if (names is not null) underWay = new Dictionary<string, string[]>(underWay, StringComparer.Ordinal) { [personId] = names };
            if (erased.Contains(personId)) return false;
            erased = new HashSet<string>(erased, StringComparer.Ordinal) { personId };
            return true;
        }
    }

    /// <summary>True for a row addressed to a person being erased (or erased while HitBot runs): it is not queued or sent.</summary>
    bool IsErased(Delivery row) => row.PersonId is { } person && erased.Count > 0 && erased.Contains(person);

    /// <summary>True for a row whose message names a person whose erasure is under way; read at its claim.</summary>
    bool NamesSomeoneBeingErased(Delivery row)
    {
        var names = underWay;
        if (names.Count == 0) return false;
        var json = row.MessageJson.Length > 0 ? row.MessageJson : row.MessageId is { } shared ? messages.JsonOf(shared) ?? "" : "";
        return names.Values.Any(person => person.Any(n => json.Contains(n, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>Rows that may be queued: none for a person being erased. Read inside the inserting transaction, so a row is either refused or seen by the erasure's read.</summary>
    List<Delivery> Addressable(List<Delivery> rows) => erased.Count == 0 ? rows : [.. rows.Where(r => !IsErased(r))];

    /// <summary>The erasures a stopped HitBot left under way, by person, with the names their rows are searched for.</summary>
    static Dictionary<string, string[]> Resuming(HitBotDb db) =>
        db.Collection<BsonDocument>(ErasuresCollection).FindAll()
            .ToDictionary(e => e["_id"].AsString, e => e["Names"].IsArray ? e["Names"].AsArray.Select(n => n.AsString).ToArray() : [], StringComparer.Ordinal);

    const string ErasedReason = "Not sent: its person is being erased.";
}
