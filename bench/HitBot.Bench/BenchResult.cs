namespace HitBot.Bench;

public sealed record BenchResult(string Name, List<(string Metric, string Value)> Figures)
{
    public string ToMarkdown() =>
        $"### {Name}\n\n| metric | value |\n|---|---|\n" + string.Join("\n", Figures.Select(f => $"| {f.Metric} | {f.Value} |")) + "\n";
}
