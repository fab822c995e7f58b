using System.Text.RegularExpressions;

namespace HitBot.Bench;

/// <summary>
/// Writes a run's tables into docs/benchmarks.md between marker comments, <c>&lt;!-- bench:KEY --&gt;</c> and
/// <c>&lt;!-- /bench:KEY --&gt;</c>, so the hand-written explanations around them stay as they are. A table whose markers
/// are not in the file yet is added at the end under "Latest run", inside new markers, so the next run replaces it.
/// </summary>
static class BenchmarksDoc
{
    public const string MachineKey = "machine";

    public static string Fill(string document, IEnumerable<(string Key, string Text)> sections)
    {
        foreach (var (key, text) in sections)
        {
            var block = $"<!-- bench:{key} -->\n{text.TrimEnd('\n')}\n<!-- /bench:{key} -->";
            var marked = new Regex($"<!-- bench:{Regex.Escape(key)} -->.*?<!-- /bench:{Regex.Escape(key)} -->", RegexOptions.Singleline);
            // A function, not a replacement string: a table may hold "$1"-like text that must stay literal.
            document = marked.IsMatch(document)
                ? marked.Replace(document, _ => block, 1)
                : document.TrimEnd('\n') + (document.Contains(LatestRun, StringComparison.Ordinal) ? "" : "\n\n" + LatestRun) + "\n\n" + block + "\n";
        }
        return document;
    }

    const string LatestRun = "## Latest run (written by `bench -- all`)";

    /// <summary>The run's tables and the machine's description, written into the repository's docs/benchmarks.md.</summary>
    public static string Write(IEnumerable<BenchResult> results)
    {
        var path = Path.Combine(Path.GetDirectoryName(BenchHost.HostFolder()) is { } src ? Path.GetDirectoryName(src) ?? "." : ".", "docs", "benchmarks.md");
        var sections = results.Where(r => r.Key.Length > 0).Select(r => (r.Key, $"**{r.Name}**\n\n{r.Table()}")).Prepend((MachineKey, BenchMachine.Describe()));
        File.WriteAllText(path, Fill(File.ReadAllText(path), sections));
        return path;
    }
}
