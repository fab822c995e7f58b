namespace HitBot.Core.Messaging;

/// <summary>Wakes the dispatcher when something is queued, so a send starts at once instead of at the next poll.</summary>
public sealed class OutboxSignal : IDisposable
{
    readonly SemaphoreSlim signal = new(0, 1);

    public void Notify()
    {
        // One pending wake-up is enough: the dispatcher drains everything that is due when it wakes.
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

    public void Dispose() => signal.Dispose();
}
