using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Messaging.Outbox;

/// <summary>Erasing a person's deliveries and the cards that name them, a chunk at a time.</summary>
public sealed partial class OutboxStore
{
    /// <summary>
    /// Writes down that this person's deliveries are going (in the caller's transaction, with their directory entry): from
    /// now on, and from the first claim after a restart, their rows and rows whose message holds one of
    /// <paramref name="names"/> are dropped instead of sent, and no row is queued for them or to one of their chats
    /// (<paramref name="chatKeys"/>: a reply to their anonymous feedback has no person) (<see cref="IsErased"/>), until
    /// <see cref="ErasePerson"/> has deleted or rewritten them. Names and chats are kept only until <see cref="EndErasing"/>.
    /// </summary>
    public void BeginErasing(string personId, IReadOnlyList<string> names, IReadOnlyList<string> chatKeys) => db.Erased.Begin(personId, names, chatKeys);

    /// <summary>The erasure is finished: the note and the names go (in the caller's transaction). Rows for them stay refused while HitBot runs.</summary>
    public void EndErasing(string personId) => db.Erased.End(personId);

    /// <summary>
    /// Erasing a person: their deliveries go (they hold their chat address and cards addressed to them), and so do rows
    /// to one of their chats (<paramref name="chatKeys"/>) that name no person (replies to their anonymous feedback); other people's
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
    public int ErasePerson(string personId, IReadOnlyList<string> names, IReadOnlyList<string> chatKeys)
    {
        var chats = chatKeys.ToHashSet(StringComparer.Ordinal);
        bool Theirs(string? rowPersonId, string? chatKey) => rowPersonId == personId || (chatKey is not null && chats.Contains(chatKey));
        // Not marked by BeginErasing: an insert that looked before the mark commits before this empty transaction, so the read below sees it.
        if (db.Erased.Mark(personId)) db.InTransaction(() => 0);
        bool Names(string json) => names.Any(n => n.Length > 0 && json.Contains(n, StringComparison.OrdinalIgnoreCase));
        var erasedShared = messages.All().Where(m => Names(m.Json)).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        bool Sends(string json, string? messageId) =>
            Names(json) || (json.Length == 0 && messageId is { } id && erasedShared.Contains(id));
        // A row that declares it names them (Delivery.Names) holds their id: rewritten like one that shows their name.
        bool Declares(BsonValue named) => named.IsArray && named.AsArray.Any(n => n == personId);

        var theirs = new List<BsonValue>();
        var naming = new List<BsonValue>();
        foreach (var chunk in RowsInKeyOrder(BsonValue.MinValue, EraseFields))
            foreach (var row in chunk)
                if (Theirs(row["PersonId"].IsString ? row["PersonId"].AsString : null, ChatKeyOf(row))) theirs.Add(row["_id"]);
                else if (Declares(row["Names"]) || Sends(row["MessageJson"].AsString ?? "", row["MessageId"].IsString ? row["MessageId"].AsString : null)) naming.Add(row["_id"]);

        // Rows the dispatcher claimed before the erasure began, still waiting for the platform's pacing: dropped when it gets
        // to them, not sent. One whose send has begun goes; its outcome then finds its row gone or given up (WriteOutcomes).
        CancelClaimed(theirs, ErasedReason);
        CancelClaimed(naming, ErasedNamingReason);

        var erased = db.InChunks(theirs, chunk => Counted(changes =>
        {
            foreach (var id in chunk)
                if (Deliveries.FindById(id) is { } row && Theirs(row.PersonId, ChatKeyOf(row.Address)) && Deliveries.Delete(id))
                    changes.Add((CountedRow.Of(row), null));
            return changes.Count;
        }));
        erased += db.InChunks(naming, chunk => Counted(changes =>
        {
            foreach (var id in chunk)
            {
                if (Deliveries.FindById(id) is not { } row || !(row.Names?.Contains(personId) == true || Sends(row.MessageJson, row.MessageId))) continue;
                var finished = row.State is DeliveryState.Sent or DeliveryState.Dead;
                var rewritten = row.WithMessage(Message.Text("(erased)")) with
                {
                    State = finished ? row.State : DeliveryState.Dead,
                    LastError = finished ? row.LastError : ErasedNamingReason,
                    // Out of the due index: a given-up row left due there was claimed and sent, "(erased)", after all.
                    DueAt = finished ? row.DueAt : Delivery.NotDue,
                    Names = row.Names?.Where(n => n != personId).ToList() is { Count: > 0 } others ? others : null,
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

    static readonly BsonExpression EraseFields = BsonExpression.Create(
        "{ _id: $._id, PersonId: $.PersonId, MessageJson: $.MessageJson, MessageId: $.MessageId, Names: $.Names, Channel: $.Address.Channel, UserId: $.Address.UserId, TeamId: $.Address.TeamId }");

    /// <summary>The chat key (<see cref="ChannelAddress.PersonKey"/>) of a row read with <see cref="EraseFields"/>.</summary>
    static string? ChatKeyOf(BsonDocument row) =>
        Enum.TryParse<ChannelKind>(row["Channel"].IsString ? row["Channel"].AsString : "", out var channel) && row["UserId"].IsString
            ? ChatKeyOf(new ChannelAddress { Channel = channel, UserId = row["UserId"].AsString, TeamId = row["TeamId"].IsString ? row["TeamId"].AsString : null })
            : null;

    static string? ChatKeyOf(ChannelAddress address) => Enum.IsDefined(address.Channel) && address.UserId.Length > 0 ? address.PersonKey() : null;

    /// <summary>
    /// True for a row addressed to a person being erased (or erased while HitBot runs), or to the chat of one being erased
    /// (a reply to their anonymous feedback, which names no person): it is not queued or sent.
    /// </summary>
    /// <remarks>
    /// A row whose message names someone erased (its declared <see cref="Delivery.Names"/>) is refused too: its names were
    /// read before the erasure began, and after it ended only the ids are left to recognise it by.
    /// </remarks>
    bool IsErased(Delivery row) =>
        db.Erased.Contains(row.PersonId) || db.Erased.ChatUnderWay(ChatKeyOf(row.Address)) || (row.Names is { } named && db.Erased.FirstOf(named) is not null);

    /// <summary>True for a row whose message names a person whose erasure is under way; read at its claim and right before its send.</summary>
    /// <remarks>The message (a shared one is a read of the file) is looked at only while an erasure is under way.</remarks>
    bool NamesSomeoneBeingErased(Delivery row) => db.Erased.AnyUnderWay && db.Erased.NamedIn(TextOf(row));

    /// <summary>The JSON of a row's message, where the erasure looks for names: its own, or the shared one it sends.</summary>
    string TextOf(Delivery row) => row.MessageJson.Length > 0 ? row.MessageJson : row.MessageId is { } shared ? messages.JsonOf(shared) ?? "" : "";

    /// <summary>
    /// Rows that may be queued: none for a person being erased, and none whose message names one (a coordinator's card
    /// quoting them, composed from a read made before the erasure began). Read inside the inserting transaction, so a row
    /// is either refused or was committed before the erasure's first commit, and its read of the outbox finds it. Checked at
    /// the claim only, a row queued after that read was claimed after the erasure had ended and its names were forgotten,
    /// and was sent.
    /// </summary>
    /// <remarks>Every insert path asks this of each row before it goes in, so it is also where a test's <see cref="NameAudit"/> sees them.</remarks>
    bool Addressable(Delivery row)
    {
        if (IsErased(row) || NamesSomeoneBeingErased(row)) return false;
        db.NameAudit?.Check(row.Campaign, row.Id, row.PersonId, row.Names, TextOf(row));
        return true;
    }

    List<Delivery> Addressable(List<Delivery> rows) => [.. rows.Where(Addressable)];

    const string ErasedReason = "Not sent: its person is being erased.";

    const string ErasedNamingReason = "Not sent: it named a person who was erased.";

    /// <summary>
    /// A row the erasure gave up before it was sent, because its card named the person (<see cref="ErasePerson"/>), or
    /// whose words the central team removed (<see cref="RemoveWords"/>): a claimed copy written back would restore them.
    /// </summary>
    static bool GivenUpToForget(Delivery stored) => stored is { State: DeliveryState.Dead, LastError: ErasedNamingReason or WordsRemovedReason };

    /// <summary>Marks those of <paramref name="ids"/> that are claimed to be dropped instead of sent (under the claims' lock, before any write).</summary>
    void CancelClaimed(List<BsonValue> ids, string reason)
    {
        lock (claims.Gate)
            foreach (var id in ids)
                if (claims.Contains(id.AsString)) claims.CancelBeforeSend(id.AsString, reason);
    }
}
