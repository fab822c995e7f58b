using HitBot.Core.Loops;

namespace HitBot.Core.Messaging;

/// <summary>
/// What a background pass over the roster (Slack's linker, Teams' proactive installer) has done: passes finished, and
/// until when a platform's throttling holds it back. For tests and the start-up log.
/// </summary>
public abstract class RosterPassProgress(string what) : ProgressSignal(what)
{
    readonly Lock gate = new();
    int passes;
    DateTimeOffset? pausedUntil;

    /// <summary>Passes over the roster completed (or stopped early by a failure) since start.</summary>
    public int Passes => Volatile.Read(ref passes);

    /// <summary>While the platform's rate limit holds the pass back: until when. Null otherwise.</summary>
    public DateTimeOffset? PausedUntil { get { lock (gate) return pausedUntil; } }

    public void PassFinished()
    {
        Interlocked.Increment(ref passes);
        Announce();
    }

    public void Paused(DateTimeOffset until)
    {
        lock (gate) pausedUntil = until;
        Announce();
    }

    public void Resumed()
    {
        lock (gate) pausedUntil = null;
    }
}
