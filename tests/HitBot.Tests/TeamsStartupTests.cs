using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Teams;
using HitBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HitBot.Tests;

/// <summary>A district IT person's first start with Teams settings: what Microsoft refuses is said at once, in one line naming the key.</summary>
public sealed class TeamsStartupTests
{
    const string TenantId = "5d0c7a1e-2b3f-4c8d-9e6a-1f2b3c4d5e6f";

    static HitBotApp App(FakeBotConnector connector, string? tenantId = null, string? loginBaseUrl = null, Microsoft.Extensions.Logging.ILoggerProvider? log = null,
        Dictionary<string, string?>? also = null) => new(new Dictionary<string, string?>
    {
        ["HitBot:Teams:AppId"] = TeamsTestApp.AppId,
        ["HitBot:Teams:Emulator"] = "false",
        ["HitBot:Teams:AppPassword"] = "a-secret-id-not-its-value",
        ["HitBot:Teams:TenantId"] = tenantId ?? "",
        // MSAL insists on an https authority; its client is rerouted to the fake (the network edge).
        ["HitBot:Teams:TokenAuthority"] = "https://login.fake.test/" + (tenantId ?? "botframework.com"),
    }.Concat(also ?? []).ToDictionary())
    {
        TestServices = s =>
        {
            s.AddHttpClient(MsalHttpClientFactory.HttpClientName)
                .ConfigurePrimaryHttpMessageHandler(() => new RerouteHandler(loginBaseUrl ?? connector.BaseUrl));
            if (log is not null) s.AddSingleton(log);
        },
    };

    [Theory]
    [InlineData(401, "invalid_client", "AADSTS7000215", TenantId, "HitBot:Teams:AppPassword")]
    [InlineData(400, "invalid_request", "AADSTS90002", TenantId, "HitBot:Teams:TenantId must be the App Tenant ID")]
    [InlineData(400, "unauthorized_client", "AADSTS700016", TenantId, "check HitBot:Teams:AppId and HitBot:Teams:TenantId")]
    [InlineData(400, "unauthorized_client", "AADSTS700016", null, "a single-tenant bot (every bot created since July 2025) needs HitBot:Teams:TenantId")]
    public async Task Credentials_Microsoft_refuses_stop_the_start_with_one_line_naming_the_setting(int status, string error, string aadsts, string? tenantId, string names)
    {
        await using var connector = await FakeBotConnector.StartAsync();
        connector.TokenRefusal = (status, error, aadsts);
        using var app = App(connector, tenantId);

        var refused = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        // A settings problem, which the console prints as "HitBot did not start: " and this one line (SettingsProblem).
        var line = Assert.Single(refused.Failures);
        Assert.DoesNotContain('\n', line);
        Assert.Contains(names, line, StringComparison.Ordinal);
        Assert.Contains(aadsts, line, StringComparison.Ordinal);
        Assert.DoesNotContain("a-secret-id-not-its-value", line, StringComparison.Ordinal);
    }

    /// <summary>
    /// The credentials are checked before any part of HitBot starts. Checked after, the start had already opened the outbox
    /// and the reminder loops, and the log's last lines were their errors on the closing database, not the one line.
    /// </summary>
    [Fact]
    public async Task Credentials_Microsoft_refuses_stop_the_start_before_any_part_of_HitBot_has_run()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        connector.TokenRefusal = (401, "invalid_client", "AADSTS7000215");
        var startup = new StartupLogTests.StartupLines();
        using var app = App(connector, TenantId, log: startup);

        Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Empty(startup.Lines);
    }

    /// <summary>
    /// A district on both chats whose Teams client secret expired: a stop at start cut Slack's people and the dashboard off
    /// too, at every restart until someone renewed the secret. HitBot starts, says why in the log, /readyz is degraded
    /// naming Teams, and the coordinator's overview says Teams refuses HitBot.
    /// </summary>
    [Fact]
    public async Task With_Slack_on_too_credentials_Microsoft_refuses_start_HitBot_for_Slack_and_say_Teams_refuses_it()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        await using var slack = await FakeSlackApi.StartAsync();
        connector.TokenRefusal = (401, "invalid_client", "AADSTS7000215");
        var log = new StartupLogTests.StartupLines(typeof(TeamsAuthCheck).FullName);
        using var app = App(connector, TenantId, log: log, also: SlackTestApp.Settings(slack));

        var ready = await app.CreateClient().GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);
        var overview = await app.CreateAdminClient().GetFromJsonAsync<JsonObject>(new Uri("/api/admin/overview", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var health = await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("\"degraded\"", health, StringComparison.Ordinal);
        Assert.Contains("Teams has refused HitBot", health, StringComparison.Ordinal);
        Assert.Equal(("refused", "connected"), ((string?)overview!["chats"]!["teams"], (string?)overview["chats"]!["slack"]));
        var error = Assert.Single(log.Lines, line => line.Contains("HitBot:Teams:AppPassword", StringComparison.Ordinal));
        Assert.Contains("HitBot started for Slack", error, StringComparison.Ordinal);
        Assert.DoesNotContain("a-secret-id-not-its-value", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_Microsoft_accepts_start_HitBot_and_the_token_is_reused_by_the_first_send()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        using var app = App(connector, TenantId);

        var response = await app.CreateClient().GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal(1, connector.TokenRequests);
    }

    [Fact]
    public async Task A_refusal_no_setting_explains_starts_the_bot_and_warns_with_Microsofts_code_not_that_nobody_answered()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        // Conditional access blocks the app's sign-in: Microsoft answered, but no HitBot setting is wrong.
        connector.TokenRefusal = (400, "invalid_grant", "AADSTS53003");
        var log = new StartupLogTests.StartupLines(typeof(TeamsAuthCheck).FullName);
        using var app = App(connector, TenantId, log: log);

        var response = await app.CreateClient().GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.True(response.IsSuccessStatusCode);
        var warning = Assert.Single(log.Lines, line => line.Contains("Teams token at start-up", StringComparison.Ordinal));
        Assert.Contains("AADSTS53003", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(log.Lines, line => line.Contains("did not answer", StringComparison.Ordinal));
    }

    /// <summary>
    /// Microsoft's sign-in service had an outage (503 from the token endpoint) while an update went out: the secret is fine,
    /// so /readyz and the delivery must not send whoever runs HitBot to replace it, and the message waits to be retried as in
    /// any outage.
    /// </summary>
    [Fact]
    public async Task A_token_endpoint_outage_leaves_HitBot_ready_and_the_send_waits_for_a_retry_as_in_any_outage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connector = await FakeBotConnector.StartAsync();
        connector.TokenRefusal = (503, "temporarily_unavailable", "AADSTS90033");
        using var app = App(connector, TenantId, also: new() { ["HitBot:Teams:AllowedServiceUrls:0"] = connector.ServiceUrl });
        using var client = app.CreateClient();
        var outbox = app.Get<OutboxStore>();
        var progress = app.Get<DispatcherProgress>();
        var address = new ChannelAddress
        {
            Channel = ChannelKind.Teams, UserId = "29:maya", ConversationId = FakeBotConnector.ConversationFor("29:maya"),
            ServiceUrl = connector.ServiceUrl, TenantId = TenantId,
        };

        outbox.TryEnqueue(Delivery.Send("login-down:1", "login-down", null, address, Message.Text("Hello"), app.Time.GetUtcNow()));
        await progress.WaitForAsync(() => outbox.Find("login-down:1") is { Attempts: > 0, State: DeliveryState.Failed or DeliveryState.Dead },
            TimeSpan.FromSeconds(30), ct);
        var row = outbox.Find("login-down:1");
        var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative), ct);

        Assert.Equal(DeliveryState.Failed, row?.State);
        Assert.Equal(FailureClasses.Network, row?.FailureClass);
        Assert.Contains("sign-in service", row?.LastError, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.DoesNotContain("refused", await ready.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_login_service_that_cannot_be_reached_at_start_does_not_stop_the_bot()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        // Port 1 on the loopback refuses connections at once: the login service is down, not slow.
        using var app = App(connector, TenantId, loginBaseUrl: "http://127.0.0.1:1");

        var response = await app.CreateClient().GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal(0, connector.TokenRequests);
    }
}
