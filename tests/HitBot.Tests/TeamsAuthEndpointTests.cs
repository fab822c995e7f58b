using System.Net;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using HitBot.Tests.Infrastructure;
using HitBot.Tests.Shared;

namespace HitBot.Tests;

public sealed class TeamsAuthEndpointTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Anyone who finds /api/messages can post to it without a token: a line for each let a stranger fill the log.</summary>
    [Fact]
    public async Task A_flood_of_requests_without_a_token_writes_one_line_a_minute_and_then_says_how_many_it_left_out()
    {
        var log = new StartupLogTests.StartupLines(typeof(HitBot.Teams.BotFrameworkAuth).FullName);
        await using var teams = await TeamsTestApp.StartWithAuthAsync(services: s => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions
            .AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(s, log));
        var stranger = teams.NewUser();

        var refused = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++) refused.Add((await teams.PostAsync(stranger.Text("hello"))).StatusCode);
        var linesInTheFirstMinute = log.Lines.Count(line => line.StartsWith("Bot Framework request refused", StringComparison.Ordinal));
        teams.App.Time.Advance(TimeSpan.FromSeconds(61));
        refused.Add((await teams.PostAsync(stranger.Text("hello"))).StatusCode);

        Assert.All(refused, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(1, linesInTheFirstMinute);
        Assert.Equal(2, log.Lines.Count(line => line.StartsWith("Bot Framework request refused", StringComparison.Ordinal)));
        Assert.Contains(log.Lines, line => line.StartsWith("29 more Bot Framework requests were refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_with_the_Bot_Connectors_token_is_handled_and_the_replies_carry_one_MSAL_token()
    {
        await using var teams = await TeamsTestApp.StartWithAuthAsync();
        var maya = teams.NewUser();
        teams.Connector.AddMember(maya.UserId, "maya.auth@example.org", "Maya Lopez");
        await teams.ImportRosterAsync("Maya Lopez,maya.auth@example.org,tutor,,");
        var token = teams.Tokens().Create();

        var installed = await teams.PostAsync(maya.Installed(), token);
        // The welcome goes before she writes: one still waiting when she does is not sent after the answer (ReachedWelcome.Met).
        await teams.DeliveredAsync();
        var help = await teams.PostAsync(maya.Text("help"), token);
        var items = await teams.PostAsync(maya.Text("my items"), token);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], [installed.StatusCode, help.StatusCode, items.StatusCode]);
        var calls = await teams.DeliveredAsync();
        Assert.Equal(3, calls.Count(c => c.Method == "POST"));
        Assert.All(calls, c => Assert.Equal("Bearer fake-token-1", c.Authorization));
        Assert.Equal(1, teams.Connector.TokenRequests);
    }

    public static TheoryData<string> Forgeries => ["missing", "unpublished key", "expired", "other bot", "other serviceUrl", "not bearer"];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_request_without_a_valid_token_is_refused_with_401_and_changes_nothing(string forgery)
    {
        await using var teams = await TeamsTestApp.StartWithAuthAsync();
        var maya = teams.NewUser();
        teams.Connector.AddMember(maya.UserId, "maya.forged@example.org", "Maya Lopez");
        await teams.ImportRosterAsync("Maya Lopez,maya.forged@example.org,tutor,,");
        var tokens = teams.Tokens();
        var token = forgery switch
        {
            "missing" => null,
            "unpublished key" => (tokens with { Key = BotTokens.NewKey("test-1") }).Create(),
            "expired" => (tokens with { Now = tokens.Now.AddHours(-2) }).Create(),
            "other bot" => (tokens with { Audience = Guid.NewGuid().ToString() }).Create(),
            "other serviceUrl" => (tokens with { ServiceUrl = "https://smba.trafficmanager.net/amer/" }).Create(),
            _ => null,
        };

        var response = forgery == "not bearer"
            ? await PostWithHeaderAsync(teams, maya, "Basic " + tokens.Create())
            : await teams.PostAsync(maya.Installed(), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(0, teams.QueuedCount());
        Assert.Equal(0, teams.App.Get<HitBotDb>().Collection<InboundActivity>(InboundStore.Collection).Count());
        Assert.Empty(Assert.Single(teams.App.Get<PeopleDirectory>().All()).Identities);
        // The token HitBot asked for at start-up (its credential check) is the only call; the request made none.
        Assert.Empty(teams.Connector.ConnectorCalls);
        Assert.Equal(1, teams.Connector.TokenRequests);
    }

    static async Task<HttpResponseMessage> PostWithHeaderAsync(TeamsTestApp teams, TeamsActivities user, string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/messages", UriKind.Relative))
        {
            Content = System.Net.Http.Json.JsonContent.Create(user.Installed()),
        };
        request.Headers.TryAddWithoutValidation("Authorization", header);
        return await teams.Client.SendAsync(request, Ct);
    }
}
