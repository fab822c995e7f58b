using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
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

    /// <summary>
    /// A district on both chats whose Teams refuses HitBot (here its admin turned the app off; an expired secret is the same):
    /// every Teams send fails, so the coordinator's first page must not call Teams connected, and says since when.
    /// </summary>
    [Fact]
    public async Task A_chat_that_refuses_HitBot_is_shown_as_refused_since_the_first_refusal_and_the_other_as_connected()
    {
        await using var slackApi = await FakeSlackApi.StartAsync();
        await using var teams = await TeamsTestApp.StartWithAuthAsync(settings: SlackTestApp.Settings(slackApi));
        var (outbox, progress) = (teams.App.Get<OutboxStore>(), teams.App.Get<DispatcherProgress>());
        teams.Connector.DisabledByAdmin = true;
        var address = new ChannelAddress
        {
            Channel = ChannelKind.Teams, UserId = "29:maya", ConversationId = FakeBotConnector.ConversationFor("29:maya"),
            ServiceUrl = teams.Connector.ServiceUrl, TenantId = TeamsActivities.TenantId, BotId = TeamsActivities.BotId,
        };
        var before = await ChatsAsync(teams.App);
        outbox.TryEnqueue(Delivery.Send("creds:teams", "creds", null, address, Message.Text("Hello"), teams.App.Time.GetUtcNow()));
        await progress.WaitForAsync(() => outbox.Find("creds:teams")?.State == DeliveryState.Dead, TimeSpan.FromSeconds(30), Ct);

        var chats = await ChatsAsync(teams.App);

        Assert.Equal(("connected", "connected"), ((string?)before["teams"], (string?)before["slack"]));
        Assert.Equal(("refused", "connected"), ((string?)chats["teams"], (string?)chats["slack"]));
        Assert.Equal(teams.App.Time.GetUtcNow().UtcDateTime, (DateTime)chats["teamsRefusedSince"]!);
        Assert.Null(chats["slackRefusedSince"]);
    }

    [Fact]
    public async Task With_a_Teams_app_id_the_overview_says_Teams_is_connected()
    {
        await using var teams = await TeamsTestApp.StartWithAuthAsync();

        var chats = await ChatsAsync(teams.App);

        Assert.Equal(("connected", "off"), ((string?)chats["teams"], (string?)chats["slack"]));
    }
}
