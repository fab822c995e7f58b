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
/// A second counter per collection leaves out the writes a thread makes inside <see cref="RoutineWrites"/>: a reader
/// that knows those writes cannot change what it keeps (the dispatcher's read-ahead and the sent rows it writes) looks
/// at <see cref="OthersOf"/> instead. A third leaves out inserts as well (<see cref="RewritesOf"/>): an insert adds a
/// document and changes none already there, so what a reader knows of those (a claimed row's state) still holds.
/// </remarks>
public sealed class CollectionChanges
{
    readonly ConcurrentDictionary<string, long> counts = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, long> others = new(StringComparer.Ordinal);
    readonly HashSet<string> inTransaction = new(StringComparer.Ordinal);
    readonly HashSet<string> othersInTransaction = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, long> rewrites = new(StringComparer.Ordinal);
    readonly HashSet<string> rewritesInTransaction = new(StringComparer.Ordinal);
    long everything;

    [ThreadStatic] static bool routine;

    /// <summary>The collection's counter; read it before reading the collection.</summary>
    public long Of(string collection) => Interlocked.Read(ref everything) + counts.GetValueOrDefault(collection);

    /// <summary>The collection's counter without the routine writes (<see cref="RoutineWrites"/>); read it before reading.</summary>
    public long OthersOf(string collection) => Interlocked.Read(ref everything) + others.GetValueOrDefault(collection);

    /// <summary>
    /// The collection's counter of writes that may change a document already in it (updates, deletes; not inserts, not the
    /// routine writes): the same number before and after means every document read in between is still as it was read.
    /// </summary>
    public long RewritesOf(string collection) => Interlocked.Read(ref everything) + rewrites.GetValueOrDefault(collection);

    /// <summary>
    /// The writes this thread makes until the scope ends move <see cref="Of"/> but not <see cref="OthersOf"/>. Wrap a whole
    /// transaction in it, never part of one.
    /// </summary>
    public static RoutineScope RoutineWrites()
    {
        routine = true;
        return default;
    }

    public readonly struct RoutineScope : IDisposable
    {
        public void Dispose() => routine = false;
    }

    /// <summary>The whole file changed (a rebuild): every counter moves.</summary>
    internal void Everything() => Interlocked.Increment(ref everything);

    /// <param name="insertsOnly">The write only added documents (<see cref="RewritesOf"/> does not move).</param>
    internal void Wrote(string collection, bool insertsOnly = false)
    {
        inTransaction.Add(collection);
        Count(counts, collection);
        if (routine) return;
        othersInTransaction.Add(collection);
        Count(others, collection);
        if (insertsOnly) return;
        rewritesInTransaction.Add(collection);
        Count(rewrites, collection);
    }

    /// <summary>A transaction committed or rolled back (or a write committed by itself): its collections move once more.</summary>
    internal void Ended()
    {
        foreach (var collection in inTransaction) Count(counts, collection);
        foreach (var collection in othersInTransaction) Count(others, collection);
        foreach (var collection in rewritesInTransaction) Count(rewrites, collection);
        inTransaction.Clear();
        othersInTransaction.Clear();
        rewritesInTransaction.Clear();
    }

    static void Count(ConcurrentDictionary<string, long> counters, string collection) => counters.AddOrUpdate(collection, 1, (_, n) => n + 1);
}
