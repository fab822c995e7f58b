using HitBot.Bench;

// Usage: dotnet run -c Release --project bench/HitBot.Bench [-- queue|all] ; prints Markdown for docs/benchmarks.md.
var which = args.FirstOrDefault() ?? "all";
if (which == "probe") { MapProbe.Run(); return; }
var results = new List<BenchResult>();
if (which is "queue" or "all") results.Add(QueueBenchmark.Run(people: 10_000, rounds: 5));
foreach (var result in results) Console.WriteLine(result.ToMarkdown());
