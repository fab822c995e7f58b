using HitBot.Core.Loops;

namespace HitBot.Core.Messaging;

/// <summary>
/// What a background pass over the roster (Slack's linker, Teams' proactive installer) has done: passes finished, when
/// the next one is due, and until when a platform's throttling holds it back. For tests and the start-up log.
/// </summary>
public abstract class RosterPassProgress(string what) : ProgressSignal(what)
{
    readonly Lock gate = new();
    int passes;
    DateTimeOffset? pausedUntil;
    DateTimeOffset? nextPassAt;

    /// <summary>Passes over the roster completed (or stopped early by a failure) since start.</summary>
    public int Passes => Volatile.Read(ref passes);

    /// <summary>While the loop waits between passes: when its next pass is due (sooner after a roster import). Null during a pass.</summary>
    public DateTimeOffset? NextPassAt { get { lock (gate) return nextPassAt; } }

    /// <summary>While the platform's rate limit holds the pass back: until when. Null otherwise.</summary>
    public DateTimeOffset? PausedUntil { get { lock (gate) return pausedUntil; } }

    public void PassStarted()
    {
        lock (gate) nextPassAt = null;
    }

    /// <summary>
    /// Called once the wait for the next pass is armed: a test that moves its fake clock on seeing this always ends that
    /// wait. Announced before it, a move that came first was counted again by the wait, and the next pass never came.
    /// </summary>
    public void PassFinished(DateTimeOffset nextPass)
    {
        lock (gate) nextPassAt = nextPass;
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
