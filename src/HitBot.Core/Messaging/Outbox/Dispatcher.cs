using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HitBot.Core.Messaging.Outbox;

/// <summary>
/// Drains the outbox: claims due deliveries, sends at most <see cref="DispatcherOptions.Concurrency"/> at once
/// through their platform's <see cref="IChannel"/>, and records each outcome on the row (retries included); sent rows
/// are written in groups by its <see cref="SentRowWriter"/>, which lives as long as it does.
/// </summary>
/// <remarks>
/// Stopping ends the claiming, never a send in flight: a message that reached the platform cannot be taken back, and
/// cutting its send off would leave it delivered but not marked Sent, so the next start would send it again. In-flight
/// sends get <see cref="DispatcherOptions.ShutdownGrace"/> to finish; whatever still runs then is cancelled and queued
/// again uncounted, and the last sent rows are written before the dispatcher stops. A graceful stop mid fan-out
/// therefore leaves no claim behind, and a restart sends each person exactly one message. Only a hard crash, or a disk that
/// refuses the write, between a platform's answer and the commit of its row leaves the row Queued in the file (a claim is
/// never written); it is sent again at the next start, and that one message may arrive twice. Once a refused write has
/// closed the file no new send starts (<see cref="OutboxStore.FileClosed"/>), so only sends already under way can.
/// </remarks>
public sealed partial class Dispatcher(
    OutboxStore outbox,
    OutboxSignal signal,
    IEnumerable<IChannel> channels,
    IReachHook reach,
    DispatcherProgress progress,
    TimeProvider time,
    IOptions<DispatcherOptions> options,
    ILogger<Dispatcher> logger,
    MessageBudget? budget = null,
    ProgramClock? clock = null) : BackgroundService
{
    readonly Dictionary<ChannelKind, IChannel> channelsByKind = IndexByKind(channels);
    readonly DispatcherOptions settings = options.Value;
    readonly SentRowWriter sentRows = new(outbox);
    /// <summary>The last claim filled every free slot, so more rows are probably due.</summary>
    bool backlog;

    /// <summary>Sends whose platform call is over and which only wait for their sent row to be committed.</summary>
    int recording;

    int BatchSize => Math.Max(1, settings.Concurrency / 2);

    /// <summary>When this dispatcher started: a row whose time came before it waited out a stop (<see cref="MessageBudget.LateUntil"/>).</summary>
    DateTimeOffset startedAt = DateTimeOffset.MaxValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        startedAt = time.GetUtcNow();
        // One slot per send in flight; the loop claims only as many rows as there are free slots, so rows
        // are not held claimed while they wait for a turn.
        using var slots = new SemaphoreSlim(settings.Concurrency, settings.Concurrency);
        using var abortSends = new CancellationTokenSource();
        var writing = sentRows.RunAsync();
        await FinishInterruptedCancelsAsync();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
                await DispatchDueAsync(slots, abortSends.Token, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping: no more claims. What is in flight finishes below.
        }
        await DrainAsync(slots, abortSends);
        // Every send has freed its slot, so every sent row is written or failed: nothing more will come.
        sentRows.Complete();
        await writing;
    }

    /// <summary>
    /// Before the first claim, off the host's start-up path: a cancel a stopped HitBot left under way is finished. Its
    /// rows are dropped at their claim meanwhile, and still are if this fails, so a failure is logged, not fatal.
    /// </summary>
    async Task FinishInterruptedCancelsAsync()
    {
        try
        {
            var stopped = await Task.Run(outbox.FinishInterruptedCancels);
            if (stopped > 0) Log.InterruptedCancelsFinished(logger, stopped);
        }
        catch (Exception e)
        {
            Log.InterruptedCancelsFailed(logger, e);
        }
    }

    /// <summary>One pass: claim as many due rows as there are free slots and start them, or wait when none is due.</summary>
    async Task DispatchDueAsync(SemaphoreSlim slots, CancellationToken abort, CancellationToken stoppingToken)
    {
        await slots.WaitAsync(stoppingToken);
        var free = 1;
        while (free < settings.Concurrency && slots.Wait(0)) free++;
        // With a backlog, wait until half the slots are free and claim them in one go. A claim is no write any more, but
        // it reads past every row still in flight (they are due in the file until their outcome): one row per claim
        // allocated 170 KB per delivery against 90 KB in batches, and sent 2,800 a second against 4,000
        // (docs/benchmarks.md, claim batching). Only wait for slots that sends being recorded are about to free: a send
        // the platform holds (pacing for minutes, a call hanging to its timeout) must not stop the others while slots
        // are free (DispatcherStopTests hung on exactly that).
        while (backlog && free < BatchSize && free + Volatile.Read(ref recording) >= BatchSize && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(stoppingToken);
                free++;
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        if (stoppingToken.IsCancellationRequested)
        {
            slots.Release(free);
            return;
        }

        // Every slot free means every send has recorded its outcome, so the claim below sees all of them.
        var nothingInFlight = free == settings.Concurrency;
        var now = time.GetUtcNow();
        List<Delivery> claimed;
        DateTimeOffset? nextDue;
        try
        {
            claimed = outbox.ClaimDue(now, free);
            nextDue = claimed.Count == 0 ? outbox.NextDueAt(now) : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The database is unwell (disk full, file locked); nothing was claimed. Keep the loop alive and look again later.
            slots.Release(free);
            Log.OutboxUnreadable(logger, e, settings.PollInterval);
            await Task.Delay(settings.PollInterval, time, stoppingToken);
            return;
        }

        backlog = claimed.Count == free && free > 0;
        if (claimed.Count < free) slots.Release(free - claimed.Count);
        if (claimed.Count > 0)
        {
            progress.Working();
            // On the thread pool, so a channel that finishes synchronously does not hold up the loop.
            foreach (var delivery in claimed)
                _ = Task.Run(() => SendOneAsync(delivery, slots, abort, stoppingToken), CancellationToken.None);
            return;
        }

        // Nothing claimed but something due: with sends in flight those are their own rows (due in the file until their
        // outcome), so wait for a send to finish (it wakes the signal) instead of looking again at once, which spun the
        // loop hot for as long as a send took. With nothing in flight a row came due just now: claim it.
        if (nextDue <= now && nothingInFlight) return;
        // Until a moment on the clock, not for a span from the look: a claim that took a while (or a test's clock moved
        // meanwhile) must not push a retry's time later.
        var until = nextDue is { } due && due > now && due - now < settings.PollInterval ? due : now + settings.PollInterval;
        var woken = signal.WaitUntilAsync(until, time, stoppingToken);
        // Announced after the wait is armed: a test that moves its fake clock on seeing this always wakes the loop.
        if (nothingInFlight) progress.Settled(now);
        await woken;
    }

    async Task SendOneAsync(Delivery delivery, SemaphoreSlim slots, CancellationToken abort, CancellationToken stoppingToken)
    {
        try
        {
            await DeliverAsync(delivery, abort, stoppingToken);
        }
        catch (Exception e)
        {
            // Recording the outcome failed (the database, not the platform). The row stays claimed, so this process
            // does not send it again, and Queued in the file, so the next start does; one bad row must not stop the others.
            Log.OutcomeNotRecorded(logger, e, delivery.Id);
        }
        finally
        {
            progress.DeliveryFinished();
            slots.Release();
            // A failure may have made a row due sooner than the loop's current wait, so let it look again.
            signal.Notify();
        }
    }

    async Task DrainAsync(SemaphoreSlim slots, CancellationTokenSource abortSends)
    {
        var allFinished = TakeEverySlotAsync(slots);
        if (allFinished.IsCompleted)
        {
            progress.StopRequested();
            return;
        }

        Log.DispatcherStopping(logger, settings.ShutdownGrace);
        using var graceOver = new CancellationTokenSource();
        var grace = Task.Delay(settings.ShutdownGrace, time, graceOver.Token);
        // Announced once the grace timer is armed, for the same reason as Settled.
        progress.StopRequested();
        if (await Task.WhenAny(allFinished, grace) != allFinished)
        {
            Log.GraceExpired(logger, settings.ShutdownGrace);
            await abortSends.CancelAsync();
        }
        await graceOver.CancelAsync();
        await allFinished;
    }

    /// <summary>Completes when every send has released its slot, that is when nothing is in flight.</summary>
    async Task TakeEverySlotAsync(SemaphoreSlim slots)
    {
        for (var i = 0; i < settings.Concurrency; i++)
            await slots.WaitAsync(CancellationToken.None);
    }

    static Dictionary<ChannelKind, IChannel> IndexByKind(IEnumerable<IChannel> channels)
    {
        var byKind = new Dictionary<ChannelKind, IChannel>();
        foreach (var channel in channels)
            if (!byKind.TryAdd(channel.Kind, channel))
                throw new InvalidOperationException($"Two channels are registered for {channel.Kind}; register one IChannel per platform.");
        return byKind;
    }
}
