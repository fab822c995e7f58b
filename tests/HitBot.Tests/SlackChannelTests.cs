using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Slack;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

public sealed class SlackChannelTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static readonly ChannelAddress Maya = new() { Channel = ChannelKind.Slack, TeamId = FakeSlackApi.TeamId, UserId = "U1MAYA" };

    [Fact]
    public async Task A_first_message_opens_the_dm_and_returns_the_channel_and_ts_to_update_it_later()
    {
        await using var slack = await SlackTestApp.StartAsync();

        var sent = await slack.App.Get<SlackChannel>().SendAsync(Maya, Message.Text("Hello *Maya*"), Ct);

        Assert.Equal("DU1MAYA", sent.ConversationId);
        Assert.StartsWith("1700000000.", sent.MessageId, StringComparison.Ordinal);
        Assert.Equal(["auth.test", "conversations.open", "chat.postMessage"], slack.Slack.Calls.Select(c => c.Method).ToList());
        Assert.Equal("U1MAYA", (string?)slack.Slack.CallsTo("conversations.open")[0].Json["users"]);
    }

    [Fact]
    public async Task A_known_dm_is_posted_to_directly()
    {
        await using var slack = await SlackTestApp.StartAsync();

        await slack.App.Get<SlackChannel>().SendAsync(Maya with { ConversationId = "D0KNOWN" }, Message.Text("Hi"), Ct);

        Assert.Empty(slack.Slack.CallsTo("conversations.open"));
        Assert.Equal("D0KNOWN", (string?)Assert.Single(slack.Slack.CallsTo("chat.postMessage")).Json["channel"]);
    }

    [Fact]
    public async Task Slack_asking_to_slow_down_is_a_retry_after_the_time_it_names()
    {
        await using var slack = await SlackTestApp.StartAsync();
        slack.Slack.RateLimitNext("chat.postMessage", 7);

        var error = await Assert.ThrowsAsync<DeliveryException>(() =>
            slack.App.Get<SlackChannel>().SendAsync(Maya with { ConversationId = "D1" }, Message.Text("Hi"), Ct));

        Assert.False(error.Permanent);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Equal(429, error.Status);
    }

    [Theory]
    [InlineData("channel_not_found")]
    [InlineData("account_inactive")]
    [InlineData("not_in_channel")]
    [InlineData("invalid_auth")]
    [InlineData("user_not_found")]
    public async Task An_error_that_will_not_go_away_is_permanent(string code)
    {
        await using var slack = await SlackTestApp.StartAsync();
        slack.Slack.FailNext("chat.postMessage", code);

        // The DM Slack would open again is this one, so channel_not_found is not a DM kept from an earlier install.
        var error = await Assert.ThrowsAsync<DeliveryException>(() =>
            slack.App.Get<SlackChannel>().SendAsync(Maya with { ConversationId = "DU1MAYA" }, Message.Text("Hi"), Ct));

        Assert.True(error.Permanent);
        Assert.Contains(code, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slack_internal_error_is_retried()
    {
        await using var slack = await SlackTestApp.StartAsync();
        slack.Slack.FailNext("chat.update", "internal_error");

        var error = await Assert.ThrowsAsync<DeliveryException>(() =>
            slack.App.Get<SlackChannel>().UpdateAsync(Maya, "D1", "1700000000.000001", Message.Text("Hi"), Ct));

        Assert.False(error.Permanent);
    }

    [Fact]
    public async Task A_roster_email_is_found_in_the_workspace_and_a_missing_one_is_null()
    {
        await using var slack = await SlackTestApp.StartAsync();
        slack.Slack.AddUser("U1MAYA", "maya@example.org", "America/Denver");
        var api = slack.App.Get<SlackWebApi>();

        var found = await api.LookupByEmailAsync("maya@example.org", Ct);
        var missing = await api.LookupByEmailAsync("nobody@example.org", Ct);

        Assert.Equal(("U1MAYA", "America/Denver"), (found?.Id, found?.TimeZone));
        Assert.Null(missing);
        Assert.Equal("maya@example.org", slack.Slack.CallsTo("users.lookupByEmail")[0].Form["email"]);
    }
}
