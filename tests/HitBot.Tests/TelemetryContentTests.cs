using System.Diagnostics;
using System.Text;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Hosting;
using HitBot.Teams;
using HitBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace HitBot.Tests;

/// <summary>Run alone: HitBot's meter is one per process, and another test's sends would land in these counts.</summary>
[CollectionDefinition(nameof(TelemetryContent), DisableParallelization = true)]
public sealed class TelemetryContent;

/// <summary>What a district's collector receives: true counts, and nothing that names a person or quotes what they wrote.</summary>
[Collection(nameof(TelemetryContent))]
public sealed class TelemetryContentTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    const string Email = "maya.quill@district.example";
    const string SlackUser = "UQUILL77";
    const string TeamsText = "Jordan in my group cries every Tuesday";
    const string SlackText = "my coach Priya never answers";
    // A coordinator's browser says whose phone it is; the collector learns nothing of who called.
    const string Browser = "Mozilla/5.0 (iPhone; LenaParksPhone)";

    [Fact]
    public async Task Traces_carry_no_name_email_chat_id_text_or_token()
    {
        await using var collector = await LocalCollector.StartAsync();
        var spans = new List<Activity>();
        await using var two = await TwoChannelApp.StartAsync(more: Exporting(collector), services: s =>
            s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans)));
        two.Slack.AddUser(SlackUser, Email);
        await two.Teams.ImportRosterAsync($"Maya Quill,{Email},tutor,,\n");
        var person = two.Teams.App.Get<DirectoryStore>().FindByEmail(Email)!;
        var teamsUser = two.Teams.NewUser();

        (await two.Teams.PostAsync(teamsUser.Text(TeamsText))).EnsureSuccessStatusCode();
        (await two.Teams.Client.SendAsync(SlackRequests.Event(SlackRequests.DirectMessage("Ev-otel", SlackUser, SlackText), two.Teams.App.Time.GetUtcNow()), Ct))
            .EnsureSuccessStatusCode();
        var admin = two.Teams.App.CreateAdminClient();
        admin.DefaultRequestHeaders.UserAgent.ParseAdd(Browser);
        (await admin.GetAsync(new Uri("/api/admin/people?q=" + Uri.EscapeDataString(Email), UriKind.Relative), Ct)).EnsureSuccessStatusCode();
        (await admin.GetAsync(new Uri("/api/admin/people/" + person.Id, UriKind.Relative), Ct)).EnsureSuccessStatusCode();
        await two.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);
        await two.Teams.DeliveredAsync();
        two.Teams.App.Get<TracerProvider>().ForceFlush(10_000);
        two.Teams.App.Get<MeterProvider>().ForceFlush(10_000);

        string[] personal = [Email, "Maya", "Quill", person.Id, teamsUser.UserId, teamsUser.UserId[3..], teamsUser.ConversationId,
            SlackUser, "D" + SlackUser, TeamsText, SlackText, HitBotApp.AdminToken, "xoxb-test-token", "LenaParksPhone"];
        var exported = spans.ToList();
        // Joined, so a failure shows what leaked.
        Assert.Equal("", string.Join('\n', exported.SelectMany(Texts).Where(text => personal.Any(p => text.Contains(p, StringComparison.OrdinalIgnoreCase)))));
        // And on the wire to the collector, where resource attributes and metrics travel too.
        foreach (var body in collector.Bodies)
            foreach (var p in personal)
                Assert.Equal(-1, body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(p)));
        // The calls and requests are there, each under its template.
        Assert.Contains(exported, s => s.Source.Name == "System.Net.Http" && ((string?)s.GetTagItem("url.full"))?.Contains("/v3/conversations/{id}/activities", StringComparison.Ordinal) == true);
        Assert.Contains(exported, s => (string?)s.GetTagItem("url.path") == "/api/admin/people/{id}" && (string?)s.GetTagItem("hitbot.surface") == "admin");
    }

    [Fact]
    public async Task Reaching_someone_through_Microsoft_Graph_exports_neither_their_email_nor_their_Entra_id()
    {
        await using var collector = await LocalCollector.StartAsync();
        await using var graph = await FakeGraph.StartAsync();
        var spans = new List<Activity>();
        var settings = Exporting(collector);
        settings["HitBot:Teams:ProactiveInstall"] = "true";
        settings["HitBot:Teams:TenantId"] = "5d0c7a1e-2b3f-4c8d-9e6a-1f2b3c4d5e6f";
        settings["HitBot:Teams:CatalogAppId"] = "e2b7c9d1-4a6f-4e3b-8c5d-7f9a1b2c3d4e";
        settings["HitBot:Teams:GraphBaseUrl"] = "https://graph.fake.test/v1.0";
        await using var teams = await TeamsTestApp.StartWithAuthAsync(settings: settings, services: s =>
        {
            s.AddHttpClient(GraphClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new RerouteHandler(graph.BaseUrl));
            s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans));
        });
        var entraId = graph.AddUser(Email);
        teams.Connector.AddMember("29:quill-teams", Email, "Maya Quill", entraId);

        await teams.ImportRosterAsync($"Maya Quill,{Email},tutor,,\n");
        var installer = teams.App.Get<TeamsProactiveInstaller>().Progress;
        await installer.WaitForAsync(() => graph.Installed.Count == 1 && installer.NextPassAt is not null, TimeSpan.FromSeconds(30), Ct);
        await teams.DeliveredAsync();
        teams.App.Get<TracerProvider>().ForceFlush(10_000);

        string[] personal = [Email, entraId, "quill-teams", "Maya", "Quill"];
        var exported = spans.ToList();
        Assert.Equal("", string.Join('\n', exported.SelectMany(Texts).Where(text => personal.Any(p => text.Contains(p, StringComparison.OrdinalIgnoreCase)))));
        Assert.Contains(exported, s => ((string?)s.GetTagItem("url.full"))?.EndsWith("/v1.0/users/{id}/teamwork/installedApps", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_message_slack_throttled_twice_then_sent_counts_as_one_sent_and_no_failure()
    {
        await using var collector = await LocalCollector.StartAsync();
        var metrics = new List<MetricSnapshot>();
        await using var slack = await SlackTestApp.StartAsync(extraSettings: Exporting(collector), services: s =>
            s.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metrics)));
        slack.Slack.RateLimitNext("chat.postMessage", 30);
        slack.Slack.RateLimitNext("chat.postMessage", 30);

        await slack.Client.SendAsync(SlackRequests.Event(SlackRequests.DirectMessage("Ev-throttled", "U1", "help"), slack.Now), Ct);
        for (var calls = 1; calls <= 3; calls++)
        {
            await slack.Slack.WaitForAsync(all => all.Count(c => c.Method == "chat.postMessage") == calls, Ct);
            await slack.DispatcherSettledAsync(Ct);
            slack.App.Time.Advance(TimeSpan.FromSeconds(30));
        }
        slack.App.Get<MeterProvider>().ForceFlush(10_000);

        Assert.Equal(1, Deliveries(metrics, "queued"));
        Assert.Equal(1, Deliveries(metrics, "sent"));
        Assert.Equal(2, Deliveries(metrics, "throttled"));
        Assert.Equal(0, Deliveries(metrics, "failed"));
        Assert.Equal(0, Deliveries(metrics, "dead"));
    }

    /// <summary>
    /// An operator alerts on a backlog or on lag: <c>hitbot.deliveries</c> only counts what happened. The collector gets
    /// how many messages wait (one due now, one held for tomorrow morning) and how long the one due longest ago has waited.
    /// </summary>
    [Fact]
    public async Task The_collector_gets_how_many_messages_wait_and_how_long_the_oldest_due_one_has_waited()
    {
        await using var collector = await LocalCollector.StartAsync();
        var metrics = new List<MetricSnapshot>();
        using var app = new HitBotApp(Exporting(collector))
        {
            TestServices = s =>
            {
                // No dispatcher: nothing leaves the outbox, as when Teams is down.
                s.Remove(s.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(Dispatcher)));
                s.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metrics));
            },
        };
        var outbox = app.Get<OutboxStore>();
        var provider = app.Get<MeterProvider>();
        var start = app.Time.GetUtcNow();
        Delivery To(string name) => Delivery.Send("gauge:" + name, "gauge", null,
            new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + name }, Message.Text("Hello"), start);

        provider.ForceFlush(10_000);
        var empty = (Waiting: Gauge(metrics, OutboxGauges.Waiting, "teams"), Wait: Gauge(metrics, OutboxGauges.Wait));
        Assert.True(outbox.TryEnqueue(To("maya")));
        Assert.True(outbox.TryEnqueue(To("sam") with { DueAt = start.AddDays(1).UtcDateTime }));
        app.Time.Advance(TimeSpan.FromMinutes(16));
        provider.ForceFlush(10_000);

        Assert.Equal((0, 0), empty);
        Assert.Equal(2, Gauge(metrics, OutboxGauges.Waiting, "teams"));
        Assert.Equal(0, Gauge(metrics, OutboxGauges.Waiting, "slack"));
        Assert.Equal(16 * 60, Gauge(metrics, OutboxGauges.Wait));
    }

    /// <summary>A gauge's last value as last exported (of one channel's point, when it has them).</summary>
    static double Gauge(List<MetricSnapshot> metrics, string name, string? channel = null)
    {
        var last = metrics.Last(m => m.Name == name);
        var point = Assert.Single(last.MetricPoints, p => channel is null || Tag(p, "channel") == channel);
        return last.MetricType == MetricType.LongGauge ? point.GetGaugeLastValueLong() : point.GetGaugeLastValueDouble();
    }

    static Dictionary<string, string?> Exporting(LocalCollector collector) => new()
    {
        ["HitBot:Telemetry:OtlpEndpoint"] = collector.BaseUrl,
        ["HitBot:Telemetry:OtlpProtocol"] = "http/protobuf",
    };

    /// <summary>Everything of a span that is exported as text: its name, tags, status, events and links.</summary>
    static IEnumerable<string> Texts(Activity span) =>
    [
        span.DisplayName, span.OperationName, span.StatusDescription ?? "",
        .. span.TagObjects.Select(t => $"{t.Key}={t.Value}"),
        .. span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}:{t.Key}={t.Value}")),
        .. span.Links.SelectMany(l => l.Tags?.Select(t => $"{t.Key}={t.Value}") ?? []),
    ];

    /// <summary>The Slack deliveries counted with this outcome, as last exported (cumulative).</summary>
    static long Deliveries(List<MetricSnapshot> metrics, string outcome) => metrics.Last(m => m.Name == "hitbot.deliveries").MetricPoints
        .Where(p => Tag(p, "channel") == "slack" && Tag(p, "outcome") == outcome).Sum(p => p.GetSumLong());

    static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
            if (tag.Key == key) return tag.Value?.ToString();
        return null;
    }
}
