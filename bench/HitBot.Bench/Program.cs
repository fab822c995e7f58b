namespace HitBot.Bench;

/// <summary>
/// Usage: <c>dotnet run -c Release --project bench/HitBot.Bench [-- queue|big-writes|dispatch|messages|side-by-side|invokes|slack|slack-side-by-side|update|import|scale|all] [--write-docs] [--keep-file PATH] [--warm-up SECONDS]</c>.
/// Prints Markdown for docs/benchmarks.md; <c>all</c> (or <c>--write-docs</c>) also writes the tables into it, between
/// its <c>&lt;!-- bench:NAME --&gt;</c> markers. Every server involved listens on 127.0.0.1 only.
/// Not top-level statements: their generated <c>Program</c> would hide the host's, which the bench starts.
/// </summary>
static class BenchProgram
{
    static async Task Main(string[] args)
    {
        var which = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
        if (which == ConnectorProcess.Verb)
        {
            await ConnectorProcess.ServeAsync();
            return;
        }
        if (which == SlackProcesses.StandInVerb)
        {
            await SlackProcesses.ServeStandInAsync();
            return;
        }
        if (which == SlackProcesses.DriverVerb)
        {
            await SlackProcesses.DriveAsync(args);
            return;
        }
        var results = new List<BenchResult>();
        if (which is "queue" or "all") results.Add(QueueBenchmark.Run(people: 10_000, rounds: 5) with { Key = "queue" });
        if (which is "big-writes" or "all") results.Add(BigWritesBenchmark.Run(people: Size(args, 1, 100_000)) with { Key = "big-writes" });
        if (which is "dispatch" or "all") results.Add(await DispatchBenchmark.RunAsync(people: 10_000) with { Key = "dispatch" });
        if (which is "messages" or "all") results.Add(await MessagesBenchmark.RunAsync(workers: 16, duration: TimeSpan.FromSeconds(15)) with { Key = "messages" });
        if (which is "side-by-side" or "all")
            results.AddRange((await SideBySideBenchmark.RunAsync(rounds: 3, perSecond: 200, slice: TimeSpan.FromSeconds(10)))
                .Select((r, i) => r with { Key = i == 0 ? "side-by-side" : $"side-by-side-{i + 1}" }));
        if (which is "invokes" or "all") results.Add(await InvokeBurstBenchmark.RunAsync(answers: 2000, over: TimeSpan.FromSeconds(60)) with { Key = "invokes" });
        if (which is "update" or "all") results.Add(await UpdateBenchmark.RunAsync(people: 10_000) with { Key = "update" });
        if (which is "slack" or "all") results.Add(await SlackInteractionsBenchmark.RunAsync(perSecond: 200, duration: TimeSpan.FromSeconds(20),
            warmUp: TimeSpan.FromSeconds(Option(args, "--warm-up") is { } w ? int.Parse(w, System.Globalization.CultureInfo.InvariantCulture) : 10)) with { Key = "slack" });
        if (which is "slack-side-by-side" or "all")
            results.Add(await SlackSideBySideBenchmark.RunAsync(rounds: 3, perSecond: 200, slice: TimeSpan.FromSeconds(15), warmUp: TimeSpan.FromSeconds(20)) with { Key = "slack-side-by-side" });
        if (which is "import" or "all") results.Add(RosterImportBenchmark.Run(existing: Size(args, 1, 100_000), rows: Size(args, 2, 50_000)) with { Key = "import" });
        if (which is "scale" or "all") results.Add(await ScaleBenchmark.RunAsync(people: Size(args, 1, 100_000), rows: Size(args, 2, 1_000_000), keep: Option(args, "--keep-file")));
        var written = which == "all" || args.Contains("--write-docs") ? BenchmarksDoc.Write(results) : null;
        // The tables come last, after anything the hosts logged while stopping.
        Console.WriteLine();
        foreach (var result in results) Console.WriteLine(result.ToMarkdown());
        if (written is not null) Console.WriteLine($"Wrote {results.Count} tables and the machine's description into {written}.");
    }

    /// <summary>The value after an option (<c>--keep-file /tmp/scale.db</c>), or null.</summary>
    static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;

    /// <summary>An optional size after the run's name (<c>-- import 20000 10000</c>), for a quicker look than the sizes.</summary>
    static int Size(string[] args, int position, int standard) =>
        args.Length > position && int.TryParse(args[position], out var size) && size > 0 ? size : standard;
}
