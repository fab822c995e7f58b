using System.Diagnostics;
using LiteDB;
using LiteDB.Engine;

namespace HitBot.Core.Storage;

/// <summary>
/// LiteDB's engine with every write taken one at a time, across all collections, under <see cref="Writes"/>.
/// </summary>
/// <remarks>
/// LiteDB 5.0.20/5.0.21 (the last 5.x on NuGet) corrupts its free-page list when two threads write to different
/// collections at the same moment — "empty page must be defined as empty type", after which every query on the file
/// fails and an undisposed transaction's finalizer ends the process (LiteDB issues #2503, #2825, #2828; fixed only on
/// the unreleased 6.0 line). HitBot writes from many places at once (inbound requests, the dispatcher, the timed loops),
/// and our test runs hit it. One process-wide lock around each write, and around each explicit transaction
/// (<see cref="HitBotDb.InTransaction{T}"/>), keeps two write transactions from ever overlapping; reads still run
/// alongside, on LiteDB's snapshots. The lock is re-entrant, so writes inside a transaction take it again freely.
/// Never take another lock inside a transaction that a thread could hold while it writes: that order would deadlock.
/// Each write and each commit is flushed to disk once, before the lock is released (<see cref="LogFile"/>).
/// </remarks>
sealed class SerializedWritesEngine(ILiteEngine inner, Lock writes, LogFile log, LogWriterQueue? logWriter = null) : ILiteEngine
{
    public Lock Writes { get; } = writes;

    /// <summary>Threads waiting for <see cref="Writes"/> now; a thread that already holds it does not wait, and is not counted.</summary>
    int waiting;

    /// <summary>Takes <see cref="Writes"/>, counted while it waits (<see cref="GiveWay"/>); the scope lets go.</summary>
    public WriteScope TakeWrites()
    {
        if (!Writes.TryEnter())
        {
            Interlocked.Increment(ref waiting);
            try
            {
                Writes.Enter();
            }
            finally
            {
                Interlocked.Decrement(ref waiting);
            }
        }
        return new WriteScope(Writes);
    }

    public readonly ref struct WriteScope(Lock writes)
    {
        public void Dispose() => writes.Exit();
    }

    /// <summary>
    /// Between two chunks of a big write (a fan-out, a cancel, a roster): the writes that queued up behind the last chunk
    /// go first. <see cref="Lock"/> is not fair: the thread that has just let go takes it again before a woken waiter
    /// runs, so a request's write used to wait for several chunks in a row (a quarter of a second; bench big-writes).
    /// Waits until nobody waits, at most <see cref="GiveWayAtMost"/>; does nothing inside a transaction.
    /// </summary>
    public void GiveWay()
    {
        if (Volatile.Read(ref waiting) == 0 || Writes.IsHeldByCurrentThread) return;
        var until = Stopwatch.GetTimestamp() + (long)(GiveWayAtMost.TotalSeconds * Stopwatch.Frequency);
        var spin = new SpinWait();
        while (Volatile.Read(ref waiting) > 0 && Stopwatch.GetTimestamp() < until) spin.SpinOnce();
    }

    /// <summary>About one chunk's write: a stream of small writes cannot hold a big one off for longer than it held them.</summary>
    internal static readonly TimeSpan GiveWayAtMost = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Tests' crash: the number of commits still to let through before the next one throws <see cref="SimulatedCrash"/>
    /// instead (null: never). A commit is a write outside a transaction, or a whole transaction
    /// (<see cref="HitBotDb.InTransaction{T}"/>), so stopping at each in turn is stopping HitBot between any two of its
    /// writes to the file. Only ever set by tests, through <see cref="HitBotDb.CrashBeforeCommit"/>.
    /// </summary>
    internal int? CommitsBeforeCrash { get; set; }

    /// <summary>Tests' look between two commits (<see cref="HitBotDb.BeforeEachCommit"/>); null in HitBot.</summary>
    internal Action? BeforeCommit { get; set; }

    /// <summary>Called as a commit begins (not for a write inside a transaction: that commits with it).</summary>
    internal void Committing()
    {
        if (Writes.IsHeldByCurrentThread) return;
        BeforeCommit?.Invoke();
        if (CommitsBeforeCrash is not { } left) return;
        if (left <= 0) throw new SimulatedCrash();
        CommitsBeforeCrash = left - 1;
    }

    /// <summary>A write outside a transaction commits by itself; inside one it writes nothing to the log until the commit.</summary>
    T Write<T>(Func<T> write) => Write(write, commits: !Writes.IsHeldByCurrentThread);

    T Write<T>(Func<T> write, bool commits)
    {
        Committing();
        using (TakeWrites())
        {
            try
            {
                var result = write();
                // LiteDB's writer may still hold the pages (its first run, or a thread it could not run on): written
                // first, then flushed, so the commit is on disk when it returns (LogWriterQueue).
                logWriter?.WaitUntilWritten(() => ClosedBy);
                log.FlushToDiskIfWritten();
                // Not once the file is closed: a commit whose pages LiteDB's writer met the refusal with on another
                // thread (RefusedOnDisk) may still return here as if it went through.
                if (commits && ClosedBy is null) WriteRefused = null;
                return result;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                DiskRefusals.Mark(e);
                WriteRefused = e;
                if (ClosesTheFile(e)) Close(e);
                throw;
            }
            catch (LiteException e) when (ClosesTheFile(e))
            {
                Close(e);
                throw;
            }
        }
    }

    /// <summary>
    /// The disk refused a write to the log, on whichever thread LiteDB's page writer ran (<see cref="LogFile.Refused"/>).
    /// LiteDB 5.0.20's writer runs on the committing thread only when it is idle and that thread may run it inline. Its
    /// first run, at open, is on a thread of its own, and it takes every page queued while it writes or flushes there; a
    /// thread with a synchronization context of its own never runs it inline. Those commits return before their pages
    /// are written, and a refusal met then reached no <see cref="Write{T}(Func{T}, bool)"/> of ours: LiteDB closed the
    /// file, while /readyz said the database was healthy, /healthz said ok and <see cref="Closed"/> never completed, until
    /// some later write happened to fail. A CI run under load saw /readyz say so right after the disk filled.
    /// </summary>
    internal void RefusedOnDisk(Exception e)
    {
        WriteRefused = e;
        if (ClosesTheFile(e)) Close(e);
    }

    /// <summary>
    /// What LiteDB 5.0.20 answers by closing the file for good (EngineState.Handle): an I/O error, or a page it finds in
    /// a state it did not expect. Every later call then throws that error again, until the file is opened anew.
    /// </summary>
    static bool ClosesTheFile(Exception e) => e is IOException || e is LiteException { ErrorCode: LiteException.INVALID_DATAFILE_STATE };

    /// <summary>
    /// The error on which LiteDB closed the file, or null while it is open: from then on nothing is read or written until
    /// HitBot opens the file again, that is, restarts. Never cleared.
    /// </summary>
    public Exception? ClosedBy => Volatile.Read(ref closedBy);

    Exception? closedBy;

    /// <summary>Completes with <see cref="ClosedBy"/> when LiteDB closes the file.</summary>
    public Task<Exception> Closed => closed.Task;

    readonly TaskCompletionSource<Exception> closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    void Close(Exception e)
    {
        if (Interlocked.CompareExchange(ref closedBy, e, null) is null) closed.TrySetResult(e);
    }

    /// <summary>
    /// The system's refusal of the last write that failed (a full disk, one remounted read-only), null once a commit
    /// went through since. LiteDB 5.0.20 keeps such an error and throws it again at every later call, reads included,
    /// until the file is opened again, so in practice this stays set until HitBot restarts.
    /// </summary>
    public Exception? WriteRefused
    {
        get => Volatile.Read(ref writeRefused);
        private set => Volatile.Write(ref writeRefused, value);
    }

    Exception? writeRefused;

    /// <summary>A write to one collection: counted as a change once it is on disk (<see cref="CollectionChanges"/>).</summary>
    T Write<T>(string collection, Func<T> write, bool insertsOnly = false)
    {
        var commits = !Writes.IsHeldByCurrentThread;
        Committing();
        using (TakeWrites())
        {
            var result = Write(write, commits);
            Changes.Wrote(collection, insertsOnly);
            return result;
        }
    }

    /// <summary>How often each collection changed, for caches of what is costly to read (a report's tally).</summary>
    public CollectionChanges Changes { get; } = new();

    public int Checkpoint() => Write(inner.Checkpoint);
    public long Rebuild(RebuildOptions options) => Write(() =>
    {
        var rebuilt = inner.Rebuild(options);
        Changes.Everything();
        return rebuilt;
    });

    public bool BeginTrans() => inner.BeginTrans();

    // Always the end of the outermost transaction (HitBotDb.InTransaction), whose lock is held already.
    public bool Commit() => Write(() =>
    {
        var committed = inner.Commit();
        Changes.Ended();
        return committed;
    }, commits: true);

    public bool Rollback()
    {
        using (TakeWrites())
        {
            var rolledBack = inner.Rollback();
            Changes.Ended();
            return rolledBack;
        }
    }

    public IBsonDataReader Query(string collection, Query query) => inner.Query(collection, query);

    public int Insert(string collection, IEnumerable<BsonDocument> docs, BsonAutoId autoId) => Write(collection, () => inner.Insert(collection, docs, autoId), insertsOnly: true);
    public int Update(string collection, IEnumerable<BsonDocument> docs) => Write(collection, () => inner.Update(collection, docs));
    public int UpdateMany(string collection, BsonExpression transform, BsonExpression predicate) => Write(collection, () => inner.UpdateMany(collection, transform, predicate));
    public int Upsert(string collection, IEnumerable<BsonDocument> docs, BsonAutoId autoId) => Write(collection, () => inner.Upsert(collection, docs, autoId));
    public int Delete(string collection, IEnumerable<BsonValue> ids) => Write(collection, () => inner.Delete(collection, ids));
    public int DeleteMany(string collection, BsonExpression predicate) => Write(collection, () => inner.DeleteMany(collection, predicate));
    public bool DropCollection(string name) => Write(name, () => inner.DropCollection(name));
    public bool RenameCollection(string name, string newName) => Write(name, () => Write(newName, () => inner.RenameCollection(name, newName)));
    public bool EnsureIndex(string collection, string name, BsonExpression expression, bool unique) => Write(collection, () => inner.EnsureIndex(collection, name, expression, unique));
    public bool DropIndex(string collection, string name) => Write(collection, () => inner.DropIndex(collection, name));

    public BsonValue Pragma(string name) => inner.Pragma(name);
    public bool Pragma(string name, BsonValue value) => Write(() => inner.Pragma(name, value));

    public void Dispose() => inner.Dispose();
}

/// <summary>What a test's crash point throws (<see cref="SerializedWritesEngine.CommitsBeforeCrash"/>): nothing of that commit is written.</summary>
sealed class SimulatedCrash() : Exception("A test stopped HitBot here, as a crash would.");
