using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Messaging.Outbox;

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
/// so an acknowledged request survives a crash (architecture.md, Slack inbox). Both writes go through the group commit
/// (<see cref="InboundCommits"/>), so concurrent requests, and a handled item with the replies it queued, share a commit.
/// </summary>
public sealed class InboxStore(HitBotDb db, InboundStore inbound, InboundCommits commits)
{
    public const string Collection = "inbox";

    /// <summary>
    /// Stores the work; with a <paramref name="dedupId"/>, records it in the <see cref="InboundStore"/> in the same
    /// commit, so a request is either both stored and remembered or neither. False when that id was already recorded.
    /// Completes once the row is on disk, shared with the other requests that arrived meanwhile.
    /// </summary>
    public Task<bool> TryAddAsync(string kind, string payload, (string Channel, string Id)? dedupId = null) =>
        commits.CommitAsync(now =>
        {
            if (dedupId is { } d && !inbound.RecordInTransaction(InboundStore.Key(d.Channel, d.Id), now)) return false;
            db.Collection<InboxItem>(Collection).Insert(new InboxItem { Kind = kind, Payload = payload, ReceivedAt = now });
            return true;
        }, []);

    /// <summary>
    /// The item is handled: its row goes and the replies it produced are queued (those whose keys are new), in one
    /// commit shared with whatever else is committing meanwhile. A crash before it leaves the row, and the item is done
    /// again at the next start; the reply keys keep that from answering twice.
    /// </summary>
    public Task FinishAsync(long id, IReadOnlyList<Delivery> replies) =>
        commits.CommitAsync(_ =>
        {
            db.Collection<InboxItem>(Collection).Delete(id);
            return true;
        }, replies);

    /// <summary>The oldest waiting items, first accepted first.</summary>
    public List<InboxItem> Oldest(int count) =>
        db.Collection<InboxItem>(Collection).Find(Query.All(), skip: 0, limit: count).ToList();

    public int Count() => db.Collection<InboxItem>(Collection).Count();

    /// <summary>Deletes the row in a commit of its own (when <see cref="FinishAsync"/> could not commit the item's replies).</summary>
    public void Remove(long id) => db.Collection<InboxItem>(Collection).Delete(id);
}
