using System.Globalization;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Messaging;

public sealed class DispatcherFailureTests : IAsyncDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-03-02T14:00:00Z", CultureInfo.InvariantCulture));
    readonly RecordingChannel teams = new();
    readonly string campaign = "newsletter:" + Guid.NewGuid().ToString("N");
    readonly DispatcherUnderTest dispatcher;

    public DispatcherFailureTests() => dispatcher = new DispatcherUnderTest(temp.Db, time, new DispatcherOptions { MaxAttempts = 4 }, teams);

    Delivery To(string person) => Delivery.Send(
        $"{campaign}:{person}", campaign, null,
        new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + person, ConversationId = "a:" + person },
        Message.Text($"Hello {person}"), time.GetUtcNow());

    Delivery Queued(Delivery delivery)
    {
        Assert.True(dispatcher.Outbox.TryEnqueue(delivery));
        return delivery;
    }

    [Fact]
    public async Task A_429_is_not_retried_before_its_Retry_After_and_is_sent_after()
    {
        teams.FailNext(RecordingChannel.TooManyRequests(TimeSpan.FromSeconds(30)));
        var delivery = Queued(To("maya"));
        await dispatcher.StartAsync();
        await dispatcher.IdleAsync();
        var throttled = dispatcher.Row(delivery.Id);

        time.Advance(TimeSpan.FromSeconds(29));
        await dispatcher.IdleAsync();
        var callsBefore = teams.Calls;
        time.Advance(TimeSpan.FromSeconds(1));
        await dispatcher.IdleAsync();

        Assert.Equal(DeliveryState.Failed, throttled.State);
        Assert.Equal("Teams answered 429 Too Many Requests; retrying at 2026-03-02 14:00:30 UTC", throttled.LastError);
        Assert.Equal(1, callsBefore);
        Assert.Equal(2, teams.Calls);
        Assert.Equal(DeliveryState.Sent, dispatcher.Row(delivery.Id).State);
        Assert.Single(teams.Sent);
    }

    [Fact]
    public async Task A_message_throttled_more_often_than_MaxAttempts_still_goes_once_the_platform_takes_it()
    {
        // A big send while Teams throttles the bot: every 429 says nothing was posted and when to come back.
        teams.FailNext(Enumerable.Range(0, 6).Select(_ => RecordingChannel.TooManyRequests(TimeSpan.FromSeconds(30))).ToArray());
        var delivery = Queued(To("maya"));
        await dispatcher.StartAsync();
        await dispatcher.IdleAsync();

        for (var retry = 1; retry <= 6; retry++)
        {
            time.Advance(TimeSpan.FromSeconds(30));
            await dispatcher.IdleAsync();
        }

        // It was given up after the fourth 429 ("gave up after 4 attempts"), and Maya never got it.
        var row = dispatcher.Row(delivery.Id);
        Assert.Equal(DeliveryState.Sent, row.State);
        Assert.Equal(7, teams.Calls);
        Assert.Single(teams.Sent);
    }

    [Fact]
    public async Task A_server_error_backs_off_and_is_retried()
    {
        teams.FailNext(RecordingChannel.ServerError());
        var delivery = Queued(To("maya"));
        var failedAt = time.GetUtcNow();
        await dispatcher.StartAsync();
        await dispatcher.IdleAsync();
        var failed = dispatcher.Row(delivery.Id);

        time.Advance(RetryPolicy.Backoff(1, jitter: 1));
        await dispatcher.IdleAsync();

        Assert.Equal(DeliveryState.Failed, failed.State);
        Assert.StartsWith("Teams answered 500 Internal Server Error; retrying at ", failed.LastError, StringComparison.Ordinal);
        var wait = new DateTimeOffset(failed.DueAt.ToUniversalTime()) - failedAt;
        Assert.InRange(wait, RetryPolicy.Backoff(1, jitter: -1), RetryPolicy.Backoff(1, jitter: 1));
        var sent = dispatcher.Row(delivery.Id);
        Assert.Equal((DeliveryState.Sent, 2), (sent.State, sent.Attempts));
        Assert.Equal(2, teams.Calls);
    }

    [Fact]
    public async Task A_403_is_dead_with_its_reason_and_never_retried()
    {
        teams.FailNext(RecordingChannel.Forbidden());
        var delivery = Queued(To("maya"));

        await dispatcher.StartAsync();
        await dispatcher.IdleAsync();
        time.Advance(TimeSpan.FromHours(2));
        await dispatcher.IdleAsync();

        var row = dispatcher.Row(delivery.Id);
        Assert.Equal(DeliveryState.Dead, row.State);
        Assert.Equal("Teams answered 403 Forbidden: the bot is not installed for this user", row.LastError);
        Assert.Equal(1, teams.Calls);
        Assert.Empty(teams.Sent);
    }

    [Fact]
    public async Task A_delivery_that_keeps_failing_is_dead_after_the_last_attempt()
    {
        teams.FailNext(Enumerable.Range(0, 4).Select(_ => RecordingChannel.ServerError()).ToArray());
        var delivery = Queued(To("maya"));
        await dispatcher.StartAsync();
        await dispatcher.IdleAsync();

        for (var attempt = 2; attempt <= 4; attempt++)
        {
            time.Advance(RetryPolicy.Cap * 1.2);
            await dispatcher.IdleAsync();
        }
        time.Advance(TimeSpan.FromDays(1));
        await dispatcher.IdleAsync();

        var row = dispatcher.Row(delivery.Id);
        Assert.Equal(DeliveryState.Dead, row.State);
        Assert.Equal("gave up after 4 attempts: Teams answered 500 Internal Server Error", row.LastError);
        Assert.Equal(4, teams.Calls);
    }

    [Fact]
    public async Task With_the_default_settings_a_message_outlasts_an_hour_of_Teams_being_down()
    {
        // Thirteen failed tries take more than an hour however the ±20% jitter falls (the waits double from 2 s to the
        // 15-minute cap): with the old default of eight tries the message was given up after about four minutes.
        await using var defaults = new DispatcherUnderTest(temp.Db, time, new DispatcherOptions(), teams);
        teams.FailNext([.. Enumerable.Range(0, 13).Select(_ => RecordingChannel.ServerError())]);
        var delivery = To("maya");
        Assert.True(defaults.Outbox.TryEnqueue(delivery));
        await defaults.StartAsync();
        await defaults.IdleAsync();

        for (var step = 0; step < 20; step++)
        {
            time.Advance(RetryPolicy.Cap * 1.2);
            await defaults.IdleAsync();
        }

        Assert.Equal(DeliveryState.Sent, defaults.Row(delivery.Id).State);
        Assert.Equal(14, teams.Calls);
        Assert.Single(teams.Sent);
    }

    [Fact]
    public async Task An_unexpected_exception_is_recorded_and_retried_like_a_server_error()
    {
        teams.FailNext(new HttpRequestException("Connection refused (smba.trafficmanager.net:443)"));
        var delivery = Queued(To("maya"));
        await dispatcher.StartAsync();
        await dispatcher.IdleAsync();
        var failed = dispatcher.Row(delivery.Id);

        time.Advance(RetryPolicy.Backoff(1, jitter: 1));
        await dispatcher.IdleAsync();

        Assert.Equal(DeliveryState.Failed, failed.State);
        Assert.StartsWith("HttpRequestException: Connection refused (smba.trafficmanager.net:443); retrying at ", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(DeliveryState.Sent, dispatcher.Row(delivery.Id).State);
    }

    [Fact]
    public async Task A_send_the_rate_limiter_holds_back_is_tried_a_second_later_without_using_an_attempt()
    {
        teams.RefusePacing(times: 1);
        var delivery = Queued(To("maya"));
        await dispatcher.StartAsync();
        await dispatcher.IdleAsync();
        var waiting = dispatcher.Row(delivery.Id);

        time.Advance(TimeSpan.FromSeconds(1));
        await dispatcher.IdleAsync();

        Assert.Equal((DeliveryState.Failed, 0), (waiting.State, waiting.Attempts));
        Assert.Equal("Waiting for the Teams rate limit; trying again at 2026-03-02 14:00:01 UTC", waiting.LastError);
        var sent = dispatcher.Row(delivery.Id);
        Assert.Equal((DeliveryState.Sent, 1), (sent.State, sent.Attempts));
    }

    public async ValueTask DisposeAsync()
    {
        await dispatcher.DisposeAsync();
        temp.Dispose();
    }
}
