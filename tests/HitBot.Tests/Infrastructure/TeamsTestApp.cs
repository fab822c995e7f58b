using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.Messaging.Outbox;
using HitBot.Teams;
using HitBot.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Tests.Infrastructure;

/// <summary>
/// A HitBot whose Teams replies go to a <see cref="FakeBotConnector"/>: in emulator mode by default, or with an AppId,
/// a local OpenID server for inbound tokens and MSAL's token requests rerouted to the fake.
/// </summary>
internal sealed class TeamsTestApp : IAsyncDisposable
{
    public const string AppId = "7f3c2a51-1e4b-4f7a-9a55-0d6d2c1f9b10";

    TeamsTestApp(FakeBotConnector connector, HitBotApp app, TestOpenIdServer? openId)
    {
        Connector = connector;
        App = app;
        OpenId = openId;
        Client = app.CreateClient();
    }

    public FakeBotConnector Connector { get; }
    public HitBotApp App { get; }
    public TestOpenIdServer? OpenId { get; }
    public HttpClient Client { get; }

    /// <param name="realPort">Listen on a local TCP port (for a browser) instead of the in-memory test server.</param>
    /// <param name="time">The fake clock to start from (HitBotApp's Monday 2 March 2026 when left out).</param>
    public static async Task<TeamsTestApp> StartAsync(
        Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, bool realPort = false, FakeTimeProvider? time = null)
    {
        var connector = await FakeBotConnector.StartAsync();
        var app = new HitBotApp(settings, time: time) { TestServices = services };
        if (realPort) app.UseKestrel(0);
        return new TeamsTestApp(connector, app, null);
    }

    /// <summary>Production mode: inbound requests need a Bot Framework JWT, outbound calls carry an MSAL token.</summary>
    public static async Task<TeamsTestApp> StartWithAuthAsync(Action<IServiceCollection>? services = null, Dictionary<string, string?>? settings = null,
        bool realPort = false)
    {
        var connector = await FakeBotConnector.StartAsync();
        var openId = TestOpenIdServer.Start();
        var all = new Dictionary<string, string?>
        {
            ["HitBot:Teams:AppId"] = AppId,
            ["HitBot:Teams:Emulator"] = "false",
            // The local Connector stands in for Teams' own hosts, which HitBot would otherwise insist on.
            ["HitBot:Teams:AllowedServiceUrls:0"] = connector.ServiceUrl,
            ["HitBot:Teams:AppPassword"] = "test-secret",
            ["HitBot:Teams:OpenIdMetadataUrl"] = openId.MetadataUrl,
            // MSAL insists on an https authority; the token client is rerouted to the fake (the network edge).
            ["HitBot:Teams:TokenAuthority"] = "https://login.fake.test/botframework.com",
            // People HitBot never heard from are reached through the same stand-in (proactive install).
            ["HitBot:Teams:ServiceUrl"] = connector.ServiceUrl,
        };
        foreach (var (key, value) in settings ?? []) all[key] = value;
        var app = new HitBotApp(all)
        {
            TestServices = s =>
            {
                s.AddHttpClient(MsalHttpClientFactory.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new RerouteHandler(connector.BaseUrl));
                services?.Invoke(s);
            },
        };
        if (realPort) app.UseKestrel(0);
        return new TeamsTestApp(connector, app, openId);
    }

    /// <summary>A person in a personal chat with HitBot, as Teams would describe them.</summary>
    public TeamsActivities NewUser() => new(Connector.ServiceUrl);

    /// <summary>The token the Bot Connector would send with an activity for <see cref="FakeBotConnector.ServiceUrl"/>.</summary>
    public BotTokens Tokens() => new(OpenId?.SigningKey ?? throw new InvalidOperationException("Start with StartWithAuthAsync."),
        AppId, Connector.ServiceUrl, App.Time.GetUtcNow());

    public async Task ImportRosterAsync(string csvLines)
    {
        using var content = new StringContent("name,email,role,site,partner\n" + csvLines, Encoding.UTF8, "text/csv");
        var response = await App.CreateAdminClient().PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), content, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// The retention pulse, launched to every tutor through the admin API for a week, once its run is open (its cards
    /// queued); answers the run's id.
    /// </summary>
    public async Task<string> LaunchRetentionPulseToTutorsAsync(bool anonymous)
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = App.CreateAdminClient();
        var created = await admin.PostAsJsonAsync("/api/admin/surveys", new JsonObject { ["template"] = "retention-pulse" }, ct);
        var surveyId = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!;
        var launched = await admin.PostAsJsonAsync($"/api/admin/surveys/{surveyId}/runs", new JsonObject
        {
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
            ["closesAt"] = App.Time.GetUtcNow().AddDays(7).ToString("O"), ["anonymous"] = anonymous,
        }, ct);
        var runId = (string)(await launched.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!;
        await App.Get<HitBot.Core.Surveys.SurveyRunnerProgress>().WaitForAsync(
            () => App.Get<HitBot.Core.Surveys.SurveyStore>().FindRun(runId)?.Status == HitBot.Core.Surveys.RunStatus.Open, TimeSpan.FromSeconds(60), ct);
        return runId;
    }

    public async Task<HttpResponseMessage> PostAsync(JsonObject activity, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/messages", UriKind.Relative)) { Content = JsonContent.Create(activity) };
        if (token is not null) request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public Delivery? Queued(string key) => App.Get<OutboxStore>().Find(key);

    public int QueuedCount() => App.Get<OutboxStore>().CountByState().Values.Sum();

    /// <summary>
    /// Waits (on the dispatcher's own reports, never a sleep) until nothing is due or in flight and the dispatcher is
    /// idle, then returns what the Bot Connector received. Rows waiting for a retry stay Failed until the clock moves, and
    /// rows queued for later (a welcome waiting for the person's morning) stay Queued until it does.
    /// </summary>
    public async Task<IReadOnlyList<ConnectorCall>> DeliveredAsync()
    {
        await OutboxSettled.WaitAsync(App, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        return Connector.ConnectorCalls;
    }

    /// <summary>Waits, on the dispatcher's reports, until the delivery with this key is in <paramref name="state"/>.</summary>
    public Task WaitForAsync(string key, DeliveryState state) =>
        App.Get<DispatcherProgress>().WaitForAsync(() => Queued(key)?.State == state, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

    /// <summary>The activities HitBot posted (not updates, not look-ups).</summary>
    public async Task<List<JsonNode>> PostedActivitiesAsync() =>
        [.. (await DeliveredAsync()).Where(c => c.Method == "POST" && c.Path.EndsWith("/activities", StringComparison.Ordinal)).Select(c => c.Body ?? new JsonObject())];

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        await Connector.DisposeAsync();
        if (OpenId is not null) await OpenId.DisposeAsync();
    }
}
