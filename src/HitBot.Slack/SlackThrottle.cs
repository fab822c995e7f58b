using HitBot.Core.Loops;
using Microsoft.Extensions.Logging;

namespace HitBot.Slack;

/// <summary>
/// Background Slack calls that Slack throttled (429) wait here exactly as long as its Retry-After says and are made again
/// (protocols.md §7.3), a few times at most: nobody is waiting on a 3-s deadline in the background, and a launch day of
/// first messages and Home-tab visits is when Slack throttles. The wait is announced, for tests that move a fake clock.
/// </summary>
public sealed class SlackThrottle(TimeProvider time, ILogger<SlackThrottle> logger) : ProgressSignal("Slack throttling")
{
    /// <summary>Waits before giving up and letting the caller handle the throttled call as a failure.</summary>
    public const int MaxWaits = 3;
    /// <summary>Slack normally says how long to wait; without it, as SlackNet does, a second.</summary>
    static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(1);

    readonly Lock gate = new();
    DateTimeOffset? pausedUntil;

    /// <summary>While a call waits out Slack's Retry-After: until when. Null otherwise.</summary>
    public DateTimeOffset? PausedUntil { get { lock (gate) return pausedUntil; } }

    /// <summary>The call's result; a 429 waits and calls again, and past <see cref="MaxWaits"/> throws as Slack answered.</summary>
    public async Task<T> CallAsync<T>(string method, Func<Task<T>> call, CancellationToken ct)
    {
        for (var waits = 0; ; waits++)
        {
            try
            {
                return await call();
            }
            catch (SlackApiException e) when (e.IsRateLimit && waits < MaxWaits)
            {
                var wait = e.RetryAfter ?? DefaultWait;
                Log.Throttled(logger, method, wait);
                await WaitAsync(wait, ct);
            }
        }
    }

    async Task WaitAsync(TimeSpan wait, CancellationToken ct)
    {
        var waiting = Task.Delay(wait, time, ct);
        // Announced once the wait is armed, so a test that moves its fake clock on seeing it always ends the wait.
        lock (gate) pausedUntil = time.GetUtcNow() + wait;
        Announce();
        try
        {
            await waiting;
        }
        finally
        {
            lock (gate) pausedUntil = null;
        }
    }
}
