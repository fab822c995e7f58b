using HitBot.Core.Erasure;
using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Teams;

/// <summary>The durable "link later" queue (<see cref="PendingLink"/>), one row per Teams user.</summary>
public sealed class PendingLinkStore(HitBotDb db) : IPersonErasurePart
{
    public const string Collection = "teams_pending_links";

    ILiteCollection<PendingLink> Rows => db.Collection<PendingLink>(Collection);

    /// <summary>False when this user is already queued: their retry schedule is kept, not restarted.</summary>
    public bool TryAdd(PendingLink link)
    {
        try
        {
            Rows.Insert(link);
            return true;
        }
        catch (LiteException e) when (e.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
        {
            return false;
        }
    }

    /// <summary>The queue is small (people Teams throttled just now), so a scan is cheaper than an index on every write.</summary>
    public List<PendingLink> Due(DateTime now) => Rows.FindAll().Where(r => r.DueAt <= now).OrderBy(r => r.DueAt).ToList();

    public DateTime? NextDue() => Rows.FindAll().Select(r => (DateTime?)r.DueAt).Min();

    public int Count() => Rows.Count();

    public void Save(PendingLink link) => Rows.Upsert(link);

    public void Remove(string id) => Rows.Delete(id);

    /// <summary>
    /// An erased person's rows: a proactive install waiting to be linked by their e-mail, or a chat of theirs queued again.
    /// Left, they kept the e-mail and chat id for up to a day after the erasure said they were forgotten.
    /// </summary>
    public int ErasePerson(string email, IReadOnlyCollection<string> chatKeys) =>
        Rows.FindAll().Where(r => chatKeys.Contains(r.Id) || string.Equals(r.Email, email, StringComparison.OrdinalIgnoreCase))
            .Select(r => r.Id).ToList().Count(id => Rows.Delete(id));
}
