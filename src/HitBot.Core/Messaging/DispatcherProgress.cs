namespace HitBot.Core.Messaging;

/// <summary>What the dispatcher has done so far, announced as it happens so tests (and later the dashboard) wait without polling.</summary>
public sealed class DispatcherProgress
{
    readonly Lock gate = new();
    TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    long finished;
    DateTimeOffset? settledAt;
    bool stopping;

    /// <summary>Deliveries whose attempt is over and recorded (sent, failed, dead or put back).</summary>
    public long Finished => Interlocked.Read(ref finished);

    /// <summary>
    /// The time the dispatcher last looked at the outbox and found nothing due and nothing in flight; null while it works.
    /// Set only once its wait is armed, so moving a fake clock after seeing it always wakes the dispatcher.
    /// </summary>
    public DateTimeOffset? SettledAt { get { lock (gate) return settledAt; } }

    /// <summary>True once the host asked the dispatcher to stop and it is letting sends in flight finish.</summary>
    public bool Stopping { get { lock (gate) return stopping; } }

    /// <summary>
    /// Completes when <paramref name="condition"/> holds, checking it again each time the dispatcher reports something.
    /// <paramref name="timeout"/> is real time on purpose: it is only a guard against a test that would otherwise hang.
    /// </summary>
    /// <exception cref="TimeoutException">The condition still did not hold after <paramref name="timeout"/>.</exception>
    public async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, CancellationToken ct)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(ct);
        guard.CancelAfter(timeout);
        while (true)
        {
            // Take the signal before checking, so a report that lands between the check and the wait is not missed.
            var next = Volatile.Read(ref changed).Task;
            if (condition()) return;
            try
            {
                await next.WaitAsync(guard.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"The dispatcher did not reach the expected state within {timeout}.");
            }
        }
    }

    internal void DeliveryFinished()
    {
        Interlocked.Increment(ref finished);
        Announce();
    }

    internal void Working()
    {
        lock (gate) settledAt = null;
    }

    internal void Settled(DateTimeOffset lookedAt)
    {
        lock (gate) settledAt = lookedAt;
        Announce();
    }

    internal void StopRequested()
    {
        lock (gate)
        {
            stopping = true;
            settledAt = null;
        }
        Announce();
    }

    void Announce() =>
        Interlocked.Exchange(ref changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
