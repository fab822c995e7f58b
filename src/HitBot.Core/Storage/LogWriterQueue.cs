using System.Reflection;
using LiteDB.Engine;

namespace HitBot.Core.Storage;

/// <summary>
/// Waits for LiteDB's writer queue to have written a commit's pages to the log, so that a commit is on disk when it
/// returns (a 200 means the request is stored).
/// </summary>
/// <remarks>
/// LiteDB 5.0.20 hands a commit's pages to a queue (<c>DiskWriterQueue</c>) and returns. Its writer runs on the committing
/// thread when it was idle and that thread may run it inline, which is how HitBot's requests commit; but its first run
/// after the file opens is on a thread of its own, which takes every page queued while it writes, and a committing thread
/// with a synchronization context of its own sends it to the thread pool. Those commits returned before their pages were
/// written: an answer acknowledged in those moments could be lost to a crash, and a disk that refused its pages did so
/// after the request had been told it was stored. LiteDB does not expose the queue, so its idle signal is read by
/// reflection, from the pinned 5.0.20 (Directory.Packages.props); a LiteDB whose members differ stops the start with one
/// line (<see cref="Of"/>) rather than silently giving up the wait.
/// </remarks>
sealed class LogWriterQueue
{
    /// <summary>How often a wait looks whether the writer stopped on an error (its idle signal is then never set).</summary>
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    readonly LiteEngine engine;
    readonly Members members;
    object? queue;
    ManualResetEventSlim? isEmpty;

    LogWriterQueue(LiteEngine engine, Members members)
    {
        this.engine = engine;
        this.members = members;
    }

    /// <summary>The queue of <paramref name="engine"/>; throws, naming what is missing, on a LiteDB other than 5.0.20's shape.</summary>
    public static LogWriterQueue Of(LiteEngine engine) => new(engine, Members.Resolve());

    /// <summary>
    /// Returns once every page queued so far is written to the log (at once when the writer ran inline, as it usually
    /// does); throws the writer's error, or <paramref name="closedBy"/>'s, when it stopped on one before writing them.
    /// </summary>
    public void WaitUntilWritten(Func<Exception?> closedBy)
    {
        if (Signal() is not { } idle) return;
        while (!idle.Wait(Poll))
        {
            if (members.Failure.GetValue(queue) is Exception failed) throw failed;
            if (closedBy() is { } closed) throw closed;
        }
    }

    /// <summary>The writer's idle signal, once LiteDB has made its queue (at the first write to the log).</summary>
    ManualResetEventSlim? Signal()
    {
        if (isEmpty is not null) return isEmpty;
        if (members.Disk.GetValue(engine) is not { } disk || members.Queue.GetValue(disk) is not { } lazy) return null;
        if (!(bool)(members.IsValueCreated.GetValue(lazy) ?? false)) return null;
        var made = members.Value.GetValue(lazy);
        var signal = (ManualResetEventSlim?)members.IsEmpty.GetValue(made);
        queue = made;
        isEmpty = signal;
        return signal;
    }

    /// <summary>The private members of LiteDB 5.0.20 the wait reads: LiteEngine._disk, DiskService.Queue, and the queue's own.</summary>
    sealed record Members(FieldInfo Disk, PropertyInfo Queue, PropertyInfo IsValueCreated, PropertyInfo Value, FieldInfo IsEmpty, FieldInfo Failure)
    {
        const BindingFlags Private = BindingFlags.Instance | BindingFlags.NonPublic;

        public static Members Resolve()
        {
            var disk = Field(typeof(LiteEngine), "_disk");
            var queue = disk.FieldType.GetProperty("Queue") ?? throw Unknown("DiskService.Queue");
            var lazy = queue.PropertyType;
            if (!lazy.IsGenericType || lazy.GetGenericTypeDefinition() != typeof(Lazy<>)) throw Unknown("DiskService.Queue as a Lazy");
            var writer = lazy.GetGenericArguments()[0];
            var isEmpty = Field(writer, "_queueIsEmpty");
            if (isEmpty.FieldType != typeof(ManualResetEventSlim)) throw Unknown("DiskWriterQueue._queueIsEmpty as a ManualResetEventSlim");
            return new(disk, queue,
                lazy.GetProperty(nameof(Lazy<object>.IsValueCreated)) ?? throw Unknown("Lazy.IsValueCreated"),
                lazy.GetProperty(nameof(Lazy<object>.Value)) ?? throw Unknown("Lazy.Value"),
                isEmpty, Field(writer, "_exception"));
        }

        static FieldInfo Field(Type type, string name) => type.GetField(name, Private) ?? throw Unknown($"{type.Name}.{name}");

        static InvalidOperationException Unknown(string member) => new(
            $"This LiteDB has no {member}: HitBot waits for LiteDB 5.0.20's log writer through it, so that a commit is on disk when it returns. Use LiteDB 5.0.20.");
    }
}
