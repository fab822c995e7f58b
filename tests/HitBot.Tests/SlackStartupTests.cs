using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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

    /// <summary>
    /// The token is checked before any part of HitBot starts. Checked after, the start had already opened the outbox and
    /// the reminder loops, and the log's last lines were their errors on the closing database, not the token's one line.
    /// </summary>
    [Fact]
    public async Task A_bot_token_slack_refuses_stops_the_start_before_any_part_of_HitBot_has_run()
    {
        await using var fake = await FakeSlackApi.StartAsync();
        fake.FailNext("auth.test", "invalid_auth");
        var startup = new StartupLogTests.StartupLines();
        using var app = new HitBotApp(SlackTestApp.Settings(fake)) { TestServices = s => s.AddSingleton<ILoggerProvider>(startup) };

        Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Empty(startup.Lines);
    }

    /// <summary>
    /// A district on both chats whose Slack token was revoked: HitBot starts for Teams' people and the dashboard (a stop cut
    /// them off too), /readyz is degraded naming Slack, and the coordinator's overview says Slack refuses HitBot.
    /// </summary>
    [Fact]
    public async Task With_Teams_on_too_a_bot_token_Slack_refuses_starts_HitBot_for_Teams_and_says_Slack_refuses_it()
    {
        await using var fake = await FakeSlackApi.StartAsync();
        fake.FailNext("auth.test", "invalid_auth");
        await using var teams = await TeamsTestApp.StartWithAuthAsync(settings: SlackTestApp.Settings(fake));

        var ready = await teams.App.CreateClient().GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);
        var overview = await teams.App.CreateAdminClient().GetFromJsonAsync<JsonObject>(new Uri("/api/admin/overview", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var health = await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("\"degraded\"", health, StringComparison.Ordinal);
        Assert.Contains("HitBot:Slack:BotToken", health, StringComparison.Ordinal);
        Assert.Equal(("connected", "refused"), ((string?)overview!["chats"]!["teams"], (string?)overview["chats"]!["slack"]));
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
