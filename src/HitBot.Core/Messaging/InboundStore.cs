using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Messaging;

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
    static readonly TimeSpan KeepFor = TimeSpan.FromDays(2);

    /// <summary>True the first time this id is seen; false for a repeat.</summary>
    public bool TryRecord(string channel, string id)
    {
        var now = time.GetUtcNow().UtcDateTime;
        try
        {
            db.Collection<InboundActivity>(Collection).Insert(new InboundActivity { Id = $"{channel}:{id}", ReceivedAt = now });
            return true;
        }
        catch (LiteException e) when (e.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
        {
            return false;
        }
    }

    /// <summary>Retries come within minutes; ids older than two days are dropped so the file does not grow forever.</summary>
    public int Prune()
    {
        var cutoff = time.GetUtcNow().UtcDateTime - KeepFor;
        return db.Collection<InboundActivity>(Collection).DeleteMany(a => a.ReceivedAt < cutoff);
    }
}
