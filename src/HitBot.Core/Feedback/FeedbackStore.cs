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
    public int ErasePerson(string personId)
    {
        var changed = 0;
        foreach (var item in Items.FindAll().ToList())
        {
            var theirs = item.PersonId == personId;
            var replies = item.Replies.Select(r => r.ByPersonId == personId ? r with { ByPersonId = null } : r).ToList();
            if (!theirs && replies.SequenceEqual(item.Replies)) continue;
            Items.Update(theirs ? item with { PersonId = null, Anonymous = true, ReplyTo = null, Replies = replies } : item with { Replies = replies });
            changed++;
        }
        return changed;
    }
}
