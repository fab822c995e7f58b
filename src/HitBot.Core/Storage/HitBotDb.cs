using HitBot.Core.Messaging;
using LiteDB;
using LiteDB.Engine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HitBot.Core.Storage;

/// <summary>The one owner of the LiteDB file: opens it, registers mappings, creates indexes and migrates the schema.</summary>
public sealed class HitBotDb : IDisposable
{
    readonly LiteDatabase db;
    readonly SerializedWritesEngine engine;
    readonly LogFile log;
    readonly FileStream processLock;

    /// <summary>
    /// Our own mapper, not BsonMapper.Global (which any library in the process may change), with text kept exactly as people
    /// typed it. One for the process, never changed after this: a mapper compiles a getter and setter for every stored
    /// type's members the first time it meets that type, so a mapper per database did that work again each time a database
    /// was opened (every CLI verb, every restore check, every test host).
    /// </summary>
    static readonly BsonMapper Mapper = CreateMapper();

    static BsonMapper CreateMapper()
    {
        var mapper = new BsonMapper { TrimWhitespace = false, EmptyStringToNull = false, EnumAsInteger = false };
        mapper.RegisterType(d => d.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            b => DateOnly.ParseExact(b.AsString, "O", System.Globalization.CultureInfo.InvariantCulture));
        mapper.RegisterType(t => t.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            b => TimeOnly.ParseExact(b.AsString, "HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        return mapper;
    }
    readonly TaskCompletionSource closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="options">Where the file is.</param>
    /// <param name="logger">Says when an older HitBot's file is being upgraded (null in tests and tools that need no word).</param>
    /// <param name="time">The clock an upgrade stamps its history notes with (the host's; null: the system's, for tools and tests that need no other).</param>
    public HitBotDb(IOptions<StorageOptions> options, ILogger<HitBotDb>? logger = null, TimeProvider? time = null)
    {
        var path = System.IO.Path.GetFullPath(options.Value.Path);
        FilePath = path;
        var folder = System.IO.Path.GetDirectoryName(path) ?? path;
        try
        {
            System.IO.Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw DatabaseFolderException.For(folder, e);
        }

        // LiteDB's direct mode does not stop a second process (say `import-roster` while the service runs) from
        // writing the same file, which corrupts it. An exclusive lock file beside the database does.
        processLock = TakeProcessLock(path + ".lock");

        // A new database only where there is no file: an empty or unreadable one is a lost database, not a fresh start.
        DatabaseFileCheck.ThrowIfDamaged(path, processLock);
        ThrowIfLogIsNotItsOwn(path, processLock);
        // Opened here, so that each commit is flushed to disk once rather than once per page (LogFile).
        log = new LogFile(path);
        try
        {
            // Direct mode: one process owns the file and keeps its cache warm (architecture.md, growth path).
            // The engine a direct-mode connection string would make, with its writes taken one at a time (SerializedWritesEngine)
            // and the log file above.
            var lite = new LiteEngine(new EngineSettings { Filename = path, LogStream = log.Stream });
            engine = new SerializedWritesEngine(lite, new Lock(), log, LogWriterQueue.Of(lite));
            log.Refused = engine.RefusedOnDisk;
            db = new LiteDatabase(engine, Mapper);
            Migrations.RefuseNewer(db, path);
            Migrations.RefuseForeign(db, path);
            // LiteDB would otherwise hand dates back as local time, and a server in another zone would shift every schedule.
            if (!db.UtcDate) db.UtcDate = true;
            // Checkpoints run from CheckpointLoop, outside any request's commit; LiteDB's own (inside whichever commit
            // crosses the size) is left only as a backstop far above the loop's limit. Not 0: the setting is stored in
            // the file, LiteDB skips its checkpoint at a clean close when it is 0, and a CLI verb runs without the loop.
            if (db.CheckpointSize != BackstopCheckpointPages) db.CheckpointSize = BackstopCheckpointPages;
            Migrations.Apply(db, path, time ?? TimeProvider.System, logger);
            Erased = new ErasedPeople(db.GetCollection(ErasedPeople.Collection));
        }
        catch (Exception e) when (e is DatabaseTooNewException or DatabaseDamagedException)
        {
            // Let go of the file: the process stops, and a test or tool that opens it next must find it free.
            db?.Dispose();
            log.Dispose();
            processLock.Dispose();
            throw;
        }
        catch (Exception e) when (DatabaseFileCheck.IsDamage(e))
        {
            log.Dispose();
            processLock.Dispose();
            throw new DatabaseDamagedException(path, "is damaged (" + e.Message.TrimEnd('.') + ")", e);
        }
    }

    /// <summary>The absolute path of the database file (for the start-up log and backups).</summary>
    public string FilePath { get; }

    public int SchemaVersion => db.UserVersion;

    /// <summary>
    /// Why the last write to the file failed (the system's refusal: a full disk, one turned read-only), or null when none
    /// has failed since the last commit: the schema version is read from memory and answers all the same.
    /// </summary>
    public Exception? WriteRefused => engine.WriteRefused;

    /// <summary>
    /// The error on which LiteDB closed the file after a refused write, or null while it is open. Nothing is read or
    /// written from then on until HitBot restarts and opens the file again (liveness says so: <c>/healthz</c>).
    /// </summary>
    public Exception? ClosedBy => engine.ClosedBy;

    /// <summary>Completes with <see cref="ClosedBy"/> when LiteDB closes the file after a refused write.</summary>
    public Task<Exception> FileClosed => engine.Closed;

    /// <summary>
    /// The disk's refusal behind <paramref name="failure"/> when it is the database that failed (a write refused, or any
    /// call once LiteDB closed the file after one), null for any other failure: so that an answer can say the disk, not the
    /// request, is at fault.
    /// </summary>
    public Exception? RefusalBehind(Exception failure)
    {
        // The refusal's own error is known by itself (DiskRefusals): LiteDB's page writer may meet it on its own thread and
        // throw it again at this request's next read, without it passing through a write of ours that sets WriteRefused
        // or ClosedBy, and any write that went through since clears WriteRefused. Either way the request got a bare 500.
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (DiskRefusals.Are(e)) return e;
            if (ClosedBy is { } closedBy && e is IOException or UnauthorizedAccessException or LiteException or ObjectDisposedException) return closedBy;
        }
        return null;
    }

    /// <summary>Engines closed by an error, kept from the GC until the process ends (<see cref="Dispose"/>).</summary>
    static readonly System.Collections.Concurrent.ConcurrentQueue<object> ClosedEngines = new();

    /// <summary>People erased or being erased: every store's write checks them in its own transaction (<see cref="ErasedPeople"/>).</summary>
    public ErasedPeople Erased { get; }

    public ILiteCollection<T> Collection<T>(string name) => db.GetCollection<T>(name);

    /// <summary>How the file compares text keys (its _id order): a store that merges index reads keeps LiteDB's order with it.</summary>
    public Collation Collation => db.Collation;

    /// <summary>
    /// The documents of a collection after the key <paramref name="after"/>, in key order, <paramref name="chunkRows"/> a
    /// query and only <paramref name="fields"/> of each (a projection that keeps <c>_id</c>), for the passes that read
    /// many rows (retention, a recount, the whole directory); see <see cref="KeyOrderChunks"/> for why in chunks.
    /// </summary>
    public IEnumerable<List<BsonDocument>> ChunksInKeyOrder(string collection, BsonExpression fields, BsonValue after, int chunkRows = KeyOrderChunks.Rows) =>
        KeyOrderChunks.Of(db.GetCollection(collection), fields, after, chunkRows);

    /// <summary>Every document of a collection, only <paramref name="fields"/> of each, in key order, a chunk at a time (<see cref="ChunksInKeyOrder"/>).</summary>
    public IEnumerable<BsonDocument> InKeyOrder(string collection, BsonExpression fields) =>
        ChunksInKeyOrder(collection, fields, BsonValue.MinValue).SelectMany(chunk => chunk);

    /// <summary>Every document of a collection, whole and mapped, in key order, a chunk at a time (<see cref="ChunksInKeyOrder"/>).</summary>
    public IEnumerable<T> InKeyOrder<T>(string collection) =>
        InKeyOrder(collection, WholeDocument).Select(db.Mapper.ToObject<T>);

    static readonly BsonExpression WholeDocument = BsonExpression.Create("$");

    /// <summary>How often each collection changed (committed writes), for caches of costly reads.</summary>
    public CollectionChanges Changes => engine.Changes;

    /// <summary>Runs <paramref name="work"/> in one LiteDB transaction. Never await inside: transactions belong to a thread.</summary>
    /// <remarks>Holds the write lock from begin to commit: LiteDB must never run two write transactions at once (SerializedWritesEngine).</remarks>
    public T InTransaction<T>(Func<T> work)
    {
        engine.Committing();
        using (engine.TakeWrites()) return InTransactionLocked(work);
    }

    /// <summary>
    /// For tests: the next <paramref name="commits"/> commits go through, and the one after throws as if HitBot had
    /// stopped there (null: no crash). Reopen the file afterwards, as a restart would, before looking at what was left.
    /// </summary>
    internal void CrashBeforeCommit(int? commits) => engine.CommitsBeforeCrash = commits;

    /// <summary>For tests: while set, every write to the log file throws what <paramref name="refusal"/> returns, as a full disk would.</summary>
    internal void RefuseWrites(Func<IOException>? refusal) => log.Refusal = refusal;

    T InTransactionLocked<T>(Func<T> work)
    {
        // Inside another transaction of this thread the work joins it: LiteDB does not nest, and a commit here would
        // commit the outer one half-done. The outer one commits or rolls back everything.
        if (InOpenTransaction) return work();
        afterTransaction = [];
        onRollback = [];
        db.BeginTrans();
        try
        {
            var result = work();
            db.Commit();
            return result;
        }
        catch
        {
            db.Rollback();
            var undo = onRollback;
            onRollback = null;
            foreach (var action in undo ?? []) action();
            throw;
        }
        finally
        {
            onRollback = null;
            RunAfterTransaction();
        }
    }

    /// <summary>True inside <see cref="InTransaction{T}"/> on this thread: a write now commits with that transaction, not by itself.</summary>
    public static bool InOpenTransaction => afterTransaction is not null;

    /// <summary>The work to do once this thread's transaction has ended (per thread, like LiteDB's transactions).</summary>
    [ThreadStatic] static List<Action>? afterTransaction;

    /// <summary>What undoes this thread's in-memory changes made inside its transaction, should it roll back.</summary>
    [ThreadStatic] static List<Action>? onRollback;

    /// <summary>
    /// Runs <paramref name="undo"/> only if the current transaction rolls back (a disk error, a refused write): for state
    /// kept in memory beside the file that the transaction changed, which must not outlive a change the file never took.
    /// Outside a transaction there is nothing to roll back, and it never runs.
    /// </summary>
    public static void OnRollback(Action undo) => onRollback?.Add(undo);

    /// <summary>
    /// Runs <paramref name="action"/> once the current transaction has committed or rolled back, or now when there is
    /// none: a cache of documents must forget a change when others can read it, not when it is written.
    /// </summary>
    public static void AfterTransaction(Action action)
    {
        if (afterTransaction is { } pending) pending.Add(action);
        else action();
    }

    static void RunAfterTransaction()
    {
        var pending = afterTransaction ?? [];
        afterTransaction = null;
        foreach (var action in pending) action();
    }

    /// <summary>LiteDB's automatic checkpoint, in 8 KB pages of log (64 MB): a backstop far past <see cref="CheckpointLoop.BusyLogBytes"/>.</summary>
    internal const int BackstopCheckpointPages = (int)((64L << 20) / 8192);

    /// <summary>
    /// Copies the log into the data file and empties it. It waits for every open transaction and holds off every
    /// other read and write while it runs (LiteDB's exclusive lock), so the loop chooses when; never while a backup copies.
    /// </summary>
    public void Checkpoint()
    {
        lock (backupGate) db.Checkpoint();
    }

    /// <summary>
    /// A checkpoint only if no transaction, read or write, is open at that moment (LiteDB's soft checkpoint, which waits
    /// at most 10 ms); false when it did not run. <see cref="Checkpoint"/> instead waits for every open transaction while
    /// holding the write lock, and a thread that reads and then writes inside one LiteDB transaction (or waits for an app
    /// lock whose holder is writing) would hold it up until LiteDB's one-minute lock timeout, every write waiting too.
    /// </summary>
    /// <remarks>
    /// LiteDB 5.0.20 does not expose its soft checkpoint; it runs it after a commit once the log is larger than
    /// <c>CheckpointSize</c>. So the size is lowered to one page for one commit (the setting's own) and put back.
    /// </remarks>
    internal bool TryCheckpoint()
    {
        lock (backupGate)
        using (engine.TakeWrites())
        {
            var before = log.Stream.Length;
            db.CheckpointSize = 1;
            db.CheckpointSize = BackstopCheckpointPages;
            return log.Stream.Length < before;
        }
    }

    /// <summary>The size of the log file: what a checkpoint would copy.</summary>
    internal long LogBytes => log.Stream.Length;

    readonly Lock backupGate = new();

    /// <summary>
    /// Writes a consistent copy of the database to <paramref name="target"/> (a new file) while HitBot keeps working,
    /// and answers the copy's schema version. LiteDB commits to its log file and writes the data file only at a
    /// checkpoint: after one checkpoint, with automatic ones paused, the data file holds every commit made before it
    /// and none after, and stays still while it is copied. Writes go on meanwhile; they wait in the log.
    /// </summary>
    public int BackupTo(string target, DateTimeOffset? takenAt = null)
    {
        lock (backupGate)
        {
            var checkpointSize = db.CheckpointSize;
            db.CheckpointSize = 0;
            try
            {
                db.Checkpoint();
                using var source = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
                using var copy = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                source.CopyTo(copy);
                copy.Flush(flushToDisk: true);
            }
            finally
            {
                db.CheckpointSize = checkpointSize;
            }
        }

        // A copy that does not open is no backup: read it back before saying it is one. The copy also says when it was
        // taken, so that a start on it (a restore) can say that what was waiting then may have gone out already.
        using var check = new LiteDatabase(new ConnectionString { Filename = target, Connection = ConnectionType.Direct, ReadOnly = takenAt is null });
        if (takenAt is { } at)
        {
            check.GetCollection(BackupMarks).Upsert(new BsonDocument { ["_id"] = BackupMarkId, ["TakenAt"] = at.UtcDateTime });
            // Into the copy itself: a restore copies one file, not its log.
            check.Checkpoint();
        }
        return check.UserVersion;
    }

    const string BackupMarks = "backup_mark";
    const string BackupMarkId = "backup";

    /// <summary>
    /// When this file is a backup copy (<see cref="BackupTo"/>) started as the database: the moment the copy was taken.
    /// The mark is removed, so only the first start on a restored file answers; null on every other start.
    /// </summary>
    public DateTimeOffset? TakeRestoredBackupMark()
    {
        var marks = db.GetCollection(BackupMarks);
        if (marks.FindById(BackupMarkId) is not { } mark) return null;
        InTransaction(() => marks.Delete(BackupMarkId));
        // Out of the data file at once: from here on, a data file that carries the mark has never been started on, so a log
        // file beside it is another file's (ThrowIfLogIsNotItsOwn).
        Checkpoint();
        return new DateTimeOffset(mark["TakenAt"].AsDateTime.ToUniversalTime(), TimeSpan.Zero);
    }

    /// <summary>Notes that this file was started on as a restored backup, for the dashboard (<see cref="LastRestore"/>).</summary>
    public void NoteRestore(DateTimeOffset takenAt, DateTimeOffset restoredAt) => InTransaction(() =>
        db.GetCollection(BackupMarks).Upsert(new BsonDocument { ["_id"] = RestoreMarkId, ["TakenAt"] = takenAt.UtcDateTime, ["RestoredAt"] = restoredAt.UtcDateTime }));

    /// <summary>When this file last started as a restored backup, and when that backup was taken; null if it never did.</summary>
    public (DateTimeOffset TakenAt, DateTimeOffset RestoredAt)? LastRestore() =>
        db.GetCollection(BackupMarks).FindById(RestoreMarkId) is { } mark
            ? (new DateTimeOffset(mark["TakenAt"].AsDateTime.ToUniversalTime(), TimeSpan.Zero), new DateTimeOffset(mark["RestoredAt"].AsDateTime.ToUniversalTime(), TimeSpan.Zero))
            : null;

    const string RestoreMarkId = "restored";

    /// <summary>
    /// A backup copy put in place with the log of the file it replaced still beside it (the README's restore says to delete
    /// it; a HitBot that stopped uncleanly leaves one): LiteDB would replay that log into the copy at open, writing the old
    /// file's pages over the restored data. A copy that still carries its backup mark has never been started on, so no log
    /// of its own exists yet: the file is refused, unchanged, with the one thing to do.
    /// </summary>
    static void ThrowIfLogIsNotItsOwn(string path, FileStream processLock)
    {
        var logPath = LogFile.PathFor(path);
        if (!File.Exists(logPath) || new FileInfo(logPath).Length == 0 || !CarriesBackupMark(path)) return;
        processLock.Dispose();
        throw new DatabaseDamagedException(
            $"The database file {path} is a backup copy that was never started on, but {logPath} beside it belongs to the file it " +
            $"replaced, and reading it would write that file's changes over the backup. HitBot changed neither: delete {logPath} " +
            "(README, \"Backing up the data\" → Restore) and start HitBot again.");
    }

    /// <summary>Whether the data file by itself (its log not read) holds the mark <see cref="BackupTo"/> puts in a copy.</summary>
    static bool CarriesBackupMark(string path)
    {
        try
        {
            using var data = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var alone = new LiteDatabase(new LiteEngine(new EngineSettings { DataStream = data, LogStream = new MemoryStream(), ReadOnly = true }));
            return alone.GetCollectionNames().Contains(BackupMarks, StringComparer.Ordinal) && alone.GetCollection(BackupMarks).FindById(BackupMarkId) is not null;
        }
        catch (Exception e) when (DatabaseFileCheck.IsDamage(e))
        {
            // Not readable alone: the open that follows says what is wrong with it.
            return false;
        }
    }

    /// <summary>
    /// Called between two chunks of a big write: the writes waiting meanwhile (Teams' and Slack's requests, the
    /// dispatcher's outcomes) go before the next chunk (<see cref="SerializedWritesEngine.GiveWay"/>).
    /// </summary>
    public void GiveWayToOtherWrites() => engine.GiveWay();

    /// <summary>
    /// Writes <paramref name="items"/> <paramref name="chunkRows"/> to a transaction, giving way to other writes between
    /// chunks: for a big change whose items were listed outside the write lock (an erasure); each chunk should read its
    /// items again, as they may have changed since they were listed. Returns the sum of what the chunks return.
    /// </summary>
    public int InChunks<T>(IEnumerable<T> items, Func<T[], int> write, int chunkRows = ChunkRows)
    {
        var written = 0;
        foreach (var chunk in items.Chunk(chunkRows))
        {
            GiveWayToOtherWrites();
            written += InTransaction(() => write(chunk));
        }
        return written;
    }

    /// <summary>Rows of <see cref="InChunks{T}"/> a transaction: a few milliseconds of the write lock (deleting 500 delivery rows by key, about 20 ms).</summary>
    public const int ChunkRows = 500;

    /// <summary>
    /// For tests: <paramref name="look"/> runs on the committing thread as each commit begins, before it takes the write
    /// lock, so a test can stop between two commits of a chunked write and let another thread write (null: nothing runs).
    /// </summary>
    internal void BeforeEachCommit(Action? look) => engine.BeforeCommit = look;

    /// <summary>
    /// For tests: when set, every row the outbox inserts is checked for names it does not declare (<see cref="Storage.NameAudit"/>).
    /// Null in production, where it costs one null check per row.
    /// </summary>
    internal NameAudit? NameAudit { get; set; }

    /// <summary>Every document of every collection as JSON, for audits (the anonymity test reads the whole file this way).</summary>
    public IEnumerable<(string Collection, string Json)> AllDocuments() =>
        db.GetCollectionNames().SelectMany(name => db.GetCollection(name).FindAll().Select(d => (name, JsonSerializer.Serialize(d))));

    static FileStream TakeProcessLock(string lockPath)
    {
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (UnauthorizedAccessException e)
        {
            // The folder is there but not HitBot's to write (made by root for a service that runs as its own user).
            throw DatabaseFolderException.For(System.IO.Path.GetDirectoryName(lockPath) ?? lockPath, e);
        }
        catch (IOException e) when (HeldByAnother(e))
        {
            throw new DatabaseInUseException(
                $"The database {System.IO.Path.ChangeExtension(lockPath, null)} is in use by another HitBot process. " +
                "Stop the running HitBot first, or use the admin API while it runs.", e);
        }
        catch (IOException e)
        {
            // A read-only or full disk refuses the lock file for a reason of its own: that reason, not another HitBot.
            throw DatabaseFolderException.For(System.IO.Path.GetDirectoryName(lockPath) ?? lockPath, e);
        }
    }

    /// <summary>
    /// Whether the lock file is another process's: .NET reports it as a plain IOException carrying flock's EWOULDBLOCK
    /// (11 on Linux, 35 on macOS) or Windows' sharing or lock violation.
    /// </summary>
    static bool HeldByAnother(IOException e) =>
        e.GetType() == typeof(IOException) && e.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);

    /// <summary>Completes when the file is closed and its lock released, so a restart in the same process can wait for it.</summary>
    public Task Closed => closed.Task;

    /// <summary>How many times the log has been flushed to disk since the file was opened.</summary>
    internal long LogFlushes => log.Flushes;

    public void Dispose()
    {
        // LiteDB 5.0.20 leaves the transaction whose write closed the file undisposed, still listed by the closed engine,
        // and that transaction's finalizer throws ("discarded page must be writable") once the engine is garbage and the
        // thread that wrote has ended: on the GC's thread, which ends the whole process at a random later moment. Such an
        // engine is kept reachable until the process ends, and process exit runs no finalizers. At most one per restart
        // after a full disk; in tests, one per test that fills the disk.
        if (engine.ClosedBy is not null) ClosedEngines.Enqueue(engine);
        db.Dispose();
        log.Dispose();
        processLock.Dispose();
        closed.TrySetResult();
    }
}
