using System.Globalization;
using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Updates;

/// <summary>Updates and the reactions to them, in LiteDB.</summary>
public sealed class UpdateStore(HitBotDb db)
{
    readonly ReactionCountStore reactionCounts = new(db);

    public const string Updates = "updates";
    public const string Reactions = "update_reactions";

    ILiteCollection<Update> UpdatesCollection => db.Collection<Update>(Updates);
    ILiteCollection<UpdateReaction> ReactionsCollection => db.Collection<UpdateReaction>(Reactions);

    public Update? Find(string id) => UpdatesCollection.FindById(id);

    /// <summary>Saves an update without anyone erased as its writer, last editor, last corrector or audience: one read before their erasure would put them back.</summary>
    public void Save(Update update) => db.InTransaction(() =>
        UpdatesCollection.Upsert(db.Erased.FirstOf([update.CreatedBy, update.DraftSavedBy, update.EditedBy, .. update.Audience.People]) is null ? update : update with
        {
            CreatedBy = db.Erased.Contains(update.CreatedBy) ? null : update.CreatedBy,
            DraftSavedBy = db.Erased.Contains(update.DraftSavedBy) ? null : update.DraftSavedBy,
            EditedBy = db.Erased.Contains(update.EditedBy) ? null : update.EditedBy,
            Audience = update.Audience with { People = [.. update.Audience.People.Where(p => !db.Erased.Contains(p))] },
        }));

    /// <summary>
    /// Reads the update and saves what <paramref name="change"/> makes of it in one transaction, which holds the write
    /// lock from the read to the commit: no other write (a send, the scheduler, another coordinator) comes in between, so
    /// nothing it changed is put back from an older read. A change that returns the update it was given saves nothing.
    /// Null when there is no such update.
    /// </summary>
    public Update? Change(string id, Func<Update, Update> change) => db.InTransaction(() =>
    {
        if (UpdatesCollection.FindById(id) is not { } update) return null;
        var changed = change(update);
        if (!ReferenceEquals(changed, update)) Save(changed);
        return changed;
    });

    /// <summary>
    /// One page of updates newest first, sent ones by send time, then drafts by creation, and how many there are in all:
    /// each part is read down its index only as far as the page (schema 19), never every update read and sorted.
    /// </summary>
    /// <param name="writtenBy">Only the updates this person wrote (a partner lead's list); null for everyone's.</param>
    public UpdatePage Page(int offset, int limit, string? writtenBy = null)
    {
        var (sent, drafts) = Totals(writtenBy);
        var page = offset < sent ? Newest(SentOnes, writtenBy, offset, limit) : [];
        if (page.Count < limit)
            page.AddRange(Newest(Drafts, writtenBy, Math.Max(0, offset - sent), limit - page.Count));
        return new(page, sent + drafts);
    }

    /// <summary>
    /// The page of the list after <paramref name="after"/> (from the start without one), in the order of <see cref="Page"/>
    /// with equal times in id order, and where the next page starts (null on the last page). The cursor is the last
    /// update's part of the list, time and id, not a count: a draft written, duplicated or sent between two pages moves no
    /// update onto both pages or onto neither. Each part is read down its index from the cursor on.
    /// </summary>
    public UpdateKeysetPage PageAfter(UpdateCursor? after, int limit, string? writtenBy = null)
    {
        var (sent, drafts) = Totals(writtenBy);
        var found = after is { Sent: false } ? [] : NewestAfter(SentOnes, writtenBy, after, limit + 1);
        if (found.Count <= limit) found.AddRange(NewestAfter(Drafts, writtenBy, after is { Sent: false } ? after : null, limit + 1 - found.Count));
        var page = found.Take(limit).ToList();
        return new(page, sent + drafts, found.Count > limit ? UpdateCursor.Of(page[^1]) : null);
    }

    /// <summary>
    /// Up to <paramref name="wanted"/> updates of one part after the cursor, newest first and, at equal times, by id (the
    /// index keeps equal times in the order they were written): a run of equal times the page ends in is read whole.
    /// </summary>
    List<Update> NewestAfter(ListPart part, string? writtenBy, UpdateCursor? after, int wanted)
    {
        var read = new List<Update>();
        foreach (var update in NewestFirst(part, writtenBy, after?.At).ToEnumerable())
        {
            var at = part.At(update);
            if (after is not null && (at > after.At || (at == after.At && string.CompareOrdinal(update.Id, after.Id) >= 0))) continue;
            if (read.Count >= wanted && at != part.At(read[^1])) break;
            read.Add(update);
        }
        return [.. read.OrderByDescending(part.At).ThenByDescending(u => u.Id, StringComparer.Ordinal).Take(wanted)];
    }

    /// <summary>The newest <paramref name="count"/> updates sent, newest first: "latest update", "updates", the Slack Home tab.</summary>
    public List<Update> LatestSent(int count) => Newest(SentOnes, writtenBy: null, 0, count);

    /// <summary>
    /// The newest <paramref name="count"/> updates sent, and the weekly ones still scheduled however long ago they first went:
    /// an update is ordered by its first send, so a weekly update that ran all year fell behind the newest hundred (partner
    /// leads' and site posts, a series' issues), and a tutor who had this Monday's copy heard "No updates have been sent to
    /// you yet" (and a site champion's page lost it).
    /// </summary>
    public List<Update> LatestSentAndWeeklyRunning(int count) =>
        [.. LatestSent(count).Concat(Scheduled().Where(u => u is { Status: UpdateStatus.Sent, Schedule.IsRecurring: true })).DistinctBy(u => u.Id, StringComparer.Ordinal)];

    /// <summary>The updates sent since <paramref name="since"/>, newest first: read down the SentAt index until an older one.</summary>
    public List<Update> SentSince(DateTime since) =>
        [.. NewestFirst(SentOnes, writtenBy: null).ToEnumerable().TakeWhile(u => u.SentAt >= since)];

    /// <summary>The updates with a next occurrence scheduled, through the NextAt index.</summary>
    public List<Update> Scheduled() => MarkedBy(nameof(Update.NextAt));

    List<Update> Newest(ListPart part, string? writtenBy, int offset, int limit) => NewestFirst(part, writtenBy).Offset(offset).Limit(limit).ToList();

    /// <param name="upTo">Only updates of this time and older (where a page ended); null for all.</param>
    ILiteQueryable<Update> NewestFirst(ListPart part, string? writtenBy, DateTime? upTo = null)
    {
        var query = upTo is { } end
            ? UpdatesCollection.Query().Where(part.Range, Earliest, new BsonValue(end))
            : UpdatesCollection.Query().Where(part.Condition, Earliest);
        // Only the part's own index can answer its condition, so LiteDB walks it in the order asked and stops at the page.
        if (writtenBy is null) return query.OrderByDescending(part.IndexOrder);
        // A writer's own: LiteDB seeks the CreatedBy index instead (by its rules an equality costs less than a range) and
        // sorts only that person's updates, by the field (it cannot sort by the drafts index's list of keys).
        return query.Where(ByWriter, writtenBy).OrderByDescending(part.Field);
    }

    /// <summary>The lists' queries as they run, for the test that holds each to its index (LiteDB scans silently without one).</summary>
    internal ILiteQueryable<Update> SentNewestFirst(string? writtenBy) => NewestFirst(SentOnes, writtenBy);
    internal ILiteQueryable<Update> DraftsNewestFirst(string? writtenBy) => NewestFirst(Drafts, writtenBy);
    internal ILiteQueryable<Update> SentNewestFirst(string? writtenBy, DateTime upTo) => NewestFirst(SentOnes, writtenBy, upTo);
    internal ILiteQueryable<Update> DraftsNewestFirst(string? writtenBy, DateTime upTo) => NewestFirst(Drafts, writtenBy, upTo);

    /// <summary>How many updates are sent and how many are drafts: on the Status index's keys alone, or a writer's own.</summary>
    (int Sent, int Drafts) Totals(string? writtenBy)
    {
        var statuses = (writtenBy is null ? UpdatesCollection.Query() : UpdatesCollection.Query().Where(ByWriter, writtenBy))
            .Select(StatusOnly).ToDocuments().Select(d => d[nameof(Update.Status)].AsString).ToList();
        var sent = statuses.Count(s => s == nameof(UpdateStatus.Sent));
        return (sent, statuses.Count - sent);
    }

    /// <summary>
    /// One part of the list: which updates (a condition on its index, and the same up to a time), that index's order, the
    /// field it orders by, and that field's value.
    /// </summary>
    sealed record ListPart(string Condition, string Range, BsonExpression IndexOrder, BsonExpression Field, Func<Update, DateTime> At);

    /// <summary>Sent updates by send time: a draft's SentAt is null, below every date. SentAt is set exactly when an update is sent.</summary>
    static readonly ListPart SentOnes = new("$.SentAt > @0", "$.SentAt BETWEEN @0 AND @1",
        BsonExpression.Create("$.SentAt"), BsonExpression.Create("$.SentAt"), u => u.SentAt ?? DateTime.MinValue);
    /// <summary>Drafts by creation, through an index a sent update has no key in: drafts are read without walking past every sent one.</summary>
    static readonly ListPart Drafts = new(DraftsIndexExpression + " ANY > @0", DraftsIndexExpression + " ANY BETWEEN @0 AND @1",
        BsonExpression.Create(DraftsIndexExpression), BsonExpression.Create("$.CreatedAt"), u => u.CreatedAt);
    public const string DraftsIndex = "Drafts";
    public const string DraftsIndexExpression = "FILTER([$.CreatedAt] => $.Status = 'Draft')";
    const string ByWriter = "$.CreatedBy = @0";
    static readonly BsonValue Earliest = new(DateTime.MinValue);
    /// <summary>Only the Status index's key is asked for, so LiteDB counts from the index without reading the updates.</summary>
    static readonly BsonExpression StatusOnly = BsonExpression.Create("{ Status: $.Status }");

    /// <summary>Updates whose next scheduled occurrence is due.</summary>
    public List<Update> DueSchedules(DateTimeOffset now) =>
        // A range from the smallest date: in LiteDB's ordering null sorts below every date, and unscheduled updates have null.
        UpdatesCollection.Find(Query.Between(nameof(Update.NextAt), DateTime.MinValue, now.UtcDateTime)).ToList();

    /// <summary>Updates whose "Send now" has not finished queueing (<see cref="Update.SendingSince"/>).</summary>
    public List<Update> SendsUnderWay() => MarkedBy(nameof(Update.SendingSince));

    /// <summary>Updates whose latest correction has not finished queueing its edits (<see cref="Update.CorrectingSince"/>).</summary>
    public List<Update> CorrectionsUnderWay() => MarkedBy(nameof(Update.CorrectingSince));

    /// <summary>Updates with this (indexed) date set: in LiteDB's ordering null sorts below every date, as for <see cref="DueSchedules"/>.</summary>
    List<Update> MarkedBy(string field) => UpdatesCollection.Find(Query.Between(field, DateTime.MinValue, DateTime.MaxValue)).ToList();

    /// <summary>The soonest scheduled occurrence of any update, or null when nothing is scheduled.</summary>
    public DateTimeOffset? NextScheduledAt() =>
        UpdatesCollection.Find(Query.Between(nameof(Update.NextAt), DateTime.MinValue, DateTime.MaxValue), skip: 0, limit: 1)
            .FirstOrDefault()?.NextAt is { } next
            ? new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc))
            : null;

    /// <summary>
    /// Records (or changes) a person's reaction; one row per person and update. The update's counts change in the same
    /// transaction, and only when the reaction does: pressing "Helpful" twice, or changing one's mind, still counts once.
    /// Refused (<see cref="PersonErasedException"/>) when they were erased after the request read them: checked in the
    /// write's transaction.
    /// </summary>
    public void React(string updateId, string personId, Reaction reaction, DateTimeOffset now) => db.InTransaction(() =>
    {
        db.Erased.ThrowIfAny(personId);
        var id = UpdateReaction.IdFor(updateId, personId);
        var before = ReactionsCollection.FindById(id)?.Reaction;
        ReactionsCollection.Upsert(new UpdateReaction { Id = id, UpdateId = updateId, PersonId = personId, Reaction = reaction, At = now.UtcDateTime });
        if (before != reaction) reactionCounts.Change(updateId, from: before, to: reaction);
        return 0;
    });

    public Reaction? ReactionOf(string updateId, string personId) =>
        ReactionsCollection.FindById(UpdateReaction.IdFor(updateId, personId))?.Reaction;

    /// <summary>How many people gave each reaction: one kept document, not a read of every reaction (schema 20).</summary>
    public Dictionary<Reaction, int> CountReactions(string updateId) => reactionCounts.Of(updateId);

    /// <summary>A person's reactions, for their data export (the PersonId index, schema 17).</summary>
    public List<UpdateReaction> ReactionsBy(string personId) => [.. ReactionsCollection.Find(Queries.Equal(nameof(UpdateReaction.PersonId), personId))];

    /// <summary>The updates a person wrote, saved or corrected, for their data export (hundreds: read whole, as the erasure does).</summary>
    public List<Update> WrittenBy(string personId) =>
        [.. UpdatesCollection.FindAll().Where(u => u.CreatedBy == personId || u.DraftSavedBy == personId || u.EditedBy == personId)];

    /// <summary>The updates whose audience lists this person by name, for their data export (their erasure takes them off).</summary>
    public List<Update> AddressedTo(string personId) => [.. UpdatesCollection.FindAll().Where(u => u.Audience.People.Contains(personId))];

    /// <summary>Erasing a person: their reactions go, and updates they wrote or were addressed to by name no longer name them.</summary>
    /// <remarks>
    /// Listed outside the write lock (their reactions through the PersonId index, schema 17; updates are hundreds), then
    /// written a chunk to a transaction, each read again there (<see cref="HitBotDb.InChunks{T}"/>).
    /// </remarks>
    public int ErasePerson(string personId)
    {
        var theirs = ReactionsCollection.Find(Queries.Equal(nameof(UpdateReaction.PersonId), personId)).Select(r => r.Id).ToList();
        // Each reaction read again in its chunk: its update's count drops by the reaction it still was.
        var reactions = db.InChunks(theirs, chunk => chunk.Count(id =>
            ReactionsCollection.FindById(id) is { } gone && ReactionsCollection.Delete(id) && reactionCounts.Change(gone.UpdateId, from: gone.Reaction, to: null)));
        var naming = UpdatesCollection.FindAll().Where(u => Names(u, personId)).Select(u => u.Id).ToList();
        db.InChunks(naming, chunk => chunk.Count(id =>
            UpdatesCollection.FindById(id) is { } update && Names(update, personId) && UpdatesCollection.Update(update with
            {
                CreatedBy = update.CreatedBy == personId ? null : update.CreatedBy,
                DraftSavedBy = update.DraftSavedBy == personId ? null : update.DraftSavedBy,
                EditedBy = update.EditedBy == personId ? null : update.EditedBy,
                Audience = update.Audience with { People = update.Audience.People.Where(p => p != personId).ToList() },
            })));
        return reactions;
    }

    static bool Names(Update update, string personId) =>
        update.CreatedBy == personId || update.DraftSavedBy == personId || update.EditedBy == personId || update.Audience.People.Contains(personId);
}

/// <summary>One page of updates, newest first, and how many there are in all.</summary>
public sealed record UpdatePage(List<Update> Updates, int Total);

/// <summary>One page of updates, how many there are in all, and where the next page starts (null on the last).</summary>
public sealed record UpdateKeysetPage(List<Update> Updates, int Total, UpdateCursor? Next);

/// <summary>
/// Where a page of the updates list ended: the last update's part of the list (sent, or a draft), its time in that part
/// (sent, or written) and its id, as the opaque <see cref="Token"/> the next page's address carries (<c>after=</c>).
/// </summary>
public sealed record UpdateCursor(bool Sent, DateTime At, string Id)
{
    public string Token => CursorToken.Of(Sent ? "sent" : "draft", At.Ticks.ToString(CultureInfo.InvariantCulture), Id);

    public static UpdateCursor Of(Update update) => update.SentAt is { } sent ? new(true, sent, update.Id) : new(false, update.CreatedAt, update.Id);

    /// <summary>The cursor a token names; null for one HitBot did not write.</summary>
    public static UpdateCursor? Parse(string token) =>
        CursorToken.Parse(token, 3) is [var part and ("sent" or "draft"), var ticks, var id] && id.Length > 0
        && long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t <= DateTime.MaxValue.Ticks
            ? new(part == "sent", new DateTime(t, DateTimeKind.Utc), id) : null;
}
