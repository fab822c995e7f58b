using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Messaging;

/// <summary>The "HitBot" meter and activity source as an OpenTelemetry exporter would see them (listened to in-process).</summary>
public sealed class DeliveryTelemetryTests : IAsyncDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-03-02T14:00:00Z", CultureInfo.InvariantCulture));
    readonly RecordingChannel teams = new();
    // No ":" in it: the span names the campaign's first part only, which here is this test's own.
    readonly string campaign = "telemetry-" + Guid.NewGuid().ToString("N");
    readonly DispatcherUnderTest dispatcher;
    readonly MeterListener meters = new();
    readonly ActivityListener traces;
    readonly ConcurrentBag<(string Instrument, double Value, Dictionary<string, string?> Tags)> measured = [];
    readonly ConcurrentBag<Activity> activities = [];

    public DeliveryTelemetryTests()
    {
        dispatcher = new DispatcherUnderTest(temp.Db, time, new DispatcherOptions(), teams);
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == HitBotTelemetry.Name) listener.EnableMeasurementEvents(instrument);
        };
        meters.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        meters.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        meters.Start();
        traces = new ActivityListener
        {
            ShouldListenTo = s => s.Name == HitBotTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(traces);
    }

    void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string?>();
        foreach (var tag in tags) copy[tag.Key] = tag.Value?.ToString();
        measured.Add((instrument.Name, value, copy));
    }

    double Sum(string instrument, string channel, string outcome) => measured
        .Where(m => m.Instrument == instrument && m.Tags["channel"] == channel && m.Tags["outcome"] == outcome).Sum(m => m.Value);

    Delivery To(string person, ChannelKind channel) => Delivery.Send(
        $"{campaign}:{person}", campaign, null,
        new ChannelAddress { Channel = channel, UserId = "29:" + person, ConversationId = "a:" + person },
        Message.Text($"Hello {person}"), time.GetUtcNow());

    [Fact]
    public async Task Deliveries_are_counted_by_channel_as_queued_sent_and_dead_with_the_send_time_and_a_trace_each()
    {
        dispatcher.Outbox.EnqueueMany([To("maya", ChannelKind.Teams), To("sam", ChannelKind.Teams)]);
        dispatcher.Outbox.TryEnqueue(To("ana", ChannelKind.Slack));

        await dispatcher.StartAsync();
        await dispatcher.IdleAsync();

        // Other tests in this process send too: what this one did is at least in the sums.
        Assert.True(Sum("hitbot.deliveries", "teams", "queued") >= 2);
        Assert.True(Sum("hitbot.deliveries", "slack", "queued") >= 1);
        Assert.True(Sum("hitbot.deliveries", "teams", "sent") >= 2);
        Assert.True(Sum("hitbot.deliveries", "slack", "dead") >= 1);
        Assert.Contains(measured, m => m.Instrument == "hitbot.dispatch.duration" && m.Tags["channel"] == "teams" && m.Tags["outcome"] == "sent");
        var mine = activities.Where(a => (string?)a.GetTagItem("hitbot.campaign") == campaign).ToList();
        Assert.Equal(3, mine.Count);
        Assert.All(mine, a => Assert.Equal("hitbot.deliver", a.OperationName));
        Assert.Equal(ActivityStatusCode.Error, mine.Single(a => (string?)a.GetTagItem("hitbot.channel") == "slack").Status);
    }

    public async ValueTask DisposeAsync()
    {
        meters.Dispose();
        traces.Dispose();
        await dispatcher.DisposeAsync();
        temp.Dispose();
    }
}
