using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Teams;
using HitBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HitBot.Tests;

/// <summary>Roster people who never opened HitBot are reached in Teams by installing it for them through Microsoft Graph.</summary>
public sealed class TeamsProactiveInstallTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    const string TenantId = "5d0c7a1e-2b3f-4c8d-9e6a-1f2b3c4d5e6f";
    const string CatalogAppId = "e2b7c9d1-4a6f-4e3b-8c5d-7f9a1b2c3d4e";

    static async Task<TeamsTestApp> StartAsync(FakeGraph graph, bool install = true) =>
        await TeamsTestApp.StartWithAuthAsync(
            services: s => s.AddHttpClient(GraphClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new RerouteHandler(graph.BaseUrl)),
            settings: new()
            {
                ["HitBot:Teams:ProactiveInstall"] = install ? "true" : "false",
                ["HitBot:Teams:TenantId"] = TenantId,
                ["HitBot:Teams:CatalogAppId"] = CatalogAppId,
                // An https host, as HitBot insists on; the Graph client is rerouted to the local stand-in.
                ["HitBot:Teams:GraphBaseUrl"] = "https://graph.fake.test/v1.0",
            });

    /// <summary>
    /// Runs the installer to the state asked for and to the end of that pass, moving the clock each time it waits out a
    /// Retry-After. The pass goes on after the state is reached (the welcome is queued after the link): a test that looked
    /// then found no welcome, or saw the rest of the pass change what it had just done.
    /// </summary>
    static async Task RunUntilAsync(TeamsTestApp teams, Func<bool> state)
    {
        var progress = teams.App.Get<TeamsProactiveInstaller>().Progress;
        bool Done() => state() && progress.NextPassAt is not null;
        var advancedTo = DateTimeOffset.MinValue;
        while (!Done())
        {
            await progress.WaitForAsync(() => Done() || progress.PausedUntil is { } u && u > advancedTo, Guard, Ct);
            if (progress.PausedUntil is { } until && until > advancedTo)
            {
                advancedTo = until;
                teams.App.Time.Advance(until - teams.App.Time.GetUtcNow());
            }
        }
    }

    static string Roster(int count, string prefix) =>
        string.Join("\n", Enumerable.Range(0, count).Select(i => $"Tutor {i},{prefix}{i}@example.org,tutor,,"));

    [Fact]
    public async Task Fifty_people_who_never_opened_HitBot_each_get_the_next_update_exactly_once()
    {
        await using var graph = await FakeGraph.StartAsync();
        await using var teams = await StartAsync(graph);
        for (var i = 0; i < 50; i++)
        {
            var aad = graph.AddUser($"never{i}@example.org");
            teams.Connector.AddMember("29:never-" + i, $"never{i}@example.org", $"Tutor {i}", aad);
        }
        graph.Throttle(every: 9, retryAfter: "3");
        teams.Connector.FailNext(2, 429, retryAfter: "2");
        var directory = teams.App.Get<PeopleDirectory>();

        await teams.ImportRosterAsync(Roster(50, "never"));
        await RunUntilAsync(teams, () => directory.All().All(p => p.IdentityOn(ChannelKind.Teams) is not null));
        var admin = teams.App.CreateAdminClient();
        var created = await admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "Week 3: sessions resume", ["body"] = "See you Monday.",
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        var id = (string?)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))?["id"];
        var sent = await admin.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct);
        var posted = await teams.DeliveredAsync();

        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Equal(50, graph.Installed.Count);
        Assert.Equal($"https://graph.fake.test/v1.0/appCatalogs/teamsApps/{CatalogAppId}", graph.CatalogBinding);
        var people = directory.All();
        Assert.All(people, p => Assert.Equal(ReachStates.Teams, PersonReach.Of(p).State));
        Assert.All(people, p => Assert.StartsWith("29:never-", p.IdentityOn(ChannelKind.Teams)?.UserId, StringComparison.Ordinal));
        var updates = posted.Where(c => c.Method == "POST" && c.Path.EndsWith("/activities", StringComparison.Ordinal)
                                        && (string?)c.Body?["summary"] == "Update: Week 3: sessions resume").ToList();
        Assert.Equal(50, updates.Count);
        Assert.Equal(50, updates.Select(c => c.Path).Distinct().Count());
    }

    [Fact]
    public async Task With_proactive_install_off_people_who_never_opened_HitBot_are_shown_as_having_no_chat_and_Graph_is_never_asked()
    {
        await using var graph = await FakeGraph.StartAsync();
        await using var teams = await StartAsync(graph, install: false);
        for (var i = 0; i < 50; i++) graph.AddUser($"off{i}@example.org");

        await teams.ImportRosterAsync(Roster(50, "off"));
        var preview = await teams.App.CreateAdminClient().PostAsJsonAsync("/api/admin/updates/preview", new JsonObject
        {
            ["title"] = "Week 3", ["body"] = "See you Monday.", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);

        Assert.All(teams.App.Get<PeopleDirectory>().All(), p => Assert.Equal(ReachStates.NoChatYet, PersonReach.Of(p).State));
        Assert.Equal(50, (int?)(await preview.Content.ReadFromJsonAsync<JsonObject>(Ct))?["reach"]?["notInChat"]);
        Assert.Empty(graph.Calls);
    }

    /// <summary>
    /// A pass asks about everyone not yet reached, after each import and again every day: one Information line per person
    /// was 10,000 lines for a district's roster, and the same few hundred not-in-the-tenant lines every day after.
    /// </summary>
    [Fact]
    public async Task A_pass_over_a_roster_logs_one_summary_line_at_Information_not_one_per_person()
    {
        await using var graph = await FakeGraph.StartAsync();
        var lines = new InformationLines();
        await using var teams = await TeamsTestApp.StartWithAuthAsync(
            services: s =>
            {
                s.AddHttpClient(GraphClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new RerouteHandler(graph.BaseUrl));
                s.AddSingleton<ILoggerProvider>(lines);
            },
            settings: new()
            {
                ["HitBot:Teams:ProactiveInstall"] = "true",
                ["HitBot:Teams:TenantId"] = TenantId,
                ["HitBot:Teams:CatalogAppId"] = CatalogAppId,
                ["HitBot:Teams:GraphBaseUrl"] = "https://graph.fake.test/v1.0",
            });
        var progress = teams.App.Get<TeamsProactiveInstaller>().Progress;
        await progress.WaitForAsync(() => progress.Passes >= 1, Guard, Ct);

        await teams.ImportRosterAsync(Roster(20, "elsewhere"));
        await progress.WaitForAsync(() => progress.Passes >= 2, Guard, Ct);

        Assert.Single(lines.Lines, line => line.StartsWith("Proactive install pass: 0 linked, 0 installing, 20 not in the tenant", StringComparison.Ordinal));
        Assert.DoesNotContain(lines.Lines, line => line.StartsWith("Proactive install for person", StringComparison.Ordinal));
    }

    sealed class InformationLines : ILoggerProvider, ILogger
    {
        readonly System.Collections.Concurrent.ConcurrentQueue<string> lines = new();
        public IEnumerable<string> Lines => lines;
        public ILogger CreateLogger(string categoryName) => categoryName == typeof(TeamsProactiveInstaller).FullName ? this : NullLogger.Instance;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) lines.Enqueue(formatter(state, exception));
        }
        public void Dispose() { }
    }

    [Fact]
    public async Task Someone_the_tenant_does_not_know_is_noted_as_not_in_the_tenant_and_asked_again_only_the_next_day()
    {
        await using var graph = await FakeGraph.StartAsync();
        await using var teams = await StartAsync(graph);
        var progress = teams.App.Get<TeamsProactiveInstaller>().Progress;
        var directory = teams.App.Get<PeopleDirectory>();
        await progress.WaitForAsync(() => progress.Passes >= 1, Guard, Ct);

        await teams.ImportRosterAsync("Sam Ortiz,sam@elsewhere.org,tutor,,");
        await progress.WaitForAsync(() => progress.Passes >= 2, Guard, Ct);
        var sam = Assert.Single(directory.All());
        var asked = graph.Calls.Count;
        await teams.ImportRosterAsync("Samuel Ortiz,sam@elsewhere.org,tutor,,");
        await progress.WaitForAsync(() => progress.Passes >= 3, Guard, Ct);
        var askedAfterSecondImport = graph.Calls.Count;
        teams.App.Time.Advance(TimeSpan.FromDays(1));
        await progress.WaitForAsync(() => progress.Passes >= 4, Guard, Ct);

        var reach = PersonReach.Of(sam);
        Assert.Equal(ReachStates.NotInTenant, reach.State);
        Assert.Contains("e-mail", reach.Detail, StringComparison.Ordinal);
        Assert.Equal(2, asked);
        Assert.Equal(asked, askedAfterSecondImport);
        Assert.Equal(2 * asked, graph.Calls.Count);
        Assert.Empty(graph.Installed);
    }

    /// <summary>
    /// An app registration without User.Read.All (or its admin consent) can look nobody up: every pass stopped at the first
    /// person, only a log line said so, and the People page showed the whole roster "not reached yet" with no reason. The
    /// coordinator's overview says why and who fixes it, until a pass goes through.
    /// </summary>
    [Fact]
    public async Task Graph_refusing_to_look_people_up_is_named_on_the_overview_until_a_pass_goes_through()
    {
        await using var graph = await FakeGraph.StartAsync();
        await using var teams = await StartAsync(graph);
        var progress = teams.App.Get<TeamsProactiveInstaller>().Progress;
        await progress.WaitForAsync(() => progress.Passes >= 1, Guard, Ct);
        graph.RefuseLookups(403);
        var admin = teams.App.CreateAdminClient();

        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,,");
        await progress.WaitForAsync(() => progress.Passes >= 2, Guard, Ct);
        var refused = (await admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/overview", UriKind.Relative), Ct))!["chats"]!;
        graph.RefuseLookups(null);
        teams.Connector.AddMember("29:maya", "maya@example.org", "Maya Lopez", graph.AddUser("maya@example.org"));
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,,\nSam Ortiz,sam@example.org,tutor,,");
        await progress.WaitForAsync(() => progress.Passes >= 3, Guard, Ct);
        var fixedNow = (await admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/overview", UriKind.Relative), Ct))!["chats"]!;

        Assert.Equal("connected", (string?)refused["teams"]);
        Assert.Contains("User.Read.All", (string?)refused["teamsProblem"], StringComparison.Ordinal);
        Assert.Contains("403 Authorization_RequestDenied", (string?)refused["teamsProblem"], StringComparison.Ordinal);
        Assert.Null(fixedNow["teamsProblem"]);
        Assert.Equal(ReachStates.Teams, PersonReach.Of(teams.App.Get<PeopleDirectory>().FindByEmail("maya@example.org")!).State);
    }

    [Theory]
    [InlineData(403, "Forbidden")]
    [InlineData(404, "NotFound")]
    public async Task Someone_Graph_refuses_to_install_HitBot_for_is_shown_with_why_and_the_others_are_still_reached(int status, string code)
    {
        await using var graph = await FakeGraph.StartAsync();
        await using var teams = await StartAsync(graph);
        var progress = teams.App.Get<TeamsProactiveInstaller>().Progress;
        var directory = teams.App.Get<PeopleDirectory>();
        await progress.WaitForAsync(() => progress.Passes >= 1, Guard, Ct);
        graph.RefuseInstall(graph.AddUser("ana@example.org"), status, code);
        graph.RefuseInstall(graph.AddUser("bo@example.org"), status, code);
        teams.Connector.AddMember("29:lee", "lee@example.org", "Lee Park", graph.AddUser("lee@example.org"));

        await teams.ImportRosterAsync("Ana Ruiz,ana@example.org,tutor,,\nLee Park,lee@example.org,tutor,,\nBo Chen,bo@example.org,tutor,,");
        await progress.WaitForAsync(() => progress.Passes >= 2, Guard, Ct);

        var people = directory.All().ToDictionary(p => p.Email, PersonReach.Of);
        Assert.Equal(ReachStates.Teams, people["lee@example.org"].State);
        foreach (var refused in new[] { people["ana@example.org"], people["bo@example.org"] })
        {
            Assert.Equal(ReachStates.NotInTenant, refused.State);
            Assert.Contains($"refused to install HitBot for them ({status} {code})", refused.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Looking_someone_up_in_Graph_puts_their_e_mail_only_in_the_query_which_traces_redact()
    {
        await using var graph = await FakeGraph.StartAsync();
        await using var teams = await StartAsync(graph);
        var progress = teams.App.Get<TeamsProactiveInstaller>().Progress;
        await progress.WaitForAsync(() => progress.Passes >= 1, Guard, Ct);

        await teams.ImportRosterAsync("Sam Ortiz,sam@elsewhere.org,tutor,,");
        await progress.WaitForAsync(() => progress.Passes >= 2, Guard, Ct);

        // Both look-ups (by mail, then as a UPN) were made; a URL's path is kept in HttpClient's url.full trace tag.
        Assert.Equal(2, graph.Calls.Count(c => Uri.UnescapeDataString(c.Query).Contains("sam@elsewhere.org", StringComparison.Ordinal)));
        Assert.DoesNotContain(graph.Calls, c => c.Path.Contains("sam@elsewhere.org", StringComparison.Ordinal) || c.Path.Contains("%40", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Someone_who_removed_HitBot_is_not_installed_again()
    {
        await using var graph = await FakeGraph.StartAsync();
        await using var teams = await StartAsync(graph);
        var progress = teams.App.Get<TeamsProactiveInstaller>().Progress;
        teams.Connector.AddMember("29:lee", "lee@example.org", "Lee Park", graph.AddUser("lee@example.org"));
        await teams.ImportRosterAsync("Lee Park,lee@example.org,tutor,,");
        await progress.WaitForAsync(() => graph.Installed.Count == 1 && progress.Passes >= 2, Guard, Ct);
        var lee = teams.App.Get<PeopleDirectory>().All().Single();
        var asked = graph.Calls.Count;

        teams.App.Get<TeamsInstallation>().Removed(lee.IdentityOn(ChannelKind.Teams) ?? throw new InvalidOperationException("not linked"));
        teams.App.Time.Advance(TimeSpan.FromDays(2));
        await progress.WaitForAsync(() => progress.Passes >= 3, Guard, Ct);

        Assert.Equal(asked, graph.Calls.Count);
        Assert.Equal(ReachStates.Blocked, PersonReach.Of(teams.App.Get<PeopleDirectory>().All().Single()).State);
    }

    [Fact]
    public async Task A_member_lookup_answered_429_three_times_still_links_the_person()
    {
        await using var teams = await TeamsTestApp.StartWithAuthAsync();
        var maya = teams.NewUser();
        teams.Connector.AddMember(maya.UserId, "maya@example.org", "Maya Lopez");
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,,");
        teams.Connector.FailMemberLookups(3, 429, retryAfter: "7");
        var directory = teams.App.Get<PeopleDirectory>();
        bool Linked() => directory.All().Single().IdentityOn(ChannelKind.Teams) is not null;
        var progress = teams.App.Get<TeamsLinkLater>().Progress;

        var response = await teams.PostAsync(maya.Text("help"), teams.Tokens().Create());
        var linkedAtOnce = Linked();
        while (!Linked())
        {
            await progress.WaitForAsync(() => Linked() || progress.State.NextDue > teams.App.Time.GetUtcNow().UtcDateTime, Guard, Ct);
            if (progress.State.NextDue is { } due && due > teams.App.Time.GetUtcNow().UtcDateTime)
                teams.App.Time.Advance(due - teams.App.Time.GetUtcNow().UtcDateTime);
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(linkedAtOnce);
        Assert.Equal(maya.UserId, directory.All().Single().IdentityOn(ChannelKind.Teams)?.UserId);
        Assert.Equal(4, teams.Connector.ConnectorCalls.Count(c => c.Path.Contains("/members/", StringComparison.Ordinal)));
        Assert.Equal(0, teams.App.Get<PendingLinkStore>().Count());
    }

    /// <summary>The activity as Teams sends it from the district's tenant (this HitBot serves that one only).</summary>
    static JsonObject InOurTenant(JsonObject activity)
    {
        activity["conversation"]!["tenantId"] = TenantId;
        activity["channelData"]!["tenant"]!["id"] = TenantId;
        return activity;
    }

    /// <summary>Welcome cards HitBot posted (the welcome's summary is its title line).</summary>
    static List<JsonNode> Welcomes(IReadOnlyList<ConnectorCall> calls, string conversationId) =>
        [.. calls.Where(c => c.Method == "POST" && c.Path.EndsWith($"/v3/conversations/{conversationId}/activities", StringComparison.Ordinal)
                            && ((string?)c.Body?["summary"])?.StartsWith("Welcome", StringComparison.Ordinal) == true).Select(c => c.Body ?? new JsonObject())];

    [Fact]
    public async Task HitBot_installing_itself_for_someone_at_ten_at_night_welcomes_them_at_nine_the_next_morning_not_at_once()
    {
        await using var graph = await FakeGraph.StartAsync();
        await using var teams = await StartAsync(graph);
        var aad = graph.AddUser("lee@example.org");
        teams.Connector.AddMember("29:lee", "lee@example.org", "Lee Park", aad);
        // Monday 2 March 2026, 22:00 in Chicago (04:00Z Tuesday): a coordinator imports the roster in the evening.
        teams.App.Time.Advance(TimeSpan.FromHours(14));
        var directory = teams.App.Get<PeopleDirectory>();

        await teams.ImportRosterAsync("Lee Park,lee@example.org,tutor,,");
        await RunUntilAsync(teams, () => directory.All().Single().IdentityOn(ChannelKind.Teams) is not null);
        var conversation = directory.All().Single().IdentityOn(ChannelKind.Teams)?.ConversationId ?? "";
        var atNight = Welcomes(await teams.DeliveredAsync(), conversation);
        // Tuesday 09:00 in Chicago (15:00Z).
        teams.App.Time.Advance(TimeSpan.FromHours(11));
        var inTheMorning = Welcomes(await teams.DeliveredAsync(), conversation);

        Assert.Empty(atNight);
        Assert.Single(inTheMorning);
    }

    /// <summary>
    /// HitBot installed itself for Lee at night; Lee writes to it before the welcome's morning and is answered: the welcome
    /// then does not come as if they had never met HitBot, nor take one of the week's messages.
    /// </summary>
    [Fact]
    public async Task Someone_HitBot_installed_itself_for_who_writes_to_it_before_their_welcome_went_gets_no_welcome_afterwards()
    {
        await using var graph = await FakeGraph.StartAsync();
        await using var teams = await StartAsync(graph);
        var lee = teams.NewUser();
        teams.Connector.AddMember(lee.UserId, "lee@example.org", "Lee Park", graph.AddUser("lee@example.org"));
        teams.App.Time.Advance(TimeSpan.FromHours(14)); // Monday 22:00 in Chicago
        teams.Connector.FailNext(1, 403, retryAfter: null);
        var directory = teams.App.Get<PeopleDirectory>();
        await teams.ImportRosterAsync("Lee Park,lee@example.org,tutor,,");
        await RunUntilAsync(teams, () => PersonReach.Of(directory.FindByEmail("lee@example.org")!).State == ReachStates.Installing);
        await teams.PostAsync(InOurTenant(lee.Installed()), teams.Tokens().Create());
        var welcome = $"welcome:{directory.FindByEmail("lee@example.org")!.IdentityOn(ChannelKind.Teams)!.PersonKey()}";
        var waiting = teams.Queued(welcome)?.State;

        var answered = await teams.PostAsync(InOurTenant(lee.Text("help")), teams.Tokens().Create());
        teams.App.Time.Advance(TimeSpan.FromHours(11)); // Tuesday 09:00 in Chicago
        var calls = await teams.DeliveredAsync();

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(DeliveryState.Queued, waiting);
        Assert.Equal(DeliveryState.Cancelled, teams.Queued(welcome)?.State);
        Assert.Empty(Welcomes(calls, lee.ConversationId));
    }

    [Fact]
    public async Task Teams_install_event_answering_HitBots_own_install_at_night_waits_for_the_morning_while_someone_who_installs_it_themselves_is_welcomed_at_once()
    {
        await using var graph = await FakeGraph.StartAsync();
        await using var teams = await StartAsync(graph);
        var lee = teams.NewUser();
        teams.Connector.AddMember(lee.UserId, "lee@example.org", "Lee Park", graph.AddUser("lee@example.org"));
        var ana = teams.NewUser();
        teams.Connector.AddMember(ana.UserId, "ana@example.org", "Ana Ruiz");
        // Monday 22:00 in Chicago. Teams has not opened Lee's chat when HitBot asks (403), so Lee stays "installing";
        // Ana is not in the tenant's Graph, so nothing is installed for her.
        teams.App.Time.Advance(TimeSpan.FromHours(14));
        teams.Connector.FailNext(1, 403, retryAfter: null);
        var directory = teams.App.Get<PeopleDirectory>();
        await teams.ImportRosterAsync("Lee Park,lee@example.org,tutor,,\nAna Ruiz,ana@example.org,tutor,,");
        await RunUntilAsync(teams, () => PersonReach.Of(directory.FindByEmail("lee@example.org")!).State == ReachStates.Installing
                                         && PersonReach.Of(directory.FindByEmail("ana@example.org")!).State == ReachStates.NotInTenant);

        // Teams then tells HitBot the app is installed for Lee (HitBot's doing) and for Ana (she added it herself).
        var leeEvent = await teams.PostAsync(InOurTenant(lee.Installed()), teams.Tokens().Create());
        var anaEvent = await teams.PostAsync(InOurTenant(ana.Installed()), teams.Tokens().Create());
        var calls = await teams.DeliveredAsync();

        Assert.Equal(HttpStatusCode.OK, leeEvent.StatusCode);
        Assert.Equal(HttpStatusCode.OK, anaEvent.StatusCode);
        Assert.Empty(Welcomes(calls, lee.ConversationId));
        Assert.Single(Welcomes(calls, ana.ConversationId));
        Assert.Equal(DateTimeOffset.Parse("2026-03-03T15:00:00Z", System.Globalization.CultureInfo.InvariantCulture).UtcDateTime,
            teams.Queued($"welcome:{directory.FindByEmail("lee@example.org")!.IdentityOn(ChannelKind.Teams)!.PersonKey()}")?.DueAt);
    }
}
