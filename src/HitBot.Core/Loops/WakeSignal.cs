namespace HitBot.Core.Loops;

/// <summary>Wakes one background loop when there is work, so it starts at once instead of at its next poll.</summary>
/// <remarks>
/// One pending wake-up, kept as a completed task until the loop's next wait takes it. It was a SemaphoreSlim(0, 1) waited
/// on with a cancellable WaitAsync: a wait that ended on its timer left its waiter queued in the semaphore until a
/// thread-pool continuation removed it, and a Notify in that moment went to the abandoned waiter. The wake-up was lost,
/// so the dispatcher slept a whole poll with a finished send unnoticed (on a busy machine, a test's fake clock never moved
/// and it hung to its guard).
/// </remarks>
public class WakeSignal : IDisposable
{
    TaskCompletionSource pending = NewPending();

    static TaskCompletionSource NewPending() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public virtual void Notify() =>
        // One pending wake-up is enough: the loop takes all the work there is when it wakes.
        Volatile.Read(ref pending).TrySetResult();

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
        var woken = Volatile.Read(ref pending);
        if (!woken.Task.IsCompleted)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var left = until - time.GetUtcNow();
            var delay = Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero, time, timeout.Token);
            if (delay.IsCompleted || time.GetUtcNow() >= until)
            {
                await timeout.CancelAsync();
                ct.ThrowIfCancellationRequested();
                return;
            }
            await Task.WhenAny(delay, woken.Task);
            await timeout.CancelAsync();
            ct.ThrowIfCancellationRequested();
        }
        // Taken before the loop looks for work: a Notify from now on is a new wake-up for the next wait.
        if (woken.Task.IsCompleted) Interlocked.CompareExchange(ref pending, NewPending(), woken);
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        // Nothing to release: the pending wake-up is a task.
    }
}
