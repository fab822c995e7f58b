using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using HitBot.Hosting;
using HitBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace HitBot.Tests;

public sealed class HealthEndpointTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static async Task<(HttpStatusCode Status, JsonObject Body)> GetAsync(HitBotApp app, string path)
    {
        var response = await app.CreateClient().GetAsync(new Uri(path, UriKind.Relative), Ct);
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!);
    }

    [Fact]
    public async Task A_load_balancer_gets_200_from_healthz_on_a_fresh_install()
    {
        using var app = new HitBotApp();

        var (status, body) = await GetAsync(app, "/healthz");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ok", body["status"]?.GetValue<string>());
        Assert.True(body["schemaVersion"]?.GetValue<int>() > 0);
    }

    [Fact]
    public async Task Readyz_says_degraded_but_answers_200_when_only_the_Teams_emulator_is_on()
    {
        using var app = new HitBotApp();

        var (status, body) = await GetAsync(app, "/readyz");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("degraded", body["status"]?.GetValue<string>());
        Assert.Equal("healthy", body["checks"]?["database"]?["status"]?.GetValue<string>());
        Assert.Equal("degraded", body["checks"]?["channels"]?["status"]?.GetValue<string>());
        Assert.Contains("emulator mode", body["checks"]?["channels"]?["description"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("healthy", body["checks"]?["outbox"]?["status"]?.GetValue<string>());
    }

    [Fact]
    public async Task Readyz_on_a_fresh_install_names_the_settings_that_turn_a_chat_on_rather_than_emulator_mode()
    {
        using var app = new HitBotApp(new() { ["HitBot:Teams:Emulator"] = "false" });

        var (status, body) = await GetAsync(app, "/readyz");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("degraded", body["checks"]?["channels"]?["status"]?.GetValue<string>());
        var description = body["checks"]?["channels"]?["description"]?.GetValue<string>();
        Assert.Contains("Teams is off (set HitBot:Teams:AppId)", description, StringComparison.Ordinal);
        Assert.Contains("HitBot:Slack:SigningSecret", description, StringComparison.Ordinal);
        Assert.DoesNotContain("emulator", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_is_ready_when_Teams_is_configured()
    {
        await using var teams = await TeamsTestApp.StartWithAuthAsync();

        var (status, body) = await GetAsync(teams.App, "/readyz");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ready", body["status"]?.GetValue<string>());
        Assert.Equal("Teams configured", body["checks"]?["channels"]?["description"]?.GetValue<string>());
    }

    [Fact]
    public async Task Readyz_answers_503_when_a_delivery_waits_past_the_limit_and_none_finishes()
    {
        // No dispatcher: nothing leaves the outbox, as when sending has stopped.
        using var app = new HitBotApp(new() { ["HitBot:Telemetry:OutboxStuckAfter"] = "00:15:00" })
        {
            TestServices = s => s.Remove(s.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(Dispatcher))),
        };
        var now = app.Time.GetUtcNow();
        Assert.True(app.Get<OutboxStore>().TryEnqueue(Delivery.Send("stuck:maya", "stuck", null,
            new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:maya" }, Message.Text("Hello"), now)));
        var (before, _) = await GetAsync(app, "/readyz");

        app.Time.Advance(TimeSpan.FromMinutes(16));
        var (after, body) = await GetAsync(app, "/readyz");

        Assert.Equal(HttpStatusCode.OK, before);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, after);
        Assert.Equal("unready", body["status"]?.GetValue<string>());
        Assert.StartsWith("stuck: a delivery has been due since", body["checks"]?["outbox"]?["description"]?.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>
    /// A load balancer probes /readyz every few seconds: each probe of a degraded or stuck HitBot logged a warning per
    /// check, thousands a day, burying every other line. Now one line when readiness changes, and none per probe.
    /// </summary>
    [Fact]
    public async Task Readiness_is_logged_once_when_it_changes_not_at_every_probe()
    {
        var log = new AllLines();
        using var app = new HitBotApp()
        {
            TestServices = s =>
            {
                s.Remove(s.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(Dispatcher)));
                s.AddSingleton<ILoggerProvider>(log);
            },
        };
        Assert.True(app.Get<OutboxStore>().TryEnqueue(Delivery.Send("stuck:maya", "stuck", null,
            new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:maya" }, Message.Text("Hello"), app.Time.GetUtcNow())));

        for (var probe = 0; probe < 3; probe++) await GetAsync(app, "/readyz");
        app.Time.Advance(TimeSpan.FromMinutes(16));
        for (var probe = 0; probe < 3; probe++) await GetAsync(app, "/readyz");

        var readiness = log.Lines.Where(l => l.Level >= LogLevel.Warning && l.Text.Contains("/readyz", StringComparison.Ordinal)).ToList();
        Assert.Equal([LogLevel.Warning, LogLevel.Error], readiness.Select(l => l.Level));
        Assert.Contains("emulator mode", readiness[0].Text, StringComparison.Ordinal);
        Assert.Contains("outbox: stuck", readiness[1].Text, StringComparison.Ordinal);
        Assert.DoesNotContain(log.Lines, l => l.Category.Contains("HealthCheck", StringComparison.Ordinal) && l.Level >= LogLevel.Warning);
    }

    /// <summary>
    /// A full disk (or one remounted read-only) refuses every write: answers, clicks and sends are lost, while the database
    /// check read the schema version from memory and said "healthy". It must say so, with the file and the system's reason,
    /// and the log once, not at every probe.
    /// </summary>
    [Fact]
    public async Task Readyz_answers_503_naming_the_file_and_the_reason_once_the_disk_refuses_a_write_and_the_log_says_it_once()
    {
        var log = new AllLines();
        using var app = new HitBotApp()
        {
            TestServices = s =>
            {
                s.Remove(s.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(Dispatcher)));
                // HitBot stops itself on such a write (BackgroundFailureTests); here it stays up to be probed.
                s.Remove(s.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(DatabaseFileWatch)));
                s.AddSingleton<ILoggerProvider>(log);
            },
        };
        var db = app.Get<HitBotDb>();
        await GetAsync(app, "/readyz");
        db.RefuseWrites(() => new IOException("No space left on device"));

        Assert.ThrowsAny<IOException>(() => app.Get<OutboxStore>().TryEnqueue(Delivery.Send("full:maya", "full", null,
            new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:maya" }, Message.Text("Hello"), app.Time.GetUtcNow())));
        var (status, body) = await GetAsync(app, "/readyz");
        for (var probe = 0; probe < 3; probe++) await GetAsync(app, "/readyz");
        var (live, liveBody) = await GetAsync(app, "/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unhealthy", body["checks"]?["database"]?["status"]?.GetValue<string>());
        var description = body["checks"]?["database"]?["description"]?.GetValue<string>();
        Assert.Contains(db.FilePath, description, StringComparison.Ordinal);
        Assert.Contains("No space left on device. Nothing new is saved", description, StringComparison.Ordinal);
        Assert.Contains("restart HitBot", description, StringComparison.Ordinal);
        var unready = Assert.Single(log.Lines, l => l.Level == LogLevel.Error && l.Text.Contains("/readyz answers 503", StringComparison.Ordinal));
        Assert.Contains("database: HitBot cannot write its database file", unready.Text, StringComparison.Ordinal);
        // LiteDB has closed the file and only a restart opens it again: the liveness probe is what restarts a process.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, live);
        Assert.Equal("failed", liveBody["status"]?.GetValue<string>());
        Assert.Contains("No space left on device", liveBody["description"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("restart HitBot", liveBody["description"]?.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>
    /// LiteDB writes a commit's pages on a thread of its own while its writer is busy there (its first run, a slow flush on
    /// a loaded disk), and whenever the committing thread has a synchronization context of its own, which this test uses
    /// to make it happen every time. The write returned before its page reached the disk, and the disk's refusal came
    /// after, out of sight of the write: the caller was told it was stored (a request answered 200) while LiteDB closed the
    /// file, /readyz went on saying the database was healthy and /healthz "ok", and HitBot did not stop itself, until some
    /// later write happened to fail; a CI run under load read "healthy" so in the test above. Now the write waits for its
    /// page and fails with the disk's refusal, and both checks say so.
    /// </summary>
    [Fact]
    public async Task A_write_the_disk_refuses_on_LiteDBs_own_writer_thread_fails_and_readyz_and_healthz_say_so()
    {
        using var app = new HitBotApp()
        {
            TestServices = s =>
            {
                s.Remove(s.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(Dispatcher)));
                s.Remove(s.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(DatabaseFileWatch)));
            },
        };
        var db = app.Get<HitBotDb>();
        await GetAsync(app, "/readyz");
        var writer = 0;
        var refusedOn = 0;
        db.RefuseWrites(() =>
        {
            refusedOn = Environment.CurrentManagedThreadId;
            return new IOException("No space left on device");
        });

        var failure = OnAThreadWithItsOwnContext<Exception?>(() =>
        {
            writer = Environment.CurrentManagedThreadId;
            try
            {
                app.Get<OutboxStore>().TryEnqueue(Delivery.Send("late:maya", "late", null,
                    new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:maya" }, Message.Text("Hello"), app.Time.GetUtcNow()));
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        });
        await db.FileClosed.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var (status, body) = await GetAsync(app, "/readyz");
        var (live, liveBody) = await GetAsync(app, "/healthz");

        Assert.NotEqual(writer, refusedOn); // the page was written on LiteDB's own thread, not the writing one
        Assert.NotNull(failure); // not told it was stored
        Assert.Contains("No space left on device", failure.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unhealthy", body["checks"]?["database"]?["status"]?.GetValue<string>());
        Assert.Contains("No space left on device. Nothing new is saved", body["checks"]?["database"]?["description"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, live);
        Assert.Contains("No space left on device", liveBody["description"]?.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>Runs <paramref name="work"/> on a thread whose synchronization context is not the default one, so LiteDB's writer does not run inline there.</summary>
    static T OnAThreadWithItsOwnContext<T>(Func<T> work)
    {
        var result = default(T);
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            SynchronizationContext.SetSynchronizationContext(new ContextOfItsOwn());
            try { result = work(); }
            catch (Exception e) { failure = e; }
        });
        thread.Start();
        thread.Join();
        if (failure is not null) throw new InvalidOperationException("The write failed on its thread.", failure);
        return result!;
    }

    sealed class ContextOfItsOwn : SynchronizationContext;

    sealed class AllLines : ILoggerProvider
    {
        readonly System.Collections.Concurrent.ConcurrentQueue<(string Category, LogLevel Level, string Text)> lines = new();
        public IReadOnlyCollection<(string Category, LogLevel Level, string Text)> Lines => lines;
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);
        public void Dispose() { }

        sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<(string, LogLevel, string)> lines)
            : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state,
                Exception? exception, Func<TState, Exception?, string> formatter) => lines.Enqueue((category, logLevel, formatter(state, exception)));
        }
    }

    /// <summary>
    /// A revoked Slack token fails every send at once (they wait for a working token, one tried every few minutes): monitoring
    /// must see it, and see it end when a send goes through again after the token is replaced.
    /// </summary>
    [Fact]
    public async Task Readyz_answers_503_naming_the_setting_while_Slack_refuses_the_bot_token_and_ready_again_once_a_send_goes_through()
    {
        await using var slack = await SlackTestApp.StartAsync();
        var outbox = slack.App.Get<OutboxStore>();
        var progress = slack.App.Get<DispatcherProgress>();
        var address = new ChannelAddress { Channel = ChannelKind.Slack, TeamId = FakeSlackApi.TeamId, UserId = "U1MAYA", ConversationId = "D1" };
        slack.Slack.FailNext("chat.postMessage", "token_revoked");
        outbox.TryEnqueue(Delivery.Send("creds:1", "creds", null, address, Message.Text("Hello"), slack.Now));
        await progress.WaitForAsync(() => outbox.Find("creds:1")?.State == DeliveryState.Failed, TimeSpan.FromSeconds(30), Ct);

        var (refused, body) = await GetAsync(slack.App, "/readyz");
        await slack.DispatcherSettledAsync(Ct);
        slack.App.Time.Advance(TimeSpan.FromMinutes(5));
        await progress.WaitForAsync(() => outbox.Find("creds:1")?.State == DeliveryState.Sent, TimeSpan.FromSeconds(30), Ct);
        var (again, _) = await GetAsync(slack.App, "/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused);
        Assert.Equal("unhealthy", body["checks"]?["channels"]?["status"]?.GetValue<string>());
        Assert.Contains("HitBot:Slack:BotToken", body["checks"]?["channels"]?["description"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, again);
    }

    /// <summary>
    /// A workspace admin uninstalled the app on Friday evening: Slack said so at once (app_uninstalled), and monitoring
    /// and the overview must say so then, not on Monday when the weekly update fails for every tutor. A person's own
    /// token revoked (tokens_revoked without a bot token) is not HitBot's. Reinstalled with the new token, a send that
    /// goes through makes HitBot ready again.
    /// </summary>
    [Fact]
    public async Task Readyz_answers_503_naming_Slack_as_soon_as_Slack_says_the_app_was_uninstalled_and_ready_again_once_a_send_goes_through()
    {
        await using var slack = await SlackTestApp.StartAsync();
        var outbox = slack.App.Get<OutboxStore>();
        var progress = slack.App.Get<DispatcherProgress>();
        var userTokenOnly = SlackRequests.EventCallback("EvTok", new JsonObject
        {
            ["type"] = "tokens_revoked", ["tokens"] = new JsonObject { ["oauth"] = new JsonArray("U1MAYA"), ["bot"] = new JsonArray() },
        });
        var uninstalled = SlackRequests.EventCallback("EvGone", new JsonObject { ["type"] = "app_uninstalled" });

        var userTokenAnswer = await slack.Client.SendAsync(SlackRequests.Event(userTokenOnly, slack.Now), Ct);
        var (stillReady, _) = await GetAsync(slack.App, "/readyz");
        var uninstalledAnswer = await slack.Client.SendAsync(SlackRequests.Event(uninstalled, slack.Now), Ct);
        var (removed, body) = await GetAsync(slack.App, "/readyz");
        var overview = await slack.App.CreateAdminClient().GetFromJsonAsync<JsonObject>(new Uri("/api/admin/overview", UriKind.Relative), Ct);
        var address = new ChannelAddress { Channel = ChannelKind.Slack, TeamId = FakeSlackApi.TeamId, UserId = "U1MAYA", ConversationId = "D1" };
        outbox.TryEnqueue(Delivery.Send("after-reinstall:1", "reinstall", null, address, Message.Text("Hello again"), slack.Now));
        await progress.WaitForAsync(() => outbox.Find("after-reinstall:1")?.State == DeliveryState.Sent, TimeSpan.FromSeconds(30), Ct);
        var (again, _) = await GetAsync(slack.App, "/readyz");

        Assert.Equal(HttpStatusCode.OK, userTokenAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillReady);
        Assert.Equal(HttpStatusCode.OK, uninstalledAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, removed);
        Assert.Contains("install the Slack app again", body["checks"]?["channels"]?["description"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("refused", overview?["chats"]?["slack"]?.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, again);
    }

    /// <summary>
    /// Slack was busy when HitBot started, and refused the bot token when the check was made again in the background: a
    /// Slack-only district must see it on /readyz at once, not only after the next send has failed.
    /// </summary>
    [Fact]
    public async Task Readyz_answers_503_when_Slack_refuses_the_bot_token_at_the_check_made_again_after_a_busy_start()
    {
        await using var fake = await FakeSlackApi.StartAsync();
        fake.RateLimitNext("auth.test", 30);
        fake.FailNext("auth.test", "token_revoked");
        using var app = new HitBotApp(SlackTestApp.Settings(fake));
        app.CreateClient().Dispose();
        var progress = app.Get<DispatcherProgress>();

        app.Time.Advance(TimeSpan.FromMinutes(5));
        await progress.WaitForAsync(() => progress.CredentialsRefused.ContainsKey(ChannelKind.Slack), TimeSpan.FromSeconds(30), Ct);
        var (status, body) = await GetAsync(app, "/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("HitBot:Slack:BotToken", body["checks"]?["channels"]?["description"]?.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>
    /// A district on both chats whose Teams admin turned HitBot off: Slack's people and the dashboard must stay in service, so
    /// a load balancer that follows /readyz must not take HitBot out; the answer still says what is wrong with Teams.
    /// </summary>
    [Fact]
    public async Task Readyz_stays_200_and_says_degraded_naming_Teams_while_Teams_refuses_HitBot_and_Slack_still_works()
    {
        await using var slackApi = await FakeSlackApi.StartAsync();
        await using var teams = await TeamsTestApp.StartWithAuthAsync(settings: SlackTestApp.Settings(slackApi));
        var outbox = teams.App.Get<OutboxStore>();
        var progress = teams.App.Get<DispatcherProgress>();
        teams.Connector.DisabledByAdmin = true;
        var address = new ChannelAddress
        {
            Channel = ChannelKind.Teams, UserId = "29:maya", ConversationId = FakeBotConnector.ConversationFor("29:maya"),
            ServiceUrl = teams.Connector.ServiceUrl, TenantId = TeamsActivities.TenantId, BotId = TeamsActivities.BotId,
        };
        outbox.TryEnqueue(Delivery.Send("creds:teams", "creds", null, address, Message.Text("Hello"), teams.App.Time.GetUtcNow()));
        await progress.WaitForAsync(() => outbox.Find("creds:teams")?.State == DeliveryState.Dead, TimeSpan.FromSeconds(30), Ct);

        var (status, body) = await GetAsync(teams.App, "/readyz");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("degraded", body["status"]?.GetValue<string>());
        var channels = body["checks"]?["channels"];
        Assert.Equal("degraded", channels?["status"]?.GetValue<string>());
        Assert.Contains("Teams has refused HitBot", channels?["description"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Slack still works", channels?["description"]?.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_is_exported_unless_an_OTLP_endpoint_is_set()
    {
        using var app = new HitBotApp();

        Assert.Null(app.Services.GetService<MeterProvider>());
        Assert.Null(app.Services.GetService<TracerProvider>());
    }

    [Theory]
    [InlineData("not a url")]
    // How collectors' own docs write the gRPC address: read as a URL of the scheme "localhost", it started and exported nothing.
    [InlineData("localhost:4317")]
    [InlineData("otel-collector:4318")]
    public void A_wrong_OTLP_setting_stops_the_start_naming_the_key(string endpoint)
    {
        using var app = new HitBotApp(new() { ["HitBot:Telemetry:OtlpEndpoint"] = endpoint });

        var error = Assert.Throws<OptionsValidationException>(() => app.Services);

        Assert.Contains("HitBot:Telemetry:OtlpEndpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_service_name_with_OTLP_on_stops_the_start_naming_the_key()
    {
        // An env file's `HitBot__Telemetry__ServiceName=` left empty was an unhandled ArgumentException, a stack trace and exit 134.
        using var app = new HitBotApp(new()
        {
            ["HitBot:Telemetry:OtlpEndpoint"] = "http://127.0.0.1:1",
            ["HitBot:Telemetry:ServiceName"] = "",
        });

        var error = Assert.Throws<OptionsValidationException>(() => app.Services);

        Assert.Contains("HitBot:Telemetry:ServiceName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Production_logs_are_one_JSON_object_per_line()
    {
        using var app = new HitBotApp(new() { ["environment"] = "Production" });

        Assert.Equal(ConsoleFormatterNames.Json, app.Get<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
    }
}
