using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Messaging;

/// <summary>Inbound work a channel acknowledged and has not finished yet: its kind and the payload as the adapter wrote it.</summary>
public sealed record InboxItem
{
    /// <summary>LiteDB's auto-increment: the order requests were accepted in.</summary>
    public long Id { get; init; }
    public string Kind { get; init; } = "";
    public string Payload { get; init; } = "";
    public DateTime ReceivedAt { get; init; }
}

/// <summary>
/// The durable inbox: a request is written here before the platform gets its acknowledgement and deleted once handled,
/// so an acknowledged request survives a crash (architecture.md, Slack inbox).
/// </summary>
public sealed class InboxStore(HitBotDb db, TimeProvider time)
{
    public const string Collection = "inbox";

    /// <summary>
    /// Stores the work; with a <paramref name="dedupId"/>, records it in the <see cref="InboundStore"/> in the same
    /// commit, so a request is either both stored and remembered or neither. False when that id was already recorded.
    /// </summary>
    public bool TryAdd(string kind, string payload, (string Channel, string Id)? dedupId = null)
    {
        var now = time.GetUtcNow().UtcDateTime;
        try
        {
            return db.InTransaction(() =>
            {
                if (dedupId is { } d)
                    db.Collection<InboundActivity>(InboundStore.Collection).Insert(new InboundActivity { Id = $"{d.Channel}:{d.Id}", ReceivedAt = now });
                db.Collection<InboxItem>(Collection).Insert(new InboxItem { Kind = kind, Payload = payload, ReceivedAt = now });
                return true;
            });
        }
        catch (LiteException e) when (e.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
        {
            return false;
        }
    }

    /// <summary>The oldest waiting items, first accepted first.</summary>
    public List<InboxItem> Oldest(int count) =>
        db.Collection<InboxItem>(Collection).Find(Query.All(), skip: 0, limit: count).ToList();

    public int Count() => db.Collection<InboxItem>(Collection).Count();

    public void Remove(long id) => db.Collection<InboxItem>(Collection).Delete(id);
}
