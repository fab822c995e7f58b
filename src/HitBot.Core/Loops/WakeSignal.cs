namespace HitBot.Core.Loops;

/// <summary>Wakes one background loop when there is work, so it starts at once instead of at its next poll.</summary>
public class WakeSignal : IDisposable
{
    readonly SemaphoreSlim signal = new(0, 1);

    public virtual void Notify()
    {
        // One pending wake-up is enough: the loop takes all the work there is when it wakes.
        if (signal.CurrentCount == 0)
        {
            try { signal.Release(); }
            catch (SemaphoreFullException) { /* another thread released first; the wake-up is pending either way */ }
        }
    }

    /// <summary>Waits for a notification or until <paramref name="max"/> has passed on <paramref name="time"/>.</summary>
    public Task WaitAsync(TimeSpan max, TimeProvider time, CancellationToken ct) => WaitUntilAsync(time.GetUtcNow() + max, time, ct);

    /// <summary>Waits for a notification or until <paramref name="time"/> reads <paramref name="until"/>.</summary>
    /// <remarks>
    /// A timer counts from the clock as it is when the timer is made, not when the wait was worked out. Had the clock
    /// moved past <paramref name="until"/> in between (a test's fake clock moved on while a loop was arming its wait), the
    /// timer would sleep a whole wait past the moment, and a test waiting for that look hit its guard: so the clock is
    /// read once more after the timer is made, and a moment already passed ends the wait at once.
    /// </remarks>
    public async Task WaitUntilAsync(DateTimeOffset until, TimeProvider time, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var left = until - time.GetUtcNow();
        var delay = Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero, time, timeout.Token);
        if (!delay.IsCompleted && time.GetUtcNow() >= until)
        {
            await timeout.CancelAsync();
            ct.ThrowIfCancellationRequested();
            return;
        }
        var woken = signal.WaitAsync(timeout.Token);
        await Task.WhenAny(delay, woken);
        await timeout.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing) signal.Dispose();
    }
}
