using HitBot.Core.Calendar;
using HitBot.Core.Directory;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Messaging;

/// <summary>A dispatcher over a real database with the real outbox and directory, driven by a fake clock.</summary>
public sealed class DispatcherUnderTest : IAsyncDisposable
{
    static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    readonly FakeTimeProvider time;
    bool started;

    public DispatcherUnderTest(HitBotDb db, FakeTimeProvider time, DispatcherOptions options, params IChannel[] channels)
        : this(db, time, options, programZone: null, channels)
    {
    }

    /// <summary>With the message budget of a program in <paramref name="programZone"/> (its daytime, people's own zones).</summary>
    public DispatcherUnderTest(HitBotDb db, FakeTimeProvider time, DispatcherOptions options, string? programZone, params IChannel[] channels)
    {
        this.time = time;
        Signal = new OutboxSignal();
        Outbox = new OutboxStore(db, Signal);
        People = new DirectoryStore(db);
        var people = new PeopleDirectory(People, time);
        var program = Options.Create(new ProgramOptions { TimeZone = programZone ?? "UTC" });
        var clock = new ProgramClock(time, program);
        Calendar = new ProgramCalendar(db, clock, time);
        var budget = programZone is null ? null : new MessageBudget(Outbox, clock, program, Calendar, zones: people);
        Dispatcher = new Dispatcher(Outbox, Signal, channels, new ReachFromDeliveries(people), Progress, time,
            Options.Create(options), NullLogger<Dispatcher>.Instance, budget: budget);
    }

    public OutboxSignal Signal { get; }
    public OutboxStore Outbox { get; }
    public DirectoryStore People { get; }
    /// <summary>The program calendar the budget asks (breaks, testing windows, holidays); empty until a test adds a pause.</summary>
    public ProgramCalendar Calendar { get; }
    public DispatcherProgress Progress { get; } = new();
    public Dispatcher Dispatcher { get; }

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public Task StartAsync()
    {
        started = true;
        return Dispatcher.StartAsync(Ct);
    }

    public async Task StopAsync()
    {
        started = false;
        await Dispatcher.StopAsync(Ct);
    }

    public Task WaitForAsync(Func<bool> condition) => Progress.WaitForAsync(condition, Guard, Ct);

    /// <summary>
    /// Until the dispatcher has looked at the outbox at the current fake time, found nothing due and nothing in flight,
    /// and armed its wait: after this, whatever the test sees is what the dispatcher did by now.
    /// </summary>
    public Task IdleAsync() => WaitForAsync(() =>
    {
        var now = time.GetUtcNow();
        return Progress.SettledAt >= now
               && !(Outbox.NextDueAt() <= now)
               && Outbox.CountByState()[DeliveryState.Sending] == 0;
    });

    public Delivery Row(string id) => Outbox.Find(id) ?? throw new InvalidOperationException($"No delivery {id}.");

    public async ValueTask DisposeAsync()
    {
        // A failed test can leave a send held; the fake clock never ends the grace, so give up on real time instead of hanging.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        if (started) await Dispatcher.StopAsync(guard.Token);
        Dispatcher.Dispose();
        Signal.Dispose();
    }
}
