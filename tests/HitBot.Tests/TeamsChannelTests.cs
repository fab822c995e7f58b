using System.Text.Json.Nodes;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Teams;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

public sealed class TeamsChannelTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly Message Hello = Message.Text("Hello from the central team");

    static ChannelAddress Address(FakeBotConnector connector, string? conversationId = null) => new()
    {
        Channel = ChannelKind.Teams,
        UserId = "29:" + Guid.NewGuid().ToString("N"),
        ConversationId = conversationId,
        ServiceUrl = connector.ServiceUrl,
        TenantId = "tenant-1",
        BotId = "28:hitbot-app",
    };

    [Fact]
    public async Task A_first_message_opens_the_personal_chat_and_posts_the_card_into_it()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var to = Address(teams.Connector);

        var sent = await teams.App.Get<TeamsChannel>().SendAsync(to, Hello, Ct);

        var calls = teams.Connector.ConnectorCalls;
        Assert.Equal(2, calls.Count);
        Assert.Equal(("POST", "/amer/v3/conversations"), (calls[0].Method, calls[0].Path));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""
            { "bot": { "id": "28:hitbot-app" }, "members": [ { "id": "{{to.UserId}}" } ], "isGroup": false,
              "tenantId": "tenant-1", "channelData": { "tenant": { "id": "tenant-1" } } }
            """), calls[0].Body));
        Assert.Equal("POST", calls[1].Method);
        Assert.Equal($"/amer/v3/conversations/a%3A29%3A{to.UserId[3..]}/activities", calls[1].RawTarget);
        Assert.Equal("application/json; charset=utf-8", calls[1].Headers["Content-Type"]);
        Assert.Equal("message", calls[1].Body?["type"]?.GetValue<string>());
        Assert.Equal(AdaptiveCardRenderer.ContentType, calls[1].Body?["attachments"]?[0]?["contentType"]?.GetValue<string>());
        Assert.Equal(FakeBotConnector.ConversationFor(to.UserId), sent.ConversationId);
        Assert.StartsWith("activity-", sent.MessageId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_known_chat_is_posted_into_directly()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var to = Address(teams.Connector, conversationId: "a:known;messageid=1");

        await teams.App.Get<TeamsChannel>().SendAsync(to, Hello, Ct);

        var call = Assert.Single(teams.Connector.ConnectorCalls);
        Assert.Equal("/amer/v3/conversations/a%3Aknown%3Bmessageid%3D1/activities", call.RawTarget);
    }

    [Fact]
    public async Task An_update_replaces_the_message_with_a_PUT()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var to = Address(teams.Connector, conversationId: "a:chat");

        await teams.App.Get<TeamsChannel>().UpdateAsync(to, "a:chat", "1:msg", Hello, Ct);

        var call = Assert.Single(teams.Connector.ConnectorCalls);
        Assert.Equal(("PUT", "/amer/v3/conversations/a%3Achat/activities/1%3Amsg"), (call.Method, call.RawTarget));
        Assert.Equal("Hello from the central team", call.Body?["summary"]?.GetValue<string>());
    }

    [Fact]
    public async Task In_emulator_mode_no_token_is_sent()
    {
        await using var teams = await TeamsTestApp.StartAsync();

        await teams.App.Get<TeamsChannel>().SendAsync(Address(teams.Connector, "a:chat"), Hello, Ct);

        Assert.Null(Assert.Single(teams.Connector.ConnectorCalls).Authorization);
        Assert.Equal(0, teams.Connector.TokenRequests);
    }

    [Fact]
    public async Task Teams_throttling_is_a_retry_after_the_seconds_it_asks_for()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        teams.Connector.FailNext(1, 429, retryAfter: "7");

        var error = await Assert.ThrowsAsync<DeliveryException>(() =>
            teams.App.Get<TeamsChannel>().SendAsync(Address(teams.Connector, "a:chat"), Hello, Ct));

        Assert.False(error.Permanent);
        Assert.Equal(429, error.Status);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
    }

    [Fact]
    public async Task A_retry_after_date_is_measured_against_HitBots_clock()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var at = teams.App.Time.GetUtcNow().AddSeconds(90);
        teams.Connector.FailNext(1, 503, retryAfter: at.ToString("R", System.Globalization.CultureInfo.InvariantCulture));

        var error = await Assert.ThrowsAsync<DeliveryException>(() =>
            teams.App.Get<TeamsChannel>().SendAsync(Address(teams.Connector, "a:chat"), Hello, Ct));

        Assert.False(error.Permanent);
        Assert.Equal(TimeSpan.FromSeconds(90), error.RetryAfter);
    }

    [Fact]
    public async Task A_person_who_blocked_the_app_is_a_permanent_failure_with_a_reason_a_coordinator_understands()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var to = Address(teams.Connector);
        teams.Connector.Block(to.UserId);

        var error = await Assert.ThrowsAsync<DeliveryException>(() => teams.App.Get<TeamsChannel>().SendAsync(to, Hello, Ct));

        Assert.True(error.Permanent);
        Assert.Equal(403, error.Status);
        Assert.Equal("The person removed or blocked the app.", error.Message);
    }

    [Fact]
    public async Task An_app_the_Teams_admin_turned_off_is_HitBots_problem_and_marks_nobody_as_not_reachable()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        teams.Connector.DisabledByAdmin = true;

        var error = await Assert.ThrowsAsync<DeliveryException>(() => teams.App.Get<TeamsChannel>().SendAsync(Address(teams.Connector), Hello, Ct));

        // Every person of the tenant would answer the same: marking each "blocked" would leave them all unreached for good
        // once the admin allows the app again, since only a message from them clears the mark.
        Assert.True(error.Permanent);
        Assert.False(error.PersonUnreachable);
        Assert.Equal(FailureClasses.ExpiredCredentials, error.FailureClass);
        Assert.Contains("Teams admin", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400, true)]
    [InlineData(404, true)]
    [InlineData(413, true)]
    [InlineData(408, false)]
    [InlineData(412, false)]
    [InlineData(500, false)]
    [InlineData(502, false)]
    public async Task Connector_errors_are_retried_only_when_retrying_can_help(int status, bool permanent)
    {
        await using var teams = await TeamsTestApp.StartAsync();
        // A 404 from a known chat first opens the chat again (it may be gone from the person's Teams); so does the second.
        teams.Connector.FailNext(status == 404 ? 2 : 1, status, retryAfter: null);

        var error = await Assert.ThrowsAsync<DeliveryException>(() =>
            teams.App.Get<TeamsChannel>().SendAsync(Address(teams.Connector, "a:chat"), Hello, Ct));

        Assert.Equal(permanent, error.Permanent);
        Assert.Equal(status, error.Status);
    }

    /// <summary>
    /// An update in Chinese or Vietnamese went to Teams with every character written as a six-byte <c>\uXXXX</c> escape:
    /// two to three times the size of the same text in UTF-8, so it met Teams' message size limit far sooner.
    /// </summary>
    [Fact]
    public async Task Text_in_any_language_goes_to_Teams_as_UTF_8_not_as_escapes_twice_its_size()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var text = string.Concat(Enumerable.Repeat("越南语辅导 Tiếng Việt ", 200));

        await teams.App.Get<TeamsChannel>().SendAsync(Address(teams.Connector, "a:chat"), Message.Text(text), Ct);

        var post = Assert.Single(teams.Connector.Calls, c => c.Method == "POST" && c.Path.EndsWith("/activities", StringComparison.Ordinal));
        Assert.Contains(text.Trim(), post.Body!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), StringComparison.Ordinal);
        Assert.True(int.Parse(post.Headers["Content-Length"], System.Globalization.CultureInfo.InvariantCulture) < System.Text.Encoding.UTF8.GetByteCount(text) + 2048,
            $"{post.Headers["Content-Length"]} bytes for {System.Text.Encoding.UTF8.GetByteCount(text)} bytes of UTF-8 text");
    }

    [Fact]
    public async Task An_address_without_a_service_url_fails_permanently_without_a_call()
    {
        await using var teams = await TeamsTestApp.StartAsync();

        var error = await Assert.ThrowsAsync<DeliveryException>(() =>
            teams.App.Get<TeamsChannel>().SendAsync(Address(teams.Connector) with { ServiceUrl = null }, Hello, Ct));

        Assert.True(error.Permanent);
        Assert.Empty(teams.Connector.Calls);
    }

    [Fact]
    public async Task With_an_app_id_every_call_carries_one_token_requested_once_from_the_token_endpoint()
    {
        await using var teams = await TeamsTestApp.StartWithAuthAsync();
        var fake = teams.Connector;
        var channel = teams.App.Get<TeamsChannel>();

        await channel.SendAsync(Address(fake), Hello, Ct);
        await channel.SendAsync(Address(fake, "a:chat"), Hello, Ct);
        await channel.UpdateAsync(Address(fake, "a:chat"), "a:chat", "1:m", Hello, Ct);

        Assert.Equal(1, fake.TokenRequests);
        var tokenCall = Assert.Single(fake.Calls, c => c.Path == "/botframework.com/oauth2/v2.0/token");
        Assert.Contains("grant_type=client_credentials", tokenCall.Form, StringComparison.Ordinal);
        Assert.Contains($"client_id={TeamsTestApp.AppId}", tokenCall.Form, StringComparison.Ordinal);
        Assert.Contains("scope=https%3A%2F%2Fapi.botframework.com%2F.default", tokenCall.Form, StringComparison.Ordinal);
        Assert.Equal(4, fake.ConnectorCalls.Count);
        Assert.All(fake.ConnectorCalls, c => Assert.Equal("Bearer fake-token-1", c.Authorization));
    }

    [Fact]
    public async Task Sends_into_one_conversation_queue_past_the_per_second_limit_while_other_chats_go_on()
    {
        await using var teams = await TeamsTestApp.StartAsync(new() { ["HitBot:Teams:ConversationSendsPerSecond"] = "2" });
        var pacing = teams.App.Get<TeamsPacing>();
        var busy = Address(teams.Connector, "a:busy");

        using var first = await pacing.AcquireAsync(busy, Ct);
        using var second = await pacing.AcquireAsync(busy, Ct);
        var third = pacing.AcquireAsync(busy, Ct);
        using var other = await pacing.AcquireAsync(Address(teams.Connector, "a:quiet"), Ct);

        Assert.True(first.IsAcquired && second.IsAcquired && other.IsAcquired);
        Assert.False(third.IsCompleted);
    }
}
