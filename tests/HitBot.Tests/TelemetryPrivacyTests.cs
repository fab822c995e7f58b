using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Teams;
using HitBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HitBot.Tests;

/// <summary>
/// What HitBot asks Microsoft Graph (a user by e-mail, in the query) and what a coordinator searches for on the dashboard
/// (a name or an e-mail in <c>?q=</c>) must reach neither the log nor the traces an OTLP collector receives: those carry
/// ids, paths and statuses only (README, "Monitoring"). Secrets neither: the admin token, a wrong token tried, the Teams
/// secret.
/// </summary>
public sealed class TelemetryPrivacyTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    const string Email = "quintessa.marblewood@district.test";
    const string WrongToken = "guess-zanzibar-4c1e9f7a2b6d8e0c3a5f7b9d1e3c5a7f";
    static readonly string[] Never = ["quintessa", "marblewood", HitBotApp.AdminToken, WrongToken, "test-secret"];

    [Theory]
    [InlineData("Information")]
    [InlineData("Trace")]
    public async Task A_Graph_look_up_by_e_mail_and_a_dashboard_search_leave_no_e_mail_name_or_token_in_logs_or_traces(string level)
    {
        using var traces = new EverySpan();
        var log = new EveryLogLine();
        await using var graph = await FakeGraph.StartAsync();
        await using var teams = await TeamsTestApp.StartWithAuthAsync(
            services: s =>
            {
                s.AddSingleton<ILoggerProvider>(log);
                s.AddHttpClient(GraphClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new RerouteHandler(graph.BaseUrl));
            },
            settings: new()
            {
                ["HitBot:Teams:ProactiveInstall"] = "true",
                ["HitBot:Teams:TenantId"] = "5d0c7a1e-2b3f-4c8d-9e6a-1f2b3c4d5e6f",
                ["HitBot:Teams:CatalogAppId"] = "e2b7c9d1-4a6f-4e3b-8c5d-7f9a1b2c3d4e",
                ["HitBot:Teams:GraphBaseUrl"] = "https://graph.fake.test/v1.0",
                // The one line per request the README offers, and everything else at the level asked.
                ["Logging:LogLevel:Microsoft.AspNetCore.HttpLogging"] = "Information",
                ["Logging:LogLevel:Default"] = level,
                ["Logging:LogLevel:Microsoft.AspNetCore"] = level,
                ["Logging:LogLevel:System.Net.Http.HttpClient"] = level,
            });
        var aad = graph.AddUser(Email);
        teams.Connector.AddMember("29:quintessa", Email, "Quintessa Marblewood", aad);

        await teams.ImportRosterAsync($"Quintessa Marblewood,{Email},tutor,lincoln,");
        var directory = teams.App.Get<PeopleDirectory>();
        var progress = teams.App.Get<TeamsProactiveInstaller>().Progress;
        await progress.WaitForAsync(() => directory.All().All(p => p.IdentityOn(ChannelKind.Teams) is not null) && progress.NextPassAt is not null,
            TimeSpan.FromSeconds(30), Ct);
        Assert.Contains(graph.Calls, c => c.Query.Contains("marblewood", StringComparison.OrdinalIgnoreCase));

        var admin = teams.App.CreateAdminClient();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri($"/api/admin/people?q={Uri.EscapeDataString(Email)}", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri("/api/admin/people?q=Marblewood", UriKind.Relative), Ct)).StatusCode);
        using var guesser = teams.App.CreateClient();
        guesser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", WrongToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.GetAsync(new Uri("/api/admin/people", UriKind.Relative), Ct)).StatusCode);

        Assert.NotEmpty(log.Entries);
        Assert.Contains(traces.Entries, span => span.Contains("/users", StringComparison.Ordinal));
        var leaks = log.Entries.Concat(traces.Entries)
            .SelectMany(entry => Never.Where(word => entry.Contains(word, StringComparison.OrdinalIgnoreCase)).Select(word => $"{word}: {entry}"))
            .ToList();
        Assert.True(leaks.Count == 0, "Found in the log or a span:\n" + string.Join("\n", leaks));
    }

    /// <summary>
    /// Every span of every source as an OTLP exporter would receive it (name, tags, status, events): the same activities
    /// OpenTelemetry's ASP.NET Core and HttpClient instrumentation export. Other tests' spans show up too; only this
    /// test's words are looked for.
    /// </summary>
    sealed class EverySpan : IDisposable
    {
        readonly ConcurrentQueue<string> entries = new();
        readonly ActivityListener listener;
        public IReadOnlyCollection<string> Entries => entries;

        public EverySpan()
        {
            listener = new ActivityListener
            {
                ShouldListenTo = _ => true,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = a => entries.Enqueue(
                    $"{a.Source.Name} {a.DisplayName} {a.OperationName} [{string.Join("; ", a.TagObjects.Select(t => $"{t.Key}={t.Value}"))}] "
                    + $"{a.StatusDescription} {string.Join("; ", a.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}:{t.Key}={t.Value}")))}"),
            };
            ActivitySource.AddActivityListener(listener);
        }

        public void Dispose() => listener.Dispose();
    }
}
