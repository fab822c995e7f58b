namespace HitBot.Bench;

/// <summary>
/// Usage: <c>dotnet run -c Release --project bench/HitBot.Bench [-- queue|dispatch|messages|side-by-side|invokes|slack|update|import|all]</c>.
/// Prints Markdown for docs/benchmarks.md. Every server involved listens on 127.0.0.1 only.
/// Not top-level statements: their generated <c>Program</c> would hide the host's, which the bench starts.
/// </summary>
static class BenchProgram
{
    static async Task Main(string[] args)
    {
        var which = args.FirstOrDefault() ?? "all";
        if (which == ConnectorProcess.Verb)
        {
            await ConnectorProcess.ServeAsync();
            return;
        }
        var results = new List<BenchResult>();
        if (which is "queue" or "all") results.Add(QueueBenchmark.Run(people: 10_000, rounds: 5));
        if (which is "dispatch" or "all") results.Add(await DispatchBenchmark.RunAsync(people: 10_000));
        if (which is "messages" or "all") results.Add(await MessagesBenchmark.RunAsync(workers: 16, duration: TimeSpan.FromSeconds(15)));
        if (which is "side-by-side" or "all")
            results.AddRange(await SideBySideBenchmark.RunAsync(rounds: 3, perSecond: 200, slice: TimeSpan.FromSeconds(10)));
        if (which is "invokes" or "all") results.Add(await InvokeBurstBenchmark.RunAsync(answers: 2000, over: TimeSpan.FromSeconds(60)));
        if (which is "update" or "all") results.Add(await UpdateBenchmark.RunAsync(people: 10_000));
        if (which is "slack" or "all") results.Add(await SlackInteractionsBenchmark.RunAsync(perSecond: 200, duration: TimeSpan.FromSeconds(20)));
        if (which is "import" or "all") results.Add(RosterImportBenchmark.Run(existing: Size(args, 1, 100_000), rows: Size(args, 2, 50_000)));
        // The tables come last, after anything the hosts logged while stopping.
        Console.WriteLine();
        foreach (var result in results) Console.WriteLine(result.ToMarkdown());
    }

    /// <summary>An optional size after the run's name (<c>-- import 20000 10000</c>), for a quicker look than the sizes.</summary>
    static int Size(string[] args, int position, int standard) =>
        args.Length > position && int.TryParse(args[position], out var size) && size > 0 ? size : standard;
}
