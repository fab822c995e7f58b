using System.Globalization;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Messaging;

public sealed class DispatcherStopTests : IDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-03-02T14:00:00Z", CultureInfo.InvariantCulture));
    readonly string campaign = "newsletter:" + Guid.NewGuid().ToString("N");

    IEnumerable<Delivery> FanOut(int people) => Enumerable.Range(0, people).Select(i => Delivery.Send(
        $"{campaign}:tutor-{i}", campaign, null,
        new ChannelAddress { Channel = ChannelKind.Teams, UserId = $"29:tutor-{i}", ConversationId = $"a:tutor-{i}" },
        Message.Text("This week's newsletter"), time.GetUtcNow()));

    [Fact]
    public async Task Stopping_mid_fan_out_and_starting_again_sends_every_person_exactly_one_message()
    {
        var channel = new RecordingChannel();
        channel.HoldCallsAfter(100);
        var options = new DispatcherOptions { Concurrency = 8 };
        var first = new DispatcherUnderTest(temp.Db, time, options, channel);
        first.Outbox.EnqueueMany(FanOut(500));
        await first.StartAsync();
        await channel.HeldAsync(8);

        var stopping = first.StopAsync();
        await first.WaitForAsync(() => first.Progress.Stopping);
        channel.ReleaseHeld();
        await stopping;
        var afterStop = first.Outbox.CountByState();
        await first.DisposeAsync();
        await using var second = new DispatcherUnderTest(temp.Reopen(), time, options, channel);
        await second.StartAsync();
        await second.IdleAsync();

        Assert.Equal((108, 0, 392), (afterStop[DeliveryState.Sent], afterStop[DeliveryState.Sending], afterStop[DeliveryState.Queued]));
        Assert.Equal(500, second.Outbox.CountByState()[DeliveryState.Sent]);
        var sendsPerPerson = channel.Sent.GroupBy(s => s.To.UserId).Select(g => g.Count()).ToList();
        Assert.Equal(500, sendsPerPerson.Count);
        Assert.All(sendsPerPerson, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task A_send_still_running_when_the_grace_runs_out_is_cut_off_and_queued_again_without_using_an_attempt()
    {
        var channel = new RecordingChannel();
        channel.HoldCallsAfter(0);
        var options = new DispatcherOptions { Concurrency = 2, ShutdownGrace = TimeSpan.FromSeconds(10) };
        await using var dispatcher = new DispatcherUnderTest(temp.Db, time, options, channel);
        dispatcher.Outbox.EnqueueMany(FanOut(5));
        await dispatcher.StartAsync();
        await channel.HeldAsync(2);

        var stopping = dispatcher.StopAsync();
        await dispatcher.WaitForAsync(() => dispatcher.Progress.Stopping);
        time.Advance(TimeSpan.FromSeconds(10));
        await stopping;

        var rows = dispatcher.Outbox.ForCampaign(campaign);
        Assert.All(rows, row => Assert.Equal((DeliveryState.Queued, 0), (row.State, row.Attempts)));
        Assert.Equal(2, channel.Calls);
        Assert.Empty(channel.Sent);
    }

    public void Dispose() => temp.Dispose();
}
