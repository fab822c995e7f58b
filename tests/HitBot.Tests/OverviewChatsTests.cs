using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>A coordinator's first page says which chats HitBot is connected to: with none, nobody can be reached.</summary>
public sealed class OverviewChatsTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static async Task<JsonObject> ChatsAsync(HitBotApp app) =>
        (await app.CreateAdminClient().GetFromJsonAsync<JsonObject>(new Uri("/api/admin/overview", UriKind.Relative), Ct))!["chats"]!.AsObject();

    [Fact]
    public async Task On_a_fresh_install_the_overview_says_neither_Teams_nor_Slack_is_connected()
    {
        using var app = new HitBotApp(new() { ["HitBot:Teams:Emulator"] = "false" });

        var chats = await ChatsAsync(app);

        Assert.Equal(("off", "off"), ((string?)chats["teams"], (string?)chats["slack"]));
    }

    [Fact]
    public async Task Teams_in_emulator_mode_is_not_called_connected()
    {
        using var app = new HitBotApp(new() { ["HitBot:Teams:Emulator"] = "true" });

        var chats = await ChatsAsync(app);

        Assert.Equal(("emulator", "off"), ((string?)chats["teams"], (string?)chats["slack"]));
    }

    [Fact]
    public async Task With_the_Slack_secrets_set_the_overview_says_Slack_is_connected()
    {
        await using var slack = await SlackTestApp.StartAsync(extraSettings: new() { ["HitBot:Teams:Emulator"] = "false" });

        var chats = await ChatsAsync(slack.App);

        Assert.Equal(("off", "connected"), ((string?)chats["teams"], (string?)chats["slack"]));
    }

    [Fact]
    public async Task With_a_Teams_app_id_the_overview_says_Teams_is_connected()
    {
        await using var teams = await TeamsTestApp.StartWithAuthAsync();

        var chats = await ChatsAsync(teams.App);

        Assert.Equal(("connected", "off"), ((string?)chats["teams"], (string?)chats["slack"]));
    }
}
