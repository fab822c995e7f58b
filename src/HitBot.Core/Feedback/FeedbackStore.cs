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

    /// <summary>Stores a new item; when one with this id exists (a button pressed twice) that one is returned unchanged.</summary>
    public FeedbackItem AddOnce(FeedbackItem item)
    {
        lock (numbering)
        {
            if (Items.FindById(item.Id) is { } existing) return existing;
            var numbered = item.Status == FeedbackStatus.Offered ? item : item with { Number = NextNumber() };
            Items.Insert(numbered);
            return numbered;
        }
    }

    /// <summary>Moves an offered item into the inbox, giving it its number. Null when it is gone; unchanged when already sent.</summary>
    public FeedbackItem? Confirm(string id, Func<FeedbackItem, FeedbackItem> change)
    {
        lock (numbering)
        {
            if (Items.FindById(id) is not { } item) return null;
            if (item.Status != FeedbackStatus.Offered) return item;
            var sent = change(item) with { Status = FeedbackStatus.New, Number = NextNumber() };
            Items.Update(sent);
            return sent;
        }
    }

    public void Save(FeedbackItem item) => Items.Upsert(item);

    public bool Delete(string id) => Items.Delete(id);

    /// <summary>The inbox, newest first: everything except offers nobody has sent yet, optionally only one status or update.</summary>
    public List<FeedbackItem> Inbox(FeedbackStatus? status = null, string? updateId = null)
    {
        var query = updateId is not null
            ? Items.Find(Queries.Equal(nameof(FeedbackItem.UpdateId), updateId))
            : status is { } only ? Items.Find(Queries.Equal(nameof(FeedbackItem.Status), only.ToString())) : Items.FindAll();
        return query.Where(i => i.Status != FeedbackStatus.Offered && (status is null || i.Status == status))
            .OrderByDescending(i => i.Number).ToList();
    }

    public int CountForUpdate(string updateId) =>
        Items.Count(Queries.Equal(nameof(FeedbackItem.UpdateId), updateId));

    int NextNumber() =>
        (Items.Find(Query.All(nameof(FeedbackItem.Number), Query.Descending), skip: 0, limit: 1).FirstOrDefault()?.Number ?? 0) + 1;

    /// <summary>Erasing a person: their feedback stays for the program, as anonymous, with no chat to answer in.</summary>
    /// <remarks>Listed outside the write lock, then written a chunk to a transaction, each item read again there (<see cref="HitBotDb.InChunks{T}"/>).</remarks>
    public int ErasePerson(string personId)
    {
        var naming = Items.FindAll().Where(i => Names(i, personId)).Select(i => i.Id).ToList();
        return db.InChunks(naming, chunk => chunk.Count(id =>
        {
            if (Items.FindById(id) is not { } item || !Names(item, personId)) return false;
            var theirs = item.PersonId == personId;
            var replies = item.Replies.Select(r => r.ByPersonId == personId ? r with { ByPersonId = null } : r).ToList();
            return Items.Update(theirs ? item with { PersonId = null, Anonymous = true, ReplyTo = null, Replies = replies } : item with { Replies = replies });
        }));
    }

    static bool Names(FeedbackItem item, string personId) => item.PersonId == personId || item.Replies.Any(r => r.ByPersonId == personId);
}
