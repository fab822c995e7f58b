namespace HitBot.Core.Storage;

/// <summary>
/// LiteDB's log file (where every commit goes before a checkpoint copies it into the data file), opened by HitBot so
/// that a commit reaches the disk with one flush for all its pages instead of one flush per page.
/// </summary>
/// <remarks>
/// LiteDB 5.0.20 hands a commit's pages to a writer queue that flushes its file to disk (fsync) whenever the queue runs
/// empty. The queue's writer wakes on the committing thread for each page alone, so a commit of five pages paid five
/// fsyncs, one after the other, while every other write in the process waited for the write lock: that, not CPU, was
/// what held <c>POST /api/messages</c> back (docs/benchmarks.md, issue 16). LiteDB only asks a stream it did not open to
/// <c>Flush()</c>, which reaches the operating system but not the disk; <see cref="SerializedWritesEngine"/> then calls
/// <see cref="FlushToDiskIfWritten"/> once the write or transaction has committed, before the write lock is released
/// and before the caller goes on, once LiteDB's writer has written the commit's pages (<see cref="LogWriterQueue"/>: it
/// does not always run on the committing thread). A commit is therefore on disk when it returns, with one fsync.
/// </remarks>
sealed class LogFile : IDisposable
{
    readonly WriteTrackingStream stream;

    public LogFile(string dataFilePath)
    {
        Path = PathFor(dataFilePath);
        // Unbuffered: LiteDB writes whole 8 KB pages at set positions, and each must reach the OS when it is written.
        stream = new WriteTrackingStream(Path);
    }

    public string Path { get; }

    /// <summary>LiteDB's own name for the log of "x.db": "x-log.db", beside it (FileHelper.GetLogFile).</summary>
    public static string PathFor(string dataFilePath) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(dataFilePath) ?? "",
            System.IO.Path.GetFileNameWithoutExtension(dataFilePath) + "-log" + System.IO.Path.GetExtension(dataFilePath));

    public Stream Stream => stream;

    /// <summary>
    /// Tests' full or read-only disk: while set, every write to the log throws what it returns, as the system's refusal
    /// would (null: writes go through). Only ever set by tests, through <see cref="HitBotDb.RefuseWrites"/>.
    /// </summary>
    internal Func<IOException>? Refusal
    {
        get => stream.Refusal;
        set => stream.Refusal = value;
    }

    /// <summary>
    /// Told of every write to the log the system refused, on the thread that met it: LiteDB's page writer is not always the
    /// committing thread (<see cref="SerializedWritesEngine.RefusedOnDisk"/>).
    /// </summary>
    internal Action<Exception>? Refused
    {
        get => stream.Refused;
        set => stream.Refused = value;
    }

    /// <summary>How many times the log has been flushed to disk (the tests count the flushes of one commit).</summary>
    public long Flushes => Interlocked.Read(ref flushes);

    long flushes;

    /// <summary>Flushes the log to disk when anything was written since the last flush; a read-only call costs nothing.</summary>
    public void FlushToDiskIfWritten()
    {
        if (!stream.TakeWritten()) return;
        stream.Flush(flushToDisk: true);
        Interlocked.Increment(ref flushes);
    }

    /// <summary>
    /// Closes the file once LiteDB is done with it (LiteDB closes it itself when it shuts down cleanly); an empty log is
    /// deleted, as LiteDB does with a log it opened.
    /// </summary>
    public void Dispose()
    {
        stream.Dispose();
        if (File.Exists(Path) && new FileInfo(Path).Length == 0) File.Delete(Path);
    }

    /// <summary>The log file, noting that a write happened: LiteDB writes from its own code, HitBot flushes after the commit.</summary>
    sealed class WriteTrackingStream(string path)
        : FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0, FileOptions.RandomAccess)
    {
        int written;

        public Func<IOException>? Refusal { get; set; }

        public Action<Exception>? Refused { get; set; }

        void RefuseIfTold()
        {
            if (Refusal is { } refusal) throw Tell(refusal());
        }

        /// <summary>Marks the system's refusal (<see cref="DiskRefusals"/>) and tells <see cref="Refused"/>, before it is thrown.</summary>
        T Tell<T>(T refusal) where T : Exception
        {
            DiskRefusals.Mark(refusal);
            Refused?.Invoke(refusal);
            return refusal;
        }

        /// <summary>The system's refusal of a write to the log (a full disk, one turned read-only), marked and told.</summary>
        void Refusable(Action write)
        {
            try
            {
                write();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Tell(e);
                throw;
            }
        }

        /// <summary>Whether anything was written since the last call.</summary>
        public bool TakeWritten() => Interlocked.Exchange(ref written, 0) != 0;

        public override void Write(byte[] buffer, int offset, int count)
        {
            RefuseIfTold();
            Refusable(() => base.Write(buffer, offset, count));
            Volatile.Write(ref written, 1);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            RefuseIfTold();
            try
            {
                base.Write(buffer);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Tell(e);
                throw;
            }
            Volatile.Write(ref written, 1);
        }

        public override void SetLength(long value)
        {
            RefuseIfTold();
            Refusable(() => base.SetLength(value));
            Volatile.Write(ref written, 1);
        }
    }
}
