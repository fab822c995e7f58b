using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Messaging.Routing;
using HitBot.Core.Storage;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>Who may talk to /api/messages at all, and where HitBot will send what it is told (issue 14: H1, SSRF, tenant).</summary>
public sealed class TeamsDoorTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_Slack_only_host_refuses_an_unauthenticated_Teams_activity_with_404_and_calls_nothing()
    {
        // What "Connect Slack" sets up: an admin token, Slack, and no Teams AppId (and no emulator asked for).
        await using var teams = await TeamsTestApp.StartAsync(new() { ["HitBot:Teams:Emulator"] = "false" });
        var intruder = teams.NewUser();
        teams.Connector.AddMember(intruder.UserId, "maya.door@example.org", "Maya Lopez");
        await teams.ImportRosterAsync("Maya Lopez,maya.door@example.org,central team,,");

        var installed = await teams.PostAsync(intruder.Installed());
        var inbox = await teams.PostAsync(intruder.Text("feedback inbox"));

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound], [installed.StatusCode, inbox.StatusCode]);
        AssertNothingStoredOrCalled(teams);
    }

    [Fact]
    public async Task In_emulator_mode_an_activity_pointing_replies_off_this_machine_is_refused_and_nothing_is_called()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        await teams.ImportRosterAsync("Maya Lopez,maya.ssrf@example.org,central team,,");
        var intruder = new TeamsActivities("http://metadata.internal.invalid:8080/");

        var response = await teams.PostAsync(intruder.Text("feedback inbox"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("loopback", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        AssertNothingStoredOrCalled(teams);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData(null)]
    public async Task In_emulator_mode_an_activity_not_sent_as_JSON_is_refused_so_a_web_page_cannot_post_one(string? contentType)
    {
        // Emulator mode checks no token, and a page in any site the developer opens may POST a "simple" cross-site request
        // (text/plain, or no type at all) to http://localhost:3978 without the browser asking first. Emulators send JSON.
        await using var teams = await TeamsTestApp.StartAsync();
        await teams.ImportRosterAsync("Maya Lopez,maya.page@example.org,central team,,");
        var page = teams.NewUser();
        teams.Connector.AddMember(page.UserId, "maya.page@example.org", "Maya Lopez");
        var body = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(page.Text("stop").ToJsonString()));
        if (contentType is not null) body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);

        var response = await teams.Client.PostAsync(new Uri("/api/messages", UriKind.Relative), body, Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        AssertNothingStoredOrCalled(teams);
    }

    [Fact]
    public async Task In_emulator_mode_an_activity_for_another_host_name_is_refused_so_DNS_rebinding_cannot_post_one()
    {
        // A site whose name the attacker re-points at 127.0.0.1 is "same origin" to its own page, JSON included; the
        // Host header still names that site. The Bot Framework Emulator and the Agents Playground call localhost.
        await using var teams = await TeamsTestApp.StartAsync();
        await teams.ImportRosterAsync("Maya Lopez,maya.rebind@example.org,central team,,");
        var page = teams.NewUser();
        teams.Connector.AddMember(page.UserId, "maya.rebind@example.org", "Maya Lopez");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/messages", UriKind.Relative)) { Content = JsonContent.Create(page.Text("stop")) };
        request.Headers.Host = "rebind.attacker.example:3978";

        var response = await teams.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        AssertNothingStoredOrCalled(teams);
    }

    /// <summary>Lena of the central team, with Maya's feedback in the inbox her "feedback inbox" would show.</summary>
    static async Task<TeamsActivities> CoordinatorWithFeedbackWaitingAsync(TeamsTestApp teams)
    {
        await teams.ImportRosterAsync("Lena Park,lena.group@example.org,central team,,\nMaya Lopez,maya.group@example.org,tutor,,");
        var (lena, maya) = (teams.NewUser(), teams.NewUser());
        teams.Connector.AddMember(lena.UserId, "lena.group@example.org", "Lena Park");
        teams.Connector.AddMember(maya.UserId, "maya.group@example.org", "Maya Lopez");
        await teams.PostAsync(maya.Text("feedback The projector at Grant is broken"));
        return lena;
    }

    /// <summary>The activity as Teams sends it from a group chat or a team channel the app was added to.</summary>
    static JsonObject InGroup(JsonObject activity, string conversationType)
    {
        activity["conversation"] = new JsonObject
        {
            ["id"] = "19:group-chat@thread.v2", ["conversationType"] = conversationType, ["isGroup"] = true, ["tenantId"] = TeamsActivities.TenantId,
        };
        return activity;
    }

    [Theory]
    [InlineData("groupChat")]
    [InlineData("channel")]
    public async Task In_a_group_chat_or_a_channel_HitBot_answers_nothing_that_the_others_there_would_read(string conversationType)
    {
        // HitBot's manifest asks for personal chats only; a copy of the app with more scopes must not turn a coordinator's
        // "feedback inbox" into a post that a whole group chat or team channel reads.
        await using var teams = await TeamsTestApp.StartAsync();
        var lena = await CoordinatorWithFeedbackWaitingAsync(teams);
        var inGroup = InGroup(lena.Text("feedback inbox"), conversationType);

        var response = await teams.PostAsync(inGroup);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var posted = await teams.PostedActivitiesAsync();
        Assert.Contains(posted, p => p.ToJsonString().Contains("your message is with the central team", StringComparison.Ordinal));
        Assert.DoesNotContain(posted, p => p.ToJsonString().Contains("Feedback inbox", StringComparison.Ordinal));
        Assert.DoesNotContain(teams.Connector.Calls, c => (c.Path + c.RawTarget).Contains("group-chat", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("groupChat")]
    [InlineData("channel")]
    public async Task A_card_button_pressed_in_a_group_chat_or_a_channel_posts_nothing_there(string conversationType)
    {
        // A card action arrives as an invoke, not a message: its reply and its card update would go to the same group chat.
        await using var teams = await TeamsTestApp.StartAsync();
        var lena = await CoordinatorWithFeedbackWaitingAsync(teams);
        var inGroup = InGroup(lena.Execute(Interaction.CommandVerb, new JsonObject { ["text"] = "feedback inbox" }, "card-in-group"), conversationType);

        var response = await teams.PostAsync(inGroup);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("application/vnd.microsoft.activity.message", (string?)answer?["type"]);
        Assert.DoesNotContain("feedback item", answer?.ToJsonString() ?? "", StringComparison.Ordinal);
        await teams.DeliveredAsync();
        Assert.DoesNotContain(teams.Connector.Calls, c => (c.Path + c.RawTarget).Contains("group-chat", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://connector.internal.invalid/teams/")]
    // Anyone with an Azure subscription can name a Traffic Manager profile: only Teams' own smba host there is Teams.
    [InlineData("https://smba-lookalike.trafficmanager.net/amer/")]
    public async Task With_auth_on_a_validly_signed_activity_for_a_host_outside_Teams_is_refused(string elsewhere)
    {
        await using var teams = await TeamsTestApp.StartWithAuthAsync();
        await teams.ImportRosterAsync("Maya Lopez,maya.host@example.org,tutor,,");
        var user = new TeamsActivities(elsewhere);
        var token = (teams.Tokens() with { ServiceUrl = elsewhere }).Create();

        var response = await teams.PostAsync(user.Installed(), token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("HitBot:Teams:AllowedServiceUrls", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        AssertNothingStoredOrCalled(teams);
    }

    [Fact]
    public async Task With_a_tenant_set_an_activity_from_another_tenant_is_refused_with_403_and_stored_nowhere()
    {
        await using var teams = await TeamsTestApp.StartWithAuthAsync(settings: new() { ["HitBot:Teams:TenantId"] = Guid.NewGuid().ToString() });
        var other = teams.NewUser();
        teams.Connector.AddMember(other.UserId, "maya.tenant@example.org", "Maya Lopez");
        await teams.ImportRosterAsync("Maya Lopez,maya.tenant@example.org,tutor,,");

        var response = await teams.PostAsync(other.Installed(), teams.Tokens().Create());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        AssertNothingStoredOrCalled(teams);
    }

    [Fact]
    public async Task With_a_tenant_set_the_tenants_own_activities_are_handled()
    {
        var tenant = Guid.NewGuid().ToString();
        await using var teams = await TeamsTestApp.StartWithAuthAsync(settings: new() { ["HitBot:Teams:TenantId"] = tenant });
        var maya = teams.NewUser();
        teams.Connector.AddMember(maya.UserId, "maya.home@example.org", "Maya Lopez");
        await teams.ImportRosterAsync("Maya Lopez,maya.home@example.org,tutor,,");
        var activity = maya.Text("help");
        activity["conversation"]!["tenantId"] = tenant;
        activity["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenant } };

        var response = await teams.PostAsync(activity, teams.Tokens().Create());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await teams.PostedActivitiesAsync());
    }

    [Fact]
    public async Task A_stored_address_outside_the_allowed_hosts_fails_at_once_without_a_call()
    {
        await using var teams = await TeamsTestApp.StartWithAuthAsync();
        var outbox = teams.App.Get<OutboxStore>();
        var address = new ChannelAddress
        {
            Channel = ChannelKind.Teams, UserId = "29:stale", ConversationId = "a:stale", ServiceUrl = "http://stale.internal.invalid/",
        };
        outbox.TryEnqueue(Delivery.Send("door-stale", "test", null, address, new Message("Hello", new Card("Hello", [new TextBlock("Hi")], [])), teams.App.Time.GetUtcNow()));
        teams.App.Get<OutboxSignal>().Notify();

        await teams.WaitForAsync("door-stale", DeliveryState.Dead);

        Assert.Contains("Teams' own hosts", teams.Queued("door-stale")!.LastError, StringComparison.Ordinal);
        Assert.Empty(teams.Connector.ConnectorCalls);
    }

    static void AssertNothingStoredOrCalled(TeamsTestApp teams)
    {
        Assert.Equal(0, teams.QueuedCount());
        Assert.Equal(0, teams.App.Get<HitBotDb>().Collection<InboundActivity>(InboundStore.Collection).Count());
        Assert.All(teams.App.Get<PeopleDirectory>().All(), p => Assert.Empty(p.Identities));
        // With an AppId, start-up's credential check asked for a token; the request itself called nothing.
        Assert.Empty(teams.Connector.ConnectorCalls);
        Assert.InRange(teams.Connector.TokenRequests, 0, 1);
    }
}
