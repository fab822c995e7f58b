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
    public async Task WaitAsync(TimeSpan max, TimeProvider time, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var delay = Task.Delay(max, time, timeout.Token);
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
