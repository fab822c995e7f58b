using Microsoft.Extensions.Hosting;

namespace HitBot.Core.Loops;

/// <summary>
/// A background loop that looks for due work, then sleeps until the next thing falls due (at most <see cref="Poll"/>),
/// woken early by its signal. The update scheduler, the action-plan reminders and the survey runner are all one of these.
/// </summary>
public abstract class TimedLoop(WakeSignal signal, LoopProgress progress, TimeProvider time) : BackgroundService
{
    protected TimeProvider Time { get; } = time;

    /// <summary>Work also changes without a signal (a restore, another process's import): look at least this often.</summary>
    protected abstract TimeSpan Poll { get; }

    /// <summary>Does what is due at <paramref name="now"/>; returns when the next thing falls due, or null for "nothing known".</summary>
    protected abstract DateTimeOffset? LookAt(DateTimeOffset now);

    /// <summary>A look threw: log it. What was due stays due and is tried again at the next poll.</summary>
    protected abstract void LookFailed(Exception e);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = Time.GetUtcNow();
                DateTimeOffset? next = null;
                try
                {
                    next = LookAt(now);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LookFailed(e);
                }
                // Something still due now failed just above: it waits for the poll, never a tight loop.
                var nextLook = next is { } due && due > now && due - now < Poll ? due : now + Poll;
                // The wait ends at that moment on the clock as it is when the wait is armed, so a slow look (or a test's
                // clock moving meanwhile) does not make the loop sleep past what falls due; when that moment has already
                // passed, it looks again at once.
                var woken = signal.WaitUntilAsync(nextLook, Time, stoppingToken);
                // Announced after the wait is armed: a test that moves its fake clock on seeing this always wakes the loop.
                progress.Settled(now);
                await woken;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping; the next start picks up what is due.
        }
    }
}
