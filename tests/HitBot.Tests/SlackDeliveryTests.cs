using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

public sealed class SlackDeliveryTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reply_slack_throttles_is_sent_again_after_the_time_slack_asked_for()
    {
        await using var slack = await SlackTestApp.StartAsync();
        slack.Slack.RateLimitNext("chat.postMessage", 30);
        var start = slack.Now;

        await slack.Client.SendAsync(SlackRequests.Event(SlackRequests.DirectMessage("Ev-429", "U1", "help"), slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);
        await slack.DispatcherSettledAsync(Ct);
        var waiting = Assert.Single(slack.App.Get<OutboxStore>().ForCampaign("reply"));
        slack.App.Time.Advance(TimeSpan.FromSeconds(30));
        await slack.Slack.WaitForAsync(calls => calls.Count(c => c.Method == "chat.postMessage") == 2, Ct);
        await slack.DispatcherSettledAsync(Ct);

        Assert.Equal(DeliveryState.Failed, waiting.State);
        Assert.Equal((start + TimeSpan.FromSeconds(30)).UtcDateTime, waiting.DueAt.ToUniversalTime());
        Assert.Contains("ratelimited", waiting.LastError, StringComparison.Ordinal);
        var sent = Assert.Single(slack.App.Get<OutboxStore>().ForCampaign("reply"));
        Assert.Equal(DeliveryState.Sent, sent.State);
        Assert.Equal("DU1", sent.SentConversationId);
    }
}
