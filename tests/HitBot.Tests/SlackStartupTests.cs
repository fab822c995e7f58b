using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

public sealed class SlackStartupTests
{
    [Fact]
    public async Task A_bot_token_slack_refuses_stops_the_start_with_a_message_naming_the_setting()
    {
        await using var fake = await FakeSlackApi.StartAsync();
        fake.FailNext("auth.test", "invalid_auth");
        using var app = new HitBotApp(SlackTestApp.Settings(fake));

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var message = error.ToString();
        Assert.Contains("HitBot:Slack:BotToken", message, StringComparison.Ordinal);
        Assert.Contains("invalid_auth", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("xoxp-1234-5678-user-token")]
    [InlineData("xapp-1-A0123-app-level-token")]
    public async Task A_token_that_is_not_a_bot_token_stops_the_start_with_a_message_naming_the_setting(string token)
    {
        await using var fake = await FakeSlackApi.StartAsync();
        var settings = SlackTestApp.Settings(fake);
        settings["HitBot:Slack:BotToken"] = token;
        using var app = new HitBotApp(settings);

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var message = error.ToString();
        Assert.Contains("HitBot:Slack:BotToken must be the Bot User OAuth Token, which starts with xoxb-", message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slack_that_is_busy_at_start_does_not_stop_the_bot()
    {
        await using var fake = await FakeSlackApi.StartAsync();
        fake.RateLimitNext("auth.test", 30);
        using var app = new HitBotApp(SlackTestApp.Settings(fake));

        var response = await app.CreateClient().GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.True(response.IsSuccessStatusCode);
    }

    [Fact]
    public async Task A_slack_that_cannot_be_reached_at_start_does_not_stop_the_bot()
    {
        await using var fake = await FakeSlackApi.StartAsync();
        var settings = SlackTestApp.Settings(fake);
        // Port 1 on the loopback refuses connections at once: Slack is down, not slow.
        settings["HitBot:Slack:ApiBaseUrl"] = "http://127.0.0.1:1/api/";
        using var app = new HitBotApp(settings);

        var response = await app.CreateClient().GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.True(response.IsSuccessStatusCode);
    }
}
