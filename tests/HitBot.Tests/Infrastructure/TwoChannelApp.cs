using HitBot.Core.Messaging;

namespace HitBot.Tests.Infrastructure;

/// <summary>
/// HitBot with both channels on: Teams against a local Bot Connector stand-in and Slack against a local Web API stand-in,
/// paced fast and stopping at once, for tests where one feature is used from both platforms.
/// </summary>
sealed class TwoChannelApp : IAsyncDisposable
{
    TwoChannelApp(FakeSlackApi slack, TeamsTestApp teams) => (Slack, Teams) = (slack, teams);

    public FakeSlackApi Slack { get; }
    public TeamsTestApp Teams { get; }

    public static async Task<TwoChannelApp> StartAsync(
        bool realPort = false, Dictionary<string, string?>? more = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var slack = await FakeSlackApi.StartAsync();
        var settings = SlackTestApp.Settings(slack);
        settings["HitBot:Slack:SendsPerSecond"] = "1000";
        settings["HitBot:Dispatcher:ShutdownGrace"] = "00:00:00";
        foreach (var (key, value) in more ?? []) settings[key] = value;
        return new TwoChannelApp(slack, await TeamsTestApp.StartAsync(settings, services, realPort: realPort));
    }

    /// <summary>A Teams user's address as HitBot stores it after install (1:1 chat on the stand-in connector).</summary>
    public ChannelAddress TeamsAddress(string userId) => new()
    {
        Channel = ChannelKind.Teams, UserId = userId, ConversationId = FakeBotConnector.ConversationFor(userId),
        ServiceUrl = Teams.Connector.ServiceUrl, TenantId = TeamsActivities.TenantId, BotId = TeamsActivities.BotId,
    };

    /// <summary>A Slack user's address with their DM channel ("D" + user id on the stand-in).</summary>
    public static ChannelAddress SlackAddress(string userId) => new()
    {
        Channel = ChannelKind.Slack, TeamId = FakeSlackApi.TeamId, UserId = userId, ConversationId = "D" + userId,
    };

    public async ValueTask DisposeAsync()
    {
        await Teams.DisposeAsync();
        await Slack.DisposeAsync();
    }
}
