namespace HitBot.Core.Messaging.Outbox;

/// <summary>How long a delivery waits after a failure the platform did not put a time on.</summary>
public static class RetryPolicy
{
    public static readonly TimeSpan Cap = TimeSpan.FromMinutes(15);
    const double JitterShare = 0.2;

    /// <summary>2^<paramref name="attempt"/> seconds, at most <see cref="Cap"/>, moved by up to ±20%.</summary>
    /// <param name="attempt">The attempt that just failed, counting from 1.</param>
    /// <param name="jitter">Between -1 and 1; random in production, so a fan-out that failed together does not retry together.</param>
    public static TimeSpan Backoff(int attempt, double jitter)
    {
        var seconds = Math.Min(Math.Pow(2, Math.Max(attempt, 0)), Cap.TotalSeconds);
        return TimeSpan.FromSeconds(seconds * (1 + JitterShare * Math.Clamp(jitter, -1, 1)));
    }
}
