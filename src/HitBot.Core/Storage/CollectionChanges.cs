using System.Collections.Concurrent;

namespace HitBot.Core.Storage;

/// <summary>
/// A counter per collection that moves after every committed write to it, so a reader can cache what is costly to work
/// out (a 90,000-row report) and know when it is out of date: the same number before and after means nothing changed.
/// </summary>
/// <remarks>
/// Counted after the write is on disk, and again when a transaction ends: a reader that looks at the number before it
/// reads can never keep a result under a number that a later commit did not move. Called under the write lock, so the
/// collections a transaction touched belong to that one transaction.
/// </remarks>
public sealed class CollectionChanges
{
    readonly ConcurrentDictionary<string, long> counts = new(StringComparer.Ordinal);
    readonly HashSet<string> inTransaction = new(StringComparer.Ordinal);
    long everything;

    /// <summary>The collection's counter; read it before reading the collection.</summary>
    public long Of(string collection) => Interlocked.Read(ref everything) + counts.GetValueOrDefault(collection);

    /// <summary>The whole file changed (a rebuild): every counter moves.</summary>
    internal void Everything() => Interlocked.Increment(ref everything);

    internal void Wrote(string collection)
    {
        inTransaction.Add(collection);
        Count(collection);
    }

    /// <summary>A transaction committed or rolled back (or a write committed by itself): its collections move once more.</summary>
    internal void Ended()
    {
        foreach (var collection in inTransaction) Count(collection);
        inTransaction.Clear();
    }

    void Count(string collection) => counts.AddOrUpdate(collection, 1, (_, n) => n + 1);
}
