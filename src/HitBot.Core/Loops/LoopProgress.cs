namespace HitBot.Core.Loops;

/// <summary>
/// What a timed background loop (scheduler, reminders, surveys) has done: when it last looked and how many looks so far,
/// announced once its next wait is armed, so tests move the fake clock only while the loop is waiting.
/// </summary>
public abstract class LoopProgress(string what) : ProgressSignal(what)
{
    readonly Lock gate = new();
    DateTimeOffset? settledAt;
    int looks;

    /// <summary>The time the loop last looked; set once its wait is armed.</summary>
    public DateTimeOffset? SettledAt { get { lock (gate) return settledAt; } }

    /// <summary>How many times the loop has looked and gone back to waiting, so a test can wait for the next look.</summary>
    public int Looks { get { lock (gate) return looks; } }

    internal void Settled(DateTimeOffset at)
    {
        lock (gate)
        {
            settledAt = at;
            looks++;
        }
        Announce();
    }
}
