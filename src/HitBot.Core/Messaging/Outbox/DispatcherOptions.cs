using System.ComponentModel.DataAnnotations;

namespace HitBot.Core.Messaging.Outbox;

public sealed class DispatcherOptions
{
    public const string Section = "HitBot:Dispatcher";

    /// <summary>How many sends are in flight at once.</summary>
    [Range(1, 256, ErrorMessage = "HitBot:Dispatcher:Concurrency must be between 1 and 256.")]
    public int Concurrency { get; set; } = 16;

    /// <summary>
    /// Attempts before a delivery that keeps failing is marked Dead. Sixteen: the waits double from 2 s to the 15-minute
    /// cap (<see cref="RetryPolicy"/>), so a message outlasts about an hour and three quarters of Teams or Slack being
    /// down; with eight it was given up after four minutes, and a short outage on a Monday morning lost the newsletter.
    /// </summary>
    [Range(1, 50, ErrorMessage = "HitBot:Dispatcher:MaxAttempts must be between 1 and 50.")]
    public int MaxAttempts { get; set; } = 16;

    /// <summary>How often the outbox is checked when nothing wakes the dispatcher (retries coming due).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "HitBot:Dispatcher:PollInterval must be between 00:00:01 and 00:10:00.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a stopping host lets sends already in flight finish; under the host's 30 s shutdown timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:25", ErrorMessage = "HitBot:Dispatcher:ShutdownGrace must be between 00:00:00 and 00:00:25.")]
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);
}
