using HitBot.Core.Loops;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Loops;

public sealed class WakeSignalTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// A wait that ended on its timer, then a Notify at once (a send finishing just as the dispatcher's poll came round):
    /// the next wait must end without the clock moving. The semaphore it was lost a wake-up to its abandoned waiter now
    /// and then, and the dispatcher slept a whole poll with the finished send unnoticed.
    /// </summary>
    [Fact]
    public async Task A_notify_right_after_a_wait_ended_on_its_timer_wakes_the_next_wait()
    {
        var time = new FakeTimeProvider();
        using var signal = new WakeSignal();
        for (var round = 0; round < 2000; round++)
        {
            var timedOut = signal.WaitAsync(TimeSpan.FromSeconds(5), time, Ct);
            time.Advance(TimeSpan.FromSeconds(5));
            await timedOut;
            signal.Notify();

            var next = signal.WaitAsync(TimeSpan.FromSeconds(5), time, Ct);

            // Only a hang guard: the wake-up is already there, so this wait ends without the clock moving.
            await next.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        }
    }

    [Fact]
    public async Task Notifications_before_a_wait_are_one_wake_up_and_the_wait_after_it_sleeps_until_its_time()
    {
        var time = new FakeTimeProvider();
        using var signal = new WakeSignal();
        signal.Notify();
        signal.Notify();

        await signal.WaitAsync(TimeSpan.FromSeconds(5), time, Ct);
        var second = signal.WaitAsync(TimeSpan.FromSeconds(5), time, Ct);

        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(5));
        await second.WaitAsync(TimeSpan.FromSeconds(30), Ct);
    }
}
