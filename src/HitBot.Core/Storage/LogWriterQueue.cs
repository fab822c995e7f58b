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
/// reflection, from the pinned 5.0.20 (Directory.Packages.props); a LiteDB whose fields differ stops the start with one
/// line (<see cref="Of"/>) rather than silently giving up the wait.
/// </remarks>
sealed class LogWriterQueue
{
    const BindingFlags Private = BindingFlags.Instance | BindingFlags.NonPublic;
    static readonly FieldInfo Disk = Field(typeof(LiteEngine), "_disk");
    static readonly Type DiskServiceType = Disk.FieldType;
    static readonly PropertyInfo Queue = DiskServiceType.GetProperty("Queue") ?? throw Unknown("DiskService.Queue");
    static readonly Type QueueType = Queue.PropertyType.GetGenericArguments()[0];
    static readonly FieldInfo IsEmpty = Field(QueueType, "_queueIsEmpty");
    static readonly FieldInfo Failure = Field(QueueType, "_exception");
    static readonly PropertyInfo IsValueCreated = Queue.PropertyType.GetProperty(nameof(Lazy<object>.IsValueCreated)) ?? throw Unknown("Lazy.IsValueCreated");
    static readonly PropertyInfo Value = Queue.PropertyType.GetProperty(nameof(Lazy<object>.Value)) ?? throw Unknown("Lazy.Value");

    /// <summary>How often a wait looks whether the writer stopped on an error (its idle signal is then never set).</summary>
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    readonly LiteEngine engine;
    object? queue;
    ManualResetEventSlim? isEmpty;

    LogWriterQueue(LiteEngine engine) => this.engine = engine;

    /// <summary>The queue of <paramref name="engine"/>; throws, naming what is missing, on a LiteDB other than 5.0.20's shape.</summary>
    public static LogWriterQueue Of(LiteEngine engine) => new(engine);

    /// <summary>
    /// Returns once every page queued so far is written to the log (at once when the writer ran inline, as it usually
    /// does); throws the writer's error, or <paramref name="closedBy"/>'s, when it stopped on one before writing them.
    /// </summary>
    public void WaitUntilWritten(Func<Exception?> closedBy)
    {
        if (Signal() is not { } idle) return;
        while (!idle.Wait(Poll))
        {
            if (Failure.GetValue(queue) is Exception failed) throw failed;
            if (closedBy() is { } closed) throw closed;
        }
    }

    /// <summary>The writer's idle signal, once LiteDB has made its queue (at the first write to the log).</summary>
    ManualResetEventSlim? Signal()
    {
        if (isEmpty is not null) return isEmpty;
        if (Disk.GetValue(engine) is not { } disk || Queue.GetValue(disk) is not { } lazy) return null;
        if (!(bool)(IsValueCreated.GetValue(lazy) ?? false)) return null;
        var made = Value.GetValue(lazy);
        var signal = (ManualResetEventSlim?)IsEmpty.GetValue(made);
        queue = made;
        isEmpty = signal;
        return signal;
    }

    static FieldInfo Field(Type type, string name) => type.GetField(name, Private) ?? throw Unknown($"{type.Name}.{name}");

    static InvalidOperationException Unknown(string member) => new(
        $"This LiteDB has no {member}: HitBot waits for LiteDB 5.0.20's log writer through it, so that a commit is on disk when it returns. Use LiteDB 5.0.20.");
}
