namespace HitBot.Bench;

/// <summary>One Markdown table; a figure's value may hold several cells ("a | b") when there are more than two columns.</summary>
public sealed record BenchResult(string Name, List<(string Metric, string Value)> Figures)
{
    public IReadOnlyList<string> Columns { get; init; } = ["metric", "value"];

    /// <summary>Where the table goes in docs/benchmarks.md: between <c>&lt;!-- bench:KEY --&gt;</c> and <c>&lt;!-- /bench:KEY --&gt;</c>.</summary>
    public string Key { get; init; } = "";

    public string ToMarkdown() =>
        $"### {Name}\n\n{Table()}";

    /// <summary>The table alone, without its heading: what the docs' markers hold.</summary>
    public string Table() =>
        $"| {string.Join(" | ", Columns)} |\n|{string.Concat(Columns.Select(_ => "---|"))}\n"
        + string.Join("\n", Figures.Select(f => $"| {f.Metric} | {f.Value} |")) + "\n";
}
