using System.Diagnostics;
using HitBot.Tests.Infrastructure;

namespace HitBot.Bench;

/// <summary>
/// HitBot's <c>POST /slack/interactions</c> and a Bolt for JavaScript 5.1 app (bench/bolt-reference) doing the same job
/// for a card button click (signature checked, acknowledged, the clicked message updated with chat.update on the same
/// Slack stand-in), driven at the same steady rate by the same driver process in alternating slices. This machine's
/// speed moves by a third from one minute to the next; it moves both alike within a round, so the ratio is the figure to
/// read. HitBot also writes each click's answer to disk before its 200; Bolt writes nothing. A third app, Bolt acknowledging
/// only, is the figure issue 16 first compared HitBot with.
/// </summary>
/// <remarks>
/// CPU per click is each app's own process: this process holds HitBot alone (the driver and the stand-in run in
/// processes of their own), and node holds Bolt. A slice lasts until the stand-in has seen every clicked message updated.
/// </remarks>
static class SlackSideBySideBenchmark
{
    const int Senders = 32;
    static readonly TimeSpan SaturationSlice = TimeSpan.FromSeconds(5);

    sealed class Figures
    {
        public List<double> P50 { get; } = [];
        public List<double> P99 { get; } = [];
        public List<double> CpuMs { get; } = [];
        public List<double> JitMs { get; } = [];
        public List<double> MaxRate { get; } = [];
        public int Requests;
        public int Errors;
    }

    public static async Task<BenchResult> RunAsync(int rounds, int perSecond, TimeSpan slice, TimeSpan warmUp)
    {
        await using var slack = BenchChildProcess.Start(SlackProcesses.StandInVerb);
        var apiBaseUrl = await slack.ReadLineAsync();
        using var host = SlackInteractionsBenchmark.StartHost(apiBaseUrl);
        using var bolt = await ReferenceBot.StartBoltAsync(SlackRequests.Secret, apiBaseUrl);
        using var boltAck = await ReferenceBot.StartBoltAsync(SlackRequests.Secret, apiBaseUrl, ackOnly: true);
        using var self = Process.GetCurrentProcess();
        TimeSpan HitBotCpu()
        {
            self.Refresh();
            return self.TotalProcessorTime;
        }
        var targets = new (Uri Url, bool Updates, Func<TimeSpan> Cpu, Figures Figures)[]
        {
            (host.BaseAddress, true, HitBotCpu, new Figures()),
            (bolt.BaseAddress, true, () => bolt.Cpu, new Figures()),
            (boltAck.BaseAddress, false, () => boltAck.Cpu, new Figures()),
        };

        // Every click is a new message (its own action_ts and message ts), so no slice repeats another's.
        var nextClick = 0;
        async Task<SlackProcesses.DriverReport> SliceAsync(Uri url, bool updates, TimeSpan length, int? senders = null)
        {
            var updatesBefore = await SlackInteractionsBenchmark.UpdatesAsync(slack);
            var run = await SlackInteractionsBenchmark.DriveFromOwnProcessAsync(url, perSecond, length, nextClick, senders);
            nextClick += run.Latencies.Count;
            if (updates) await SlackInteractionsBenchmark.WaitForUpdatesAsync(slack, updatesBefore + run.Latencies.Count - run.Errors);
            return run;
        }

        foreach (var target in targets) await SliceAsync(target.Url, target.Updates, warmUp);
        for (var round = 0; round < rounds; round++)
        {
            // Alternate which goes first, so neither always follows the other's leftovers.
            foreach (var (url, updates, cpu, f) in round % 2 == 0 ? targets : [.. targets.Reverse()])
            {
                var (cpuBefore, jitBefore) = (cpu(), System.Runtime.JitInfo.GetCompilationTime());
                var run = await SliceAsync(url, updates, slice);
                var clicks = Math.Max(1, run.Latencies.Count - run.Errors);
                f.CpuMs.Add((cpu() - cpuBefore).TotalMilliseconds / clicks);
                f.JitMs.Add((System.Runtime.JitInfo.GetCompilationTime() - jitBefore).TotalMilliseconds / clicks);
                var sorted = run.Latencies.Order().ToList();
                f.P50.Add(sorted[sorted.Count / 2]);
                f.P99.Add(sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * 0.99))]);
                f.Requests += run.Latencies.Count;
                f.Errors += run.Errors;
            }
        }

        // Most clicks a second: senders as fast as they are answered. HitBot's acknowledged clicks are on disk by then;
        // Bolt's updates still to send are in its memory. Every slice waits for its updates before the next begins.
        foreach (var (url, updates, _, f) in targets)
        {
            var run = await SliceAsync(url, updates, SaturationSlice, Senders);
            f.MaxRate.Add((run.Latencies.Count - run.Errors) / SaturationSlice.TotalSeconds);
            f.Requests += run.Latencies.Count;
            f.Errors += run.Errors;
        }

        var (h, b, a) = (targets[0].Figures, targets[1].Figures, targets[2].Figures);
        return new BenchResult(
            $"Side by side: signed block_actions at POST /slack/interactions, HitBot and Bolt 5.1 ({rounds} alternating rounds of {slice.TotalSeconds:F0} s slices at {perSecond} / s after {warmUp.TotalSeconds:F0} s each to warm up; median, range)",
        [
            ("acknowledgement p50 (ms)", SideBySideBenchmark.Row(h.P50, b.P50, "F1")),
            ("acknowledgement p99 (ms)", SideBySideBenchmark.Row(h.P99, b.P99, "F1")),
            ("CPU per click, acknowledged and its message updated (ms, the app's own process)", SideBySideBenchmark.Row(h.CpuMs, b.CpuMs, "F2")),
            ($"most clicks acknowledged a second ({Senders} senders, {SaturationSlice.TotalSeconds:F0} s)", $"{h.MaxRate[0]:F0} | {b.MaxRate[0]:F0} (acknowledging only: {a.MaxRate[0]:F0}) | {h.MaxRate[0] / b.MaxRate[0]:F2}"),
            ("Bolt acknowledging only (no chat.update): p50 / p99 (ms)", $"— | {SideBySideBenchmark.Median(a.P50):F1} / {SideBySideBenchmark.Median(a.P99):F1} | —"),
            ("Bolt acknowledging only: CPU per click (ms); HitBot ÷ it", $"— | {SideBySideBenchmark.Cell(a.CpuMs, "F2")} | {SideBySideBenchmark.Median(h.CpuMs) / SideBySideBenchmark.Median(a.CpuMs):F2}"),
            ("of HitBot's: the JIT still compiling hot code into its optimised tiers (ms)", $"{string.Join(", ", h.JitMs.Select(j => j.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))} | — | —"),
            ("requests / non-200 answers", $"{h.Requests} / {h.Errors} | {b.Requests} / {b.Errors}, acknowledging only {a.Requests} / {a.Errors} | Bolt's error lines: {bolt.ErrorLines + boltAck.ErrorLines}"),
        ]) { Columns = ["metric", "HitBot", "Bolt 5.1", "HitBot ÷ Bolt"] };
    }
}
