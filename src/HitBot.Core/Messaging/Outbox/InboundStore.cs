using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Messaging.Outbox;

/// <summary>A platform event id HitBot has already handled.</summary>
public sealed record InboundActivity
{
    public string Id { get; init; } = "";
    public DateTime ReceivedAt { get; init; }
}

/// <summary>Remembers inbound activity and event ids so a platform's retry is handled once.</summary>
public sealed class InboundStore(HitBotDb db, TimeProvider time)
{
    public const string Collection = "inbound";

    /// <summary>
    /// How long an id is remembered. Slack retries an event at most three times within about five minutes, and the Bot
    /// Framework gives an activity 15 s and resends it soon after a timeout (protocols.md §6.4, §1.9): after that no retry
    /// can come, so an id is only dead weight. Two days rather than minutes leaves room for a host that was down while
    /// the platform retried, and for clock skew, at the cost of one tiny row per event.
    /// </summary>
    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(2);

    /// <summary>True the first time this id is seen; false for a repeat.</summary>
    public bool TryRecord(string channel, string id)
    {
        var now = time.GetUtcNow().UtcDateTime;
        try
        {
            db.Collection<InboundActivity>(Collection).Insert(new InboundActivity { Id = Key(channel, id), ReceivedAt = now });
            return true;
        }
        catch (LiteException e) when (e.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
        {
            return false;
        }
    }

    /// <summary>Whether this id was recorded already: a read by primary key, no commit.</summary>
    public bool Seen(string channel, string id) =>
        db.Collection<InboundActivity>(Collection).FindById(Key(channel, id)) is not null;

    /// <summary>
    /// Records the id inside the caller's transaction (<see cref="InboundCommits"/>); false when it is there already.
    /// Looked up first rather than caught: a failed insert inside a transaction leaves its data page written.
    /// </summary>
    internal bool RecordInTransaction(string key, DateTime receivedAt)
    {
        var ids = db.Collection<InboundActivity>(Collection);
        if (ids.FindById(key) is not null) return false;
        ids.Insert(new InboundActivity { Id = key, ReceivedAt = receivedAt });
        return true;
    }

    internal static string Key(string channel, string id) => $"{channel}:{id}";

    /// <summary>Drops ids older than <see cref="KeepFor"/> so the file does not grow forever; <c>RetentionLoop</c> calls it daily.</summary>
    public int Prune()
    {
        var cutoff = time.GetUtcNow().UtcDateTime - KeepFor;
        return db.Collection<InboundActivity>(Collection).DeleteMany(a => a.ReceivedAt < cutoff);
    }
}
