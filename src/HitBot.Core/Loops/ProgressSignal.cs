namespace HitBot.Core.Loops;

/// <summary>
/// What a background loop has done so far, announced as it happens, so tests (and later the dashboard) wait for a state
/// without polling.
/// </summary>
public abstract class ProgressSignal(string what)
{
    TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes when <paramref name="condition"/> holds, checking it again each time the loop reports something.
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
                throw new TimeoutException($"The {what} did not reach the expected state within {timeout}.");
            }
        }
    }

    protected void Announce() =>
        Interlocked.Exchange(ref changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
