using System.Diagnostics;
using System.Globalization;
using HitBot.Core.Storage;
using HitBot.Tests.Infrastructure;
using HitBot.Tests.Shared;

namespace HitBot.Bench;

/// <summary>
/// HitBot's <c>POST /api/messages</c> and a Bot Framework SDK bot (botbuilder 4.23 CloudAdapter, bench/botbuilder-reference)
/// doing the same job, measured in alternating slices on the same machine with the same driver, the same JWTs (signed
/// by the local OpenID endpoint's key) and the same Connector stand-in for the replies. Other work on the machine
/// moves both alike, so the ratio is the figure to read.
/// </summary>
/// <remarks>
/// CPU per request is the CPU time of both processes together (the bench process, which holds the driver, the
/// stand-ins and HitBot, and the node process) divided by the requests: the driver and stand-ins cost the same in both
/// slices. A HitBot slice lasts until the dispatcher has delivered every reply it queued, since the SDK bot sends its
/// reply inside the request; its rate counts that time too.
/// </remarks>
static class SideBySideBenchmark
{
    const int Senders = 32;
    const int Tutors = 2000;

    sealed record Target(string Name, Uri Url);

    sealed class Figures
    {
        public List<double> P50 { get; } = [];
        public List<double> P99 { get; } = [];
        public List<double> Rate { get; } = [];
        public List<double> CpuMs { get; } = [];
        public int Requests;
        public int Errors;
    }

    public static async Task<BenchResult[]> RunAsync(int rounds, int perSecond, TimeSpan slice)
    {
        await using var connector = await FakeBotConnector.StartAsync(recordCalls: false);
        await using var openId = TestOpenIdServer.Start();
        using var host = MessagesBenchmark.StartHost(connector, openId, tutors: Tutors);
        var checkpoints = host.Get<CheckpointProgress>();
        using var reference = await ReferenceBot.StartAsync(MessagesBenchmark.AppId, openId.MetadataUrl);
        var token = new BotTokens(openId.SigningKey, MessagesBenchmark.AppId, connector.ServiceUrl, DateTimeOffset.UtcNow).Create();
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) });
        var load = new TeamsLoad(http, token, connector.ServiceUrl, MessagesBenchmark.AppId, Tutors);
        var hitbot = new Target("HitBot", new Uri(host.BaseAddress, "/api/messages"));
        var sdk = new Target("botbuilder 4.23", reference.MessagesUrl);
        var figures = new Dictionary<Target, Figures> { [hitbot] = new(), [sdk] = new() };
        TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime + reference.Cpu;

        // Warm-up for both: JIT, OpenID metadata and keys, connection pools.
        foreach (var target in new[] { hitbot, sdk })
        {
            var before = connector.ActivityCount;
            var warm = await load.SaturateAsync(target.Url, Senders, TimeSpan.FromSeconds(4));
            await DrainAsync(target.Name, reference, connector, before + warm.Latencies.Count - warm.Errors);
        }

        for (var round = 0; round < rounds; round++)
        {
            // Alternate which goes first, so neither always follows the other's leftovers.
            var order = round % 2 == 0 ? new[] { hitbot, sdk } : [sdk, hitbot];
            foreach (var target in order)
            {
                var f = figures[target];
                var before = connector.ActivityCount;
                var open = await load.OpenLoopAsync(target.Url, perSecond, slice);
                await DrainAsync(target.Name, reference, connector, before + open.Latencies.Count - open.Errors);
                f.P50.Add(open.Percentile(0.50));
                f.P99.Add(open.Percentile(0.99));
                f.Requests += open.Latencies.Count;
                f.Errors += open.Errors;
            }
            foreach (var target in order)
            {
                var f = figures[target];
                var before = connector.ActivityCount;
                var cpuBefore = Cpu();
                var watch = Stopwatch.StartNew();
                var full = await load.SaturateAsync(target.Url, Senders, slice);
                var answered = full.Latencies.Count - full.Errors;
                await DrainAsync(target.Name, reference, connector, before + answered);
                var elapsed = watch.Elapsed;
                f.Rate.Add(answered / elapsed.TotalSeconds);
                f.CpuMs.Add((Cpu() - cpuBefore).TotalMilliseconds / Math.Max(1, answered));
                f.Requests += full.Latencies.Count;
                f.Errors += full.Errors;
            }
        }

        var (h, s) = (figures[hitbot], figures[sdk]);
        var summary = new BenchResult(
            $"Side by side: POST /api/messages with JWT validation, HitBot and botbuilder 4.23 CloudAdapter ({rounds} alternating rounds of {slice.TotalSeconds:F0} s slices; median, range)",
        [
            ("p50 at " + perSecond + " / s (ms)", Row(h.P50, s.P50, "F1")),
            ("p99 at " + perSecond + " / s (ms)", Row(h.P99, s.P99, "F1")),
            ($"most requests per second ({Senders} senders, replies delivered)", Row(h.Rate, s.Rate, "F0")),
            ("CPU per request (ms, all processes)", Row(h.CpuMs, s.CpuMs, "F2")),
            ("requests / non-200 answers", $"{h.Requests} / {h.Errors} | {s.Requests} / {s.Errors} | SDK turn errors: {reference.ErrorLines}"),
            // Every read and write of HitBot waits while one runs (CheckpointLoop): the figure says how much of the tail they can be.
            ("LiteDB checkpoints during the run: how many, the longest (ms)", $"{checkpoints.Checkpoints}, {checkpoints.Longest.TotalMilliseconds:F1} | — | —"),
        ]) { Columns = ["metric", "HitBot", "botbuilder 4.23", "HitBot ÷ botbuilder"] };
        return [summary];
    }

    internal static string Row(List<double> hitbot, List<double> sdk, string format) =>
        $"{Cell(hitbot, format)} | {Cell(sdk, format)} | {Median(hitbot) / Median(sdk):F2}";

    internal static string Cell(List<double> values, string format) =>
        $"{Median(values).ToString(format, CultureInfo.InvariantCulture)} ({values.Min().ToString(format, CultureInfo.InvariantCulture)}–{values.Max().ToString(format, CultureInfo.InvariantCulture)})";

    internal static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Waits until the Connector stand-in has received every reply the slice's answered requests asked for.</summary>
    static async Task DrainAsync(string target, ReferenceBot reference, FakeBotConnector connector, int expected)
    {
        var watch = Stopwatch.StartNew();
        while (connector.ActivityCount < expected)
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(120))
                throw new TimeoutException($"{target}: only {connector.ActivityCount} of {expected} replies reached the Connector stand-in. The SDK bot's last lines:\n{reference.Tail}");
            await Task.Delay(5);
        }
    }
}
