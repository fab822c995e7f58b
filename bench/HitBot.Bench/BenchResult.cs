namespace HitBot.Bench;

/// <summary>One Markdown table; a figure's value may hold several cells ("a | b") when there are more than two columns.</summary>
public sealed record BenchResult(string Name, List<(string Metric, string Value)> Figures)
{
    public IReadOnlyList<string> Columns { get; init; } = ["metric", "value"];

    public string ToMarkdown() =>
        $"### {Name}\n\n| {string.Join(" | ", Columns)} |\n|{string.Concat(Columns.Select(_ => "---|"))}\n"
        + string.Join("\n", Figures.Select(f => $"| {f.Metric} | {f.Value} |")) + "\n";
}
