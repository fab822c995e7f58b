using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Tests.Infrastructure;
using HitBot.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Bench;

/// <summary>
/// Tutors typing "help" at <c>POST /api/messages</c> over a real socket, each request carrying a Bot Framework JWT that is
/// validated (signature, issuer, audience, lifetime, endorsement, serviceUrl). Each one stores a reply in the outbox,
/// which the dispatcher sends to the local Connector stand-in at the same time.
/// </summary>
static class MessagesBenchmark
{
    public const string AppId = "7f3c2a51-1e4b-4f7a-9a55-0d6d2c1f9b10";

    public static async Task<BenchResult> RunAsync(int workers, TimeSpan duration)
    {
        await using var connector = await FakeBotConnector.StartAsync();
        await using var openId = TestOpenIdServer.Start();
        using var host = StartHost(connector, openId);
        var token = new BotTokens(openId.SigningKey, AppId, connector.ServiceUrl, DateTimeOffset.UtcNow).Create();
        using var http = new HttpClient { BaseAddress = host.BaseAddress };

        // Warm-up: JIT, OpenID metadata and key fetch, connection pool.
        await RunWorkersAsync(http, token, connector.ServiceUrl, workers, TimeSpan.FromSeconds(3));
        var (latencies, errors, elapsed) = await RunWorkersAsync(http, token, connector.ServiceUrl, workers, duration);

        latencies.Sort();
        double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)(latencies.Count * p))];
        return new BenchResult($"POST /api/messages with JWT validation on ({workers} concurrent senders, {duration.TotalSeconds:F0} s)",
        [
            ("requests per second", $"{latencies.Count / elapsed.TotalSeconds:F0}"),
            ("latency p50", $"{Percentile(0.50):F1} ms"),
            ("latency p99", $"{Percentile(0.99):F1} ms"),
            ("requests / non-200 answers", $"{latencies.Count} / {errors}"),
        ]);
    }

    /// <summary>
    /// HitBot with JWT validation on against the local OpenID endpoint, replying to the Connector stand-in, with Maya on
    /// the roster and already linked (as after her first message).
    /// </summary>
    public static BenchHost StartHost(FakeBotConnector connector, TestOpenIdServer openId, Action<IServiceCollection>? services = null, int tutors = 1)
    {
        var host = new BenchHost(new()
        {
            ["HitBot:Teams:AppId"] = AppId,
            ["HitBot:Teams:AppPassword"] = "bench-secret",
            ["HitBot:Teams:OpenIdMetadataUrl"] = openId.MetadataUrl,
            ["HitBot:Teams:Emulator"] = "false",
            ["HitBot:Teams:AllowedServiceUrls:0"] = connector.ServiceUrl,
            // Without a local authority MSAL would ask Microsoft's real sign-in host for reply tokens: routed to the stand-in.
            ["HitBot:Teams:TokenAuthority"] = "https://login.fake.test/botframework.com",
            // Teams paces a tenant's sends (30 / s by default): lifted so the replies measure HitBot, not the pacing.
            ["HitBot:Teams:TenantSendsPerSecond"] = "100000",
        }, s =>
        {
            s.AddHttpClient(HitBot.Teams.MsalHttpClientFactory.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new RerouteHandler(connector.BaseUrl));
            services?.Invoke(s);
        });
        var roster = "name,email,role\nMaya Lopez,maya@example.org,tutor\n"
                     + string.Concat(Enumerable.Range(0, tutors).Select(i => $"Tutor {i},tutor{i}@example.org,tutor\n"));
        host.Get<RosterImport>().Import(new StringReader(roster), skipInvalid: false);
        var directory = host.Get<PeopleDirectory>();
        directory.Link(Address(connector, "29:maya"), "maya@example.org");
        for (var i = 0; i < tutors; i++) directory.Link(Address(connector, TeamsLoad.Tutor(i)), $"tutor{i}@example.org");
        return host;
    }

    /// <summary>The address exactly as their activities will carry it, so no request has to store a changed one.</summary>
    static ChannelAddress Address(FakeBotConnector connector, string userId) => new()
    {
        Channel = ChannelKind.Teams, UserId = userId, ConversationId = FakeBotConnector.ConversationFor(userId),
        ServiceUrl = connector.ServiceUrl, TenantId = "tenant-1", BotId = "28:" + AppId, DisplayName = "Tutor",
    };

    static async Task<(List<double> Latencies, int Errors, TimeSpan Elapsed)> RunWorkersAsync(
        HttpClient http, string token, string serviceUrl, int workers, TimeSpan duration)
    {
        var latencies = new List<double>();
        var errors = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            var mine = new List<double>();
            while (watch.Elapsed < duration)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
                {
                    Content = new StringContent(Activity(serviceUrl), Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
            }
            lock (latencies) latencies.AddRange(mine);
        }));
        return (latencies, errors, watch.Elapsed);
    }

    static string Activity(string serviceUrl) => new JsonObject
    {
        ["type"] = "message",
        ["id"] = Guid.NewGuid().ToString("N"),
        ["channelId"] = "msteams",
        ["serviceUrl"] = serviceUrl,
        ["from"] = new JsonObject { ["id"] = "29:maya", ["name"] = "Maya Lopez" },
        ["recipient"] = new JsonObject { ["id"] = "28:" + AppId, ["name"] = "HitBot" },
        ["conversation"] = new JsonObject { ["id"] = FakeBotConnector.ConversationFor("29:maya"), ["conversationType"] = "personal", ["tenantId"] = "tenant-1" },
        ["text"] = "help",
    }.ToJsonString();
}
