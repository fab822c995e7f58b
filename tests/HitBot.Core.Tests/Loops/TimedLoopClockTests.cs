using HitBot.Core.Loops;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Loops;

/// <summary>
/// The scheduler, the reminders and the survey runner wait for a moment on the clock. A test moves its fake clock an hour
/// at a time and waits for the loop to look at the new time; when the clock moved just as the loop armed its wait, the
/// timer counted its minute from the new time and the loop slept past the hour (a dashboard test hit its 60 s guard).
/// </summary>
public sealed class TimedLoopClockTests
{
    static readonly DateTimeOffset Monday = DateTimeOffset.Parse("2026-12-14T14:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_loop_whose_clock_moves_on_while_it_arms_its_wait_still_looks_at_the_new_time()
    {
        var time = new ClockMovedWhileArming(Monday, jump: TimeSpan.FromHours(1));
        var progress = new MinuteLoopProgress();
        using var signal = new WakeSignal();
        using var loop = new MinuteLoop(signal, progress, time);
        await loop.StartAsync(Ct);
        try
        {
            // The first look's wait is armed just as the clock moves an hour on (after the look, before the timer exists).
            await progress.WaitForAsync(() => progress.SettledAt >= Monday + TimeSpan.FromHours(1), TimeSpan.FromSeconds(30), Ct);
            Assert.Equal(Monday + TimeSpan.FromHours(1), loop.Looked[1]);
        }
        finally
        {
            await loop.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>A loop with nothing to do, looking every minute, that remembers when it looked.</summary>
    sealed class MinuteLoop(WakeSignal signal, LoopProgress progress, TimeProvider time) : TimedLoop(signal, progress, time)
    {
        public List<DateTimeOffset> Looked { get; } = [];
        protected override TimeSpan Poll => TimeSpan.FromMinutes(1);

        protected override DateTimeOffset? LookAt(DateTimeOffset now)
        {
            lock (Looked) Looked.Add(now);
            return null;
        }

        protected override void LookFailed(Exception e) => throw new InvalidOperationException("Nothing here fails.", e);
    }

    sealed class MinuteLoopProgress() : LoopProgress("test loop");

    /// <summary>A fake clock that a test moves on once, between the loop working out its wait and making the timer for it.</summary>
    sealed class ClockMovedWhileArming(DateTimeOffset start, TimeSpan jump) : FakeTimeProvider(start)
    {
        int moved;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (Interlocked.Exchange(ref moved, 1) == 0) Advance(jump);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
