using HitBot.Core.Loops;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace HitBot.Core.Storage;

public sealed class CheckpointSignal : WakeSignal;

/// <summary>What the checkpoint loop has done: how many checkpoints, and the longest, for the benchmark and the tests.</summary>
public sealed class CheckpointProgress() : LoopProgress("checkpoint loop")
{
    long count;
    long longestTicks;

    public long Checkpoints => Interlocked.Read(ref count);

    /// <summary>The longest checkpoint so far: every read and write of the process waited at most this long for one.</summary>
    public TimeSpan Longest => TimeSpan.FromTicks(Interlocked.Read(ref longestTicks));

    internal void Checkpointed(TimeSpan took)
    {
        Interlocked.Increment(ref count);
        long seen;
        while (took.Ticks > (seen = Interlocked.Read(ref longestTicks)) && Interlocked.CompareExchange(ref longestTicks, took.Ticks, seen) != seen) { }
    }
}

/// <summary>
/// Copies LiteDB's log into the data file when writes have gone quiet, or when the log has grown to
/// <see cref="BusyLogBytes"/> under constant load, instead of inside whichever request's commit crosses LiteDB's size.
/// </summary>
/// <remarks>
/// A checkpoint takes LiteDB's exclusive lock: every read and write of the process waits while it copies the log (tens
/// of milliseconds for a few MB here) and LiteDB's page cache is emptied after it. Left to LiteDB (every ~8 MB of log),
/// one landed every few seconds under load, inside a request's commit, and made the p99 of <c>POST /api/messages</c>
/// (docs/benchmarks.md, issue 16). Done here, it happens in a pause between bursts when there is one; under load that
/// never pauses it still happens, so the log stays bounded. It is tried only at a moment when no transaction is open
/// (<see cref="HitBotDb.TryCheckpoint"/>), and forced past <see cref="ForceLogBytes"/>. A clean stop checkpoints too
/// (LiteDB does at close).
/// </remarks>
public sealed class CheckpointLoop(HitBotDb db, CheckpointSignal signal, CheckpointProgress progress, TimeProvider time, ILogger<CheckpointLoop> logger)
    : TimedLoop(signal, progress, time)
{
    /// <summary>
    /// Under constant load, the log is checkpointed when it reaches this size (LiteDB's own default is ~8 MB). Small on
    /// purpose: a checkpoint holds every request for as long as it copies, so many short ones keep the slowest answers
    /// fast. Measured on <c>POST /api/messages</c> at 200 a second against the Bot Framework SDK in the same runs
    /// (docs/benchmarks.md, checkpoint size): p99 1.22–1.33× the SDK's at 512 KB (looked at every 100 ms), 1.77–2.13× at
    /// 2 MB (every 250 ms); 50 ms at 8 MB, 70–85 ms at 32 MB, 218 ms at 128 MB. The dispatcher did not slow down.
    /// </summary>
    public const long BusyLogBytes = 512L << 10;

    /// <summary>Past this size a checkpoint waits for open transactions instead of being tried again later.</summary>
    public const long ForceLogBytes = 128L << 20;

    /// <summary>A quiet log smaller than this is left alone: a checkpoint also empties the page cache, which costs the next reads.</summary>
    public const long QuietLogBytes = 256L << 10;

    /// <summary>
    /// How often the loop looks; "quiet" means nothing was committed since the last look. Often enough that at 200
    /// requests a second the log is caught near <see cref="BusyLogBytes"/>, not several times past it.
    /// </summary>
    internal static readonly TimeSpan Look = TimeSpan.FromMilliseconds(100);

    long flushesAtLastLook = -1;

    protected override TimeSpan Poll => Look;

    protected override DateTimeOffset? LookAt(DateTimeOffset now)
    {
        var flushes = db.LogFlushes;
        var quiet = flushes == flushesAtLastLook;
        flushesAtLastLook = flushes;
        var logBytes = db.LogBytes;
        if (logBytes < BusyLogBytes && !(quiet && logBytes >= QuietLogBytes)) return now + Look;
        var watch = Stopwatch.StartNew();
        // Soft first: it runs only at a moment with no transaction open, so it can never wait on a reader. The hard one
        // (which waits for readers) only when soft ones have kept missing and the log is four times its limit.
        var done = logBytes >= ForceLogBytes ? Checkpoint() : db.TryCheckpoint();
        if (done)
        {
            progress.Checkpointed(watch.Elapsed);
            Log.Checkpointed(logger, logBytes / 1024, watch.Elapsed.TotalMilliseconds, quiet);
        }
        flushesAtLastLook = db.LogFlushes;
        return now + Look;
    }

    bool Checkpoint()
    {
        db.Checkpoint();
        return true;
    }

    protected override void LookFailed(Exception e) => Log.CheckpointFailed(logger, e);
}
