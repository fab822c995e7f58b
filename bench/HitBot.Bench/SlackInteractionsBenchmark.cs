using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Routing;
using HitBot.Core.Storage;
using HitBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Bench;

/// <summary>
/// Tutors clicking a card button in Slack: signed <c>block_actions</c> payloads sent to <c>POST /slack/interactions</c>
/// at a steady rate over a real socket (open loop: a slow answer does not slow the sender down). Slack gives up on an
/// interaction after 3 seconds, so the figure that matters is how fast HitBot acknowledges. Each click is also carried
/// through: routed, queued, and the clicked message updated in place with chat.update on the local Slack stand-in.
/// </summary>
static class SlackInteractionsBenchmark
{
    const int Tutors = 2000;

    public static async Task<BenchResult> RunAsync(int perSecond, TimeSpan duration, TimeSpan warmUp)
    {
        // The stand-in and the driver run in processes of their own: this process then holds HitBot alone, and its
        // processor time is HitBot's (acknowledging, routing, queueing, and sending each chat.update).
        await using var slack = BenchChildProcess.Start(SlackProcesses.StandInVerb);
        var apiBaseUrl = await slack.ReadLineAsync();
        using var host = StartHost(apiBaseUrl);

        // The first seconds after start (JIT, connection pool, LiteDB cache) are reported apart from the steady state.
        var cold = await DriveFromOwnProcessAsync(host.BaseAddress, perSecond, warmUp, firstClick: 0);
        var coldLatencies = cold.Latencies.Order().ToList();
        await WaitForUpdatesAsync(slack, cold.Latencies.Count);
        var updatesBefore = await UpdatesAsync(slack);

        using var self = Process.GetCurrentProcess();
        var (cpuBefore, standInBefore) = (self.TotalProcessorTime, await ProcessorMsAsync(slack));
        var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
        var watch = Stopwatch.StartNew();
        var run = await DriveFromOwnProcessAsync(host.BaseAddress, perSecond, duration, firstClick: 1_000_000);
        await WaitForUpdatesAsync(slack, updatesBefore + run.Latencies.Count);
        var allUpdated = watch.Elapsed;
        self.Refresh();
        var clicks = Math.Max(1, run.Latencies.Count);
        var hitBotMs = (self.TotalProcessorTime - cpuBefore).TotalMilliseconds / clicks;
        // The JIT still recompiles hot code into its optimised tiers during the slice; a server that runs for days pays that once.
        var jitMs = (System.Runtime.JitInfo.GetCompilationTime() - jitBefore).TotalMilliseconds / clicks;
        var standInMs = (await ProcessorMsAsync(slack) - standInBefore) / clicks;
        var driverMs = run.ProcessorMs / clicks;

        var latencies = run.Latencies.Order().ToList();
        double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)(latencies.Count * p))];
        return new BenchResult($"Signed block_actions at POST /slack/interactions, {perSecond} per second for {duration.TotalSeconds:F0} s after a {warmUp.TotalSeconds:F0} s warm-up ({Tutors:N0} linked tutors)",
        [
            ("requests per second achieved", $"{latencies.Count / duration.TotalSeconds:F0}"),
            ("acknowledgement latency p50", $"{Percentile(0.50):F1} ms"),
            ("acknowledgement latency p99", $"{Percentile(0.99):F1} ms"),
            ("acknowledgement latency max", $"{latencies[^1]:F1} ms"),
            ($"first {warmUp.TotalSeconds:F0} s after start: p50 / p99 / max", $"{coldLatencies[coldLatencies.Count / 2]:F1} / {coldLatencies[(int)(coldLatencies.Count * 0.99)]:F1} / {coldLatencies[^1]:F1} ms"),
            ("requests / non-200 answers", $"{latencies.Count} / {run.Errors}"),
            ("every clicked message updated (chat.update) after", $"{allUpdated.TotalSeconds:F2} s"),
            ("CPU per click, acknowledged and its message updated: HitBot alone", $"{hitBotMs:F2} ms"),
            ("of which the JIT compiling code (tiering up; gone once warm) / the rest", $"{jitMs:F2} / {hitBotMs - jitMs:F2} ms"),
            ("CPU per click in the other processes: the driver (signing, sending; its start included) / the Slack stand-in", $"{driverMs:F2} / {standInMs:F2} ms"),
            ("LiteDB checkpoints during the run: how many, the longest", $"{host.Get<CheckpointProgress>().Checkpoints}, {host.Get<CheckpointProgress>().Longest.TotalMilliseconds:F1} ms"),
        ]);
    }

    /// <summary>HitBot with its Web API on the stand-in and <see cref="Tutors"/> tutors on the roster, each linked in Slack already.</summary>
    internal static BenchHost StartHost(string apiBaseUrl)
    {
        var settings = new Dictionary<string, string?>
        {
            ["HitBot:Slack:SigningSecret"] = SlackRequests.Secret,
            ["HitBot:Slack:BotToken"] = "xoxb-bench-token",
            ["HitBot:Slack:ApiBaseUrl"] = apiBaseUrl,
            // Slack's real chat.update limit is per workspace and far lower; lifted so the figure is HitBot's own.
            ["HitBot:Slack:SendsPerSecond"] = "1000",
            ["HitBot:Dispatcher:Concurrency"] = "64",
        };
        var host = new BenchHost(settings, services => services.AddSingleton<IInteractionRoutes, SlackTestRoutes>());
        var csv = "name,email,role\n" + string.Join("\n", Enumerable.Range(0, Tutors).Select(i => $"Tutor {i},tutor{i}@example.org,tutor"));
        host.Get<RosterImport>().Import(new StringReader(csv), skipInvalid: false);
        // Every tutor has used HitBot in Slack before (linked at first contact, which costs a users.info call once).
        var directory = host.Get<PeopleDirectory>();
        for (var i = 0; i < Tutors; i++)
            directory.Link(new ChannelAddress { Channel = ChannelKind.Slack, TeamId = FakeSlackApi.TeamId, UserId = UserId(i), ConversationId = "D" + UserId(i) }, $"tutor{i}@example.org");

        return host;
    }

    /// <param name="senders">When set, that many senders click as fast as they are answered instead of <paramref name="perSecond"/>.</param>
    internal static async Task<SlackProcesses.DriverReport> DriveFromOwnProcessAsync(Uri baseAddress, int perSecond, TimeSpan duration, int firstClick, int? senders = null)
    {
        string[] args = [baseAddress.ToString(),
            perSecond.ToString(CultureInfo.InvariantCulture), duration.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            firstClick.ToString(CultureInfo.InvariantCulture), .. senders is { } n ? [n.ToString(CultureInfo.InvariantCulture)] : Array.Empty<string>()];
        await using var driver = BenchChildProcess.Start(SlackProcesses.DriverVerb, args);
        return JsonSerializer.Deserialize<SlackProcesses.DriverReport>(await driver.ReadLineAsync())
               ?? throw new InvalidOperationException("The Slack driver reported nothing.");
    }

    internal static async Task<int> UpdatesAsync(BenchChildProcess slack) => int.Parse(await slack.AskAsync("updates"), CultureInfo.InvariantCulture);

    internal static async Task<double> ProcessorMsAsync(BenchChildProcess slack) => double.Parse(await slack.AskAsync("cpu"), CultureInfo.InvariantCulture);

    /// <summary>
    /// Fires one signed click every 1/<paramref name="perSecond"/> s without waiting for answers. Latency runs from
    /// the moment the click was due, so a sender that fell behind shows up in the figures instead of hiding them.
    /// </summary>
    internal static async Task<(List<double> Latencies, int Errors)> DriveAsync(HttpClient http, int perSecond, TimeSpan duration, int firstClick)
    {
        var count = (int)(perSecond * duration.TotalSeconds);
        var interval = TimeSpan.FromSeconds(1.0 / perSecond);
        var start = Stopwatch.GetTimestamp();
        var inFlight = new List<Task<(double Ms, bool Ok)>>(count);
        for (var i = 0; i < count; i++)
        {
            var due = interval * i;
            var wait = due - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            inFlight.Add(ClickAsync(http, firstClick + i, start, due));
        }
        var results = await Task.WhenAll(inFlight);
        return (results.Select(r => r.Ms).ToList(), results.Count(r => !r.Ok));
    }

    /// <summary>
    /// Closed loop: <paramref name="senders"/> each send a click as soon as the last one is answered, for the whole
    /// <paramref name="duration"/>: how many clicks a second the app can acknowledge.
    /// </summary>
    internal static async Task<(List<double> Latencies, int Errors)> SaturateAsync(HttpClient http, int senders, TimeSpan duration, int firstClick)
    {
        var start = Stopwatch.GetTimestamp();
        var next = firstClick - 1;
        var results = await Task.WhenAll(Enumerable.Range(0, senders).Select(async _ =>
        {
            var mine = new List<(double Ms, bool Ok)>();
            while (Stopwatch.GetElapsedTime(start) < duration)
                mine.Add(await ClickAsync(http, Interlocked.Increment(ref next), start, Stopwatch.GetElapsedTime(start)));
            return mine;
        }));
        var all = results.SelectMany(r => r).ToList();
        return (all.Select(r => r.Ms).ToList(), all.Count(r => !r.Ok));
    }

    static async Task<(double Ms, bool Ok)> ClickAsync(HttpClient http, int click, long start, TimeSpan due)
    {
        using var request = SlackRequests.Interaction(Click(click), DateTimeOffset.UtcNow);
        try
        {
            using var response = await http.SendAsync(request);
            return ((Stopwatch.GetElapsedTime(start) - due).TotalMilliseconds, response.IsSuccessStatusCode);
        }
        catch (HttpRequestException)
        {
            // A connection the app closed (Node drops idle keep-alive connections after 5 s) is a failed click, counted
            // with the non-200 answers, not the end of the run.
            return ((Stopwatch.GetElapsedTime(start) - due).TotalMilliseconds, false);
        }
    }

    /// <summary>Until the stand-in has seen this many chat.update calls, giving up after a minute without progress.</summary>
    internal static async Task WaitForUpdatesAsync(BenchChildProcess slack, int count)
    {
        var (seen, lastProgress) = (await UpdatesAsync(slack), Stopwatch.StartNew());
        while (seen < count)
        {
            if (lastProgress.Elapsed > TimeSpan.FromMinutes(1))
                throw new TimeoutException($"The Slack stand-in saw {seen} of {count} chat.update calls, and none for a minute.");
            await Task.Delay(50);
            var now = await UpdatesAsync(slack);
            if (now > seen) lastProgress.Restart();
            seen = now;
        }
    }

    static string UserId(int tutor) => "U" + tutor.ToString("D6", CultureInfo.InvariantCulture);
    /// <summary>A click on a message HitBot sent; every click is a new one (its own message and action_ts).</summary>
    static JsonObject Click(int click) => SlackRequests.ButtonClick(UserId(click % Tutors), SlackTestRoutes.Answer,
        """{"reaction":"helpful","update":"w12"}""", messageTs: $"1700000000.{click:D6}", actionTs: $"1700000300.{click:D6}");
}
