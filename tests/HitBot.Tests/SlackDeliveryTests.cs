using System.Text.Json.Nodes;
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

    [Theory]
    [InlineData("restricted_action")]
    [InlineData("ekm_access_denied")]
    public async Task A_refusal_slack_will_repeat_every_time_is_given_up_at_once_and_says_why(string code)
    {
        await using var slack = await SlackTestApp.StartAsync();
        slack.Slack.FailNext("chat.postMessage", code);

        // Taken and stored before the 200: a CI run once waited below for a send that never came, and this says whether it was.
        var posted = await slack.Client.SendAsync(SlackRequests.Event(SlackRequests.DirectMessage("Ev-" + code, "U1", "help"), slack.Now), Ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, posted.StatusCode);
        await slack.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);
        await slack.DispatcherSettledAsync(Ct);

        // It was "Slack had a problem", retried for minutes as a network failure, and only then given up.
        var reply = Assert.Single(slack.App.Get<OutboxStore>().ForCampaign("reply"));
        Assert.Equal(DeliveryState.Dead, reply.State);
        Assert.Equal(1, reply.Attempts);
        Assert.Equal(FailureClasses.Rejected, reply.FailureClass);
        Assert.Contains(code, reply.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("retrying", reply.LastError, StringComparison.Ordinal);
    }

    /// <summary>
    /// A refusal for every message that only a Slack admin can lift: the reason under the update says so, and a token with
    /// no access to the workspace counts as HitBot's credentials (monitoring says so), not as this one message.
    /// </summary>
    [Theory]
    [InlineData("ekm_access_denied", "ask your Slack admin", FailureClasses.Rejected)]
    [InlineData("team_access_not_granted", "a Slack org admin must add the app", FailureClasses.ExpiredCredentials)]
    public async Task A_refusal_a_Slack_admin_must_lift_says_who_can_lift_it(string code, string words, string failureClass)
    {
        await using var slack = await SlackTestApp.StartAsync();
        slack.Slack.FailNext("chat.postMessage", code);

        await slack.Client.SendAsync(SlackRequests.Event(SlackRequests.DirectMessage("Ev-" + code, "U1", "help"), slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);
        await slack.DispatcherSettledAsync(Ct);

        var reply = Assert.Single(slack.App.Get<OutboxStore>().ForCampaign("reply"));
        Assert.Equal(DeliveryState.Dead, reply.State);
        Assert.Equal(failureClass, reply.FailureClass);
        Assert.Contains(words, reply.LastError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("internal_error")]
    [InlineData("fatal_error")]
    [InlineData("service_unavailable")]
    [InlineData("request_timeout")]
    public async Task A_slack_side_failure_is_tried_again(string code)
    {
        await using var slack = await SlackTestApp.StartAsync();
        slack.Slack.FailNext("chat.postMessage", code);

        await slack.Client.SendAsync(SlackRequests.Event(SlackRequests.DirectMessage("Ev-" + code, "U1", "help"), slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);
        await slack.DispatcherSettledAsync(Ct);

        var reply = Assert.Single(slack.App.Get<OutboxStore>().ForCampaign("reply"));
        Assert.Equal(DeliveryState.Failed, reply.State);
        Assert.Contains("retrying at", reply.LastError, StringComparison.Ordinal);
    }

    /// <summary>
    /// A Slack admin removed the app on Friday evening with Monday's update queued for three tutors. The messages are not
    /// given up one by one, and Slack is not asked again for each of them: they wait, one is tried every few minutes, and
    /// all go out once the app is back with a working token.
    /// </summary>
    [Fact]
    public async Task Messages_queued_when_the_Slack_app_is_removed_wait_and_go_out_once_Slack_takes_them_again()
    {
        await using var slack = await SlackTestApp.StartAsync();
        var outbox = slack.App.Get<OutboxStore>();
        var progress = slack.App.Get<DispatcherProgress>();
        var removed = SlackRequests.EventCallback("EvGone", new JsonObject { ["type"] = "app_uninstalled" });
        await slack.Client.SendAsync(SlackRequests.Event(removed, slack.Now), Ct);
        slack.Slack.FailNext("chat.postMessage", "token_revoked");
        string[] tutors = ["U1AMY", "U2BEN", "U3CAL"];
        foreach (var user in tutors)
            outbox.TryEnqueue(Delivery.Send("monday:" + user, "monday", null,
                new ChannelAddress { Channel = ChannelKind.Slack, TeamId = FakeSlackApi.TeamId, UserId = user, ConversationId = "D" + user },
                Message.Text("Monday's update"), slack.Now));
        await progress.WaitForAsync(() => tutors.All(u => outbox.Find("monday:" + u)?.State == DeliveryState.Failed), TimeSpan.FromSeconds(30), Ct);
        await slack.DispatcherSettledAsync(Ct);
        var waiting = tutors.Select(u => outbox.Find("monday:" + u)).ToList();
        var triedWhileRemoved = slack.Slack.CallsTo("chat.postMessage").Count;

        slack.App.Time.Advance(TimeSpan.FromMinutes(5));
        await progress.WaitForAsync(() => tutors.Any(u => outbox.Find("monday:" + u)?.State == DeliveryState.Sent), TimeSpan.FromSeconds(30), Ct);
        await slack.DispatcherSettledAsync(Ct);
        slack.App.Time.Advance(TimeSpan.FromMinutes(5));
        await progress.WaitForAsync(() => tutors.All(u => outbox.Find("monday:" + u)?.State == DeliveryState.Sent), TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(1, triedWhileRemoved);
        Assert.All(waiting, d =>
        {
            Assert.Equal((FailureClasses.ExpiredCredentials, 0), (d?.FailureClass, d?.Attempts));
            Assert.Contains("install the app again", d?.LastError, StringComparison.Ordinal);
        });
        Assert.Equal(4, slack.Slack.CallsTo("chat.postMessage").Count);
    }
}
