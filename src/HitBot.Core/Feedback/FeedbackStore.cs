using HitBot.Core.Messaging;
using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Feedback;

/// <summary>The feedback inbox in LiteDB.</summary>
public sealed class FeedbackStore(HitBotDb db)
{
    public const string Collection = "feedback";

    // Numbers are handed out by this process only (the database has one owner), so a lock keeps them unique.
    readonly Lock numbering = new();

    ILiteCollection<FeedbackItem> Items => db.Collection<FeedbackItem>(Collection);

    public FeedbackItem? Find(string id) => Items.FindById(id);

    public FeedbackItem? FindByNumber(int number) =>
        number > 0 ? Items.FindOne(Queries.Equal(nameof(FeedbackItem.Number), number)) : null;

    /// <summary>
    /// Stores a new item <paramref name="writtenBy"/> wrote (named or not); when one with this id exists (a button pressed
    /// twice) that one is returned unchanged. Refused (<see cref="PersonErasedException"/>) when the writer was erased
    /// after the request read them: checked in the write's transaction, so it is either refused or found by the erasure.
    /// </summary>
    public FeedbackItem AddOnce(FeedbackItem item, string? writtenBy)
    {
        lock (numbering)
            return db.InTransaction(() =>
            {
                db.Erased.ThrowIfAny(writtenBy, item.PersonId);
                if (Items.FindById(item.Id) is { } existing) return existing;
                var numbered = item.Status == FeedbackStatus.Offered ? item : item with { Number = NextNumber() };
                Items.Insert(numbered);
                return numbered;
            });
    }

    /// <summary>Moves an offered item into the inbox, giving it its number. Null when it is gone; unchanged when already sent.</summary>
    /// <remarks>Refused like <see cref="AddOnce"/> when <paramref name="by"/> was erased meanwhile.</remarks>
    public FeedbackItem? Confirm(string id, string by, Func<FeedbackItem, FeedbackItem> change)
    {
        lock (numbering)
            return db.InTransaction(() =>
            {
                db.Erased.ThrowIfAny(by);
                if (Items.FindById(id) is not { } item) return null;
                if (item.Status != FeedbackStatus.Offered) return item;
                var sent = change(item) with { Status = FeedbackStatus.New, Number = NextNumber() };
                // An offer made before schema version 24 has an id its writer can be found from (LegacyFeedbackIds): sent
                // anonymously, it is stored under a random one.
                if (sent.Anonymous && LegacyFeedbackIds.IsLegacy(sent.Id))
                {
                    Items.Delete(item.Id);
                    sent = sent with { Id = LegacyFeedbackIds.NewId() };
                    Items.Insert(sent);
                }
                else Items.Update(sent);
                return sent;
            });
    }

    /// <summary>
    /// Applies a change <paramref name="by"/> made (a reply, a status) to the item as the file holds it now, in the write's
    /// transaction: a copy read earlier would drop what another coordinator wrote meanwhile (their reply, "handled"), and
    /// an address an erasure cleared stays cleared. Refused when <paramref name="by"/> was erased after the request read
    /// them; an item whose writer or replier is being erased is saved anonymous all the same (<see cref="ErasePerson"/>'s
    /// change), or it would name them again. Null when the item is gone or only offered.
    /// </summary>
    public FeedbackItem? Change(string id, string? by, Func<FeedbackItem, FeedbackItem> change) => db.InTransaction(() =>
    {
        db.Erased.ThrowIfAny(by);
        if (Items.FindById(id) is not { Status: not FeedbackStatus.Offered } current) return null;
        var item = change(current);
        while (db.Erased.FirstOf([item.PersonId, item.WordsRemoved?.ByPersonId, .. item.Replies.Select(r => r.ByPersonId)]) is { } erased) item = WithoutPerson(item, erased, []);
        Items.Update(item);
        return item;
    });

    /// <summary>
    /// Runs <paramref name="queue"/> with the item's reply address as the file holds it now, in one transaction with what
    /// it writes: an address an erasure cleared after the caller read the item is never queued to. False when the item
    /// has no address (its writer was erased) or is gone.
    /// </summary>
    public bool WithReplyAddress(string id, Func<FeedbackItem, ChannelAddress?> addressOf, Action<ChannelAddress> queue) => db.InTransaction(() =>
    {
        if (Items.FindById(id) is not { } item || addressOf(item) is not { } to) return false;
        queue(to);
        return true;
    });

    public bool Delete(string id) => Items.Delete(id);

    /// <summary>
    /// Seals the chats anonymous items stored before they were sealed (<see cref="ReplyAddressSeal"/>), a chunk to a
    /// transaction, each item read again there; HitBot does it as it starts, with the anonymity key at hand. Returns how
    /// many it sealed: none once done.
    /// </summary>
    public int SealReplyAddresses(Func<FeedbackItem, FeedbackItem> seal)
    {
        var inClear = Items.Find(i => i.Anonymous && i.ReplyTo != null).Select(i => i.Id).ToList();
        return db.InChunks(inClear, chunk => chunk.Count(id =>
            Items.FindById(id) is { Anonymous: true, ReplyTo: not null } item && Items.Update(seal(item))));
    }

    /// <summary>True when some anonymous item's chat is sealed: a reply to it needs the anonymity key it was sealed with.</summary>
    public bool HoldsSealedReplyAddresses() => Items.Exists(i => i.SealedReplyTo != null);

    /// <summary>The inbox's statuses: every item sent (offers nobody has sent are not in it), and those not handled yet.</summary>
    public static readonly IReadOnlyList<FeedbackStatus> InInbox = [FeedbackStatus.New, FeedbackStatus.Replied, FeedbackStatus.Handled];
    public static readonly IReadOnlyList<FeedbackStatus> Open = [FeedbackStatus.New, FeedbackStatus.Replied];

    /// <summary>
    /// One page of the items in <paramref name="statuses"/> (optionally only the questions about one update), newest
    /// first, and how many the list holds: the inbox is read only as far as the page (<see cref="NewestFirst"/>) and
    /// counted on the Status index's keys, so no list reads, maps and sorts the whole collection to show a few items.
    /// </summary>
    public InboxPage Page(IReadOnlyCollection<FeedbackStatus> statuses, string? updateId, int offset, int limit)
    {
        if (limit <= 0) return new([], updateId is null ? Count(statuses) : AboutUpdate(updateId, statuses).Count);
        if (updateId is not null)
        {
            var about = AboutUpdate(updateId, statuses);
            return new([.. about.Skip(offset).Take(limit)], about.Count);
        }
        return new([.. NewestFirst(statuses, firstChunk: offset + limit).Skip(offset).Take(limit)], Count(statuses));
    }

    /// <summary>
    /// The items in <paramref name="statuses"/> (optionally only those about one update), newest first, read down the
    /// Number index a chunk at a time: a caller that stops (a page) reads no further, and one that reads them all (a
    /// search) never holds the whole inbox in one query (LiteDB keeps a query's pages until it ends). Offers are numbered
    /// 0, below the range read, so however many pile up they are never read here.
    /// </summary>
    /// <remarks>
    /// The status is checked on the items read, not in the query: given any condition on Status, LiteDB seeks the Status
    /// index instead (by its rules an equality costs less than a range), then reads and sorts every item of that status.
    /// </remarks>
    /// <param name="firstChunk">How many items the caller needs at least (a page's end): the first read is no bigger.</param>
    /// <param name="numberedBelow">Only items numbered below it: where a page of the list ended (see <see cref="Page"/>).</param>
    public IEnumerable<FeedbackItem> NewestFirst(IReadOnlyCollection<FeedbackStatus> statuses, string? updateId = null, int firstChunk = ChunkItems,
        int numberedBelow = int.MaxValue)
    {
        if (updateId is not null)
        {
            foreach (var item in AboutUpdate(updateId, statuses).Where(i => i.Number < numberedBelow)) yield return item;
            yield break;
        }
        var (below, size) = (numberedBelow, Math.Clamp(firstChunk, 1, ChunkItems));
        while (true)
        {
            var chunk = Items.Query().Where(NumberedBelow, below - 1).OrderByDescending(ByNumber).Limit(size).ToList();
            foreach (var item in chunk.Where(i => statuses.Contains(i.Status))) yield return item;
            if (chunk.Count < size) yield break;
            (below, size) = (chunk[^1].Number, ChunkItems);
        }
    }

    /// <summary>Items read per query, as <see cref="HitBot.Core.Storage.KeyOrderChunks"/> reads rows: small enough to die young.</summary>
    const int ChunkItems = 250;
    /// <summary>One range on the Number index, so LiteDB walks it (descending, as the query orders by it) and sorts nothing.</summary>
    const string NumberedBelow = "$.Number BETWEEN 1 AND @0";
    static readonly BsonExpression ByNumber = BsonExpression.Create("$.Number");

    /// <summary>
    /// How many items are in <paramref name="statuses"/>: the Status index's keys are counted, no item is read, and the
    /// counts are kept until the feedback changes, since LiteDB makes a document of every key it counts (55,000 items:
    /// 60 MB) and every page of the inbox, the overview and "feedback inbox" in chat state a total.
    /// </summary>
    public int Count(IReadOnlyCollection<FeedbackStatus> statuses) =>
        statuses.Distinct().Sum(status => keptCounts.Get(status.ToString(), () => db.Changes.Of(Collection), () => CountOnIndex(status)));

    int CountOnIndex(FeedbackStatus status) => Items.Query().Where(ByStatus, status.ToString()).Select(StatusOnly).ToDocuments().Count();

    readonly KeptUntilChanged<int> keptCounts = new(capacity: 16);

    const string ByStatus = "$.Status = @0";
    /// <summary>Only the index's own key is asked for, so LiteDB answers from the Status index without reading the items.</summary>
    static readonly BsonExpression StatusOnly = BsonExpression.Create("{ Status: $.Status }");

    /// <summary>One update's questions in these statuses, newest first: a few, found through the UpdateId index and sorted here.</summary>
    List<FeedbackItem> AboutUpdate(string updateId, IReadOnlyCollection<FeedbackStatus> statuses) =>
        [.. Items.Find(Queries.Equal(nameof(FeedbackItem.UpdateId), updateId)).Where(i => statuses.Contains(i.Status)).OrderByDescending(i => i.Number)];

    /// <summary>
    /// How many items reached the inbox after <paramref name="since"/>: read newest first down the Number index and
    /// stopped at the first older one, so a week's digest reads a week's items, not the inbox.
    /// </summary>
    public int ArrivedSince(DateTime since) => NewestFirst(InInbox).TakeWhile(i => i.CreatedAt > since).Count();

    /// <summary>When the oldest item nobody has answered yet arrived; null when none waits. Read through the Status index.</summary>
    public DateTime? OldestWaitingSince() =>
        Items.Query().Where(ByStatus, FeedbackStatus.New.ToString()).OrderBy(ByNumber).Limit(1).FirstOrDefault()?.CreatedAt;

    public int CountForUpdate(string updateId) =>
        Items.Count(Queries.Equal(nameof(FeedbackItem.UpdateId), updateId));

    int NextNumber() =>
        (Items.Find(Query.All(nameof(FeedbackItem.Number), Query.Descending), skip: 0, limit: 1).FirstOrDefault()?.Number ?? 0) + 1;

    /// <summary>
    /// Deletes the offers (text HitBot did not understand, kept until its writer says whether to send it) made before
    /// <paramref name="cutoff"/>: every unknown message makes one, and nothing else ever removes one nobody answered.
    /// Items sent to the inbox are never touched.
    /// </summary>
    /// <remarks>
    /// Listed a chunk at a time in key order, only the fields needed (one query over every item would leave LiteDB's cache
    /// that much larger for good), outside the write lock; each chunk is read again and deleted in one transaction under
    /// the numbering lock (the app's lock first, the write lock last), so an offer sent meanwhile stays.
    /// </remarks>
    public int PruneOffersBefore(DateTimeOffset cutoff)
    {
        var before = cutoff.UtcDateTime;
        bool Old(FeedbackItem? item) => item is { Status: FeedbackStatus.Offered } && item.CreatedAt < before;
        var listed = db.ChunksInKeyOrder(Collection, OfferFields, BsonValue.MinValue).SelectMany(chunk => chunk)
            .Where(i => i[nameof(FeedbackItem.Status)].AsString == nameof(FeedbackStatus.Offered) && i[nameof(FeedbackItem.CreatedAt)].AsDateTime < before)
            .Select(i => i["_id"]);
        var pruned = 0;
        foreach (var ids in listed.Chunk(HitBotDb.ChunkRows))
        {
            db.GiveWayToOtherWrites();
            lock (numbering) pruned += db.InTransaction(() => ids.Count(id => Old(Items.FindById(id)) && Items.Delete(id)));
        }
        return pruned;
    }

    static readonly BsonExpression OfferFields = BsonExpression.Create("{ _id: $._id, Status: $.Status, CreatedAt: $.CreatedAt }");

    /// <summary>
    /// The items that carry this person's id, as writer, replier or remover of its words, for their data export. An
    /// anonymous item carries no writer's id; it is never looked for by their chats here (only the erasure does that, to
    /// forget the chat).
    /// </summary>
    public List<FeedbackItem> NamingPerson(string personId) => [.. Items.FindAll().Where(i => Names(i, personId))];

    /// <summary>
    /// Erasing a person: their feedback stays for the program, as anonymous, with no chat to answer in; so does the feedback
    /// they sent anonymously, found by its reply address (one of their chats, <paramref name="chatKeys"/>), which is cleared.
    /// Answers how many items named them (theirs, or replied to by them): not those they sent anonymously, or the erasure's
    /// report would tell the coordinator who erased them that they had, and how often.
    /// </summary>
    /// <remarks>Listed outside the write lock, then written a chunk to a transaction, each item read again there (<see cref="HitBotDb.InChunks{T}"/>).</remarks>
    public int ErasePerson(string personId, IReadOnlyCollection<string> chatKeys)
    {
        var naming = Items.FindAll().Where(i => Names(i, personId, chatKeys)).Select(i => i.Id).ToList();
        return db.InChunks(naming, chunk => chunk.Count(id =>
        {
            if (Items.FindById(id) is not { } item || !Names(item, personId, chatKeys)) return false;
            return Items.Update(WithoutPerson(item, personId, chatKeys)) && Names(item, personId);
        }));
    }

    /// <summary>
    /// The item as erasing <paramref name="personId"/> leaves it: theirs anonymous with no chat to answer in, their replies
    /// and their removal of its words by nobody, and no reply address that reaches one of their chats.
    /// </summary>
    static FeedbackItem WithoutPerson(FeedbackItem item, string personId, IReadOnlyCollection<string> chatKeys)
    {
        var replies = item.Replies.Select(r => r.ByPersonId == personId ? r with { ByPersonId = null } : r).ToList();
        if (item.WordsRemoved is { } removed && removed.ByPersonId == personId) item = item with { WordsRemoved = removed with { ByPersonId = null } };
        if (item.PersonId == personId) return item with { PersonId = null, Anonymous = true, ReplyTo = null, SealedReplyTo = null, ReplyToKey = null, Replies = replies };
        return ReachesThem(item, chatKeys)
            ? item with { ReplyTo = null, SealedReplyTo = null, ReplyToKey = null, Replies = replies }
            : item with { Replies = replies };
    }

    /// <summary>By a named item's chat, or an anonymous one's keyed chat (the erasure passes both forms of each of their chats).</summary>
    static bool ReachesThem(FeedbackItem item, IReadOnlyCollection<string> chatKeys) =>
        item.ReplyTo is { UserId.Length: > 0 } to && Enum.IsDefined(to.Channel) && chatKeys.Contains(to.PersonKey())
        || item.ReplyToKey is { } keyed && chatKeys.Contains(keyed);

    static bool Names(FeedbackItem item, string personId, IReadOnlyCollection<string> chatKeys) => Names(item, personId) || ReachesThem(item, chatKeys);

    static bool Names(FeedbackItem item, string personId) =>
        item.PersonId == personId || item.Replies.Any(r => r.ByPersonId == personId) || item.WordsRemoved?.ByPersonId == personId;
}

/// <summary>One page of a feedback list, newest first, and how many items the list holds in all.</summary>
public sealed record InboxPage(List<FeedbackItem> Items, int Total);
