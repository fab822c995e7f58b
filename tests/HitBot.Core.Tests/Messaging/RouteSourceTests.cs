namespace HitBot.Core.Tests.Messaging;

public sealed class RouteSourceTests
{
    /// <summary>
    /// Routes get the caller from the router and their card data as a record (architecture.md, "How a route gets its caller
    /// and data"): a route that looks the caller up again, or reads a button's data by a bare key, has slipped past that.
    /// </summary>
    [Fact]
    public void Route_classes_neither_look_up_the_caller_nor_read_card_data_by_key()
    {
        string[] forbidden = ["PersonId!", "Find(interaction.PersonId", "Find(i.PersonId", ".Data.GetValueOrDefault(", ".Data.TryGetValue(", ".Data.ContainsKey(", ".Data["];
        var core = Path.Combine(SourceTree.Src, "HitBot.Core");

        var offenders = System.IO.Directory.EnumerateFiles(core, "*.cs", SearchOption.AllDirectories)
            .Where(f => Path.GetFileNameWithoutExtension(f) is var name
                        && (name.EndsWith("Routes", StringComparison.Ordinal) || name.EndsWith("Command", StringComparison.Ordinal)
                            || name.EndsWith("HomeSection", StringComparison.Ordinal)))
            .SelectMany(f => File.ReadLines(f).Select((line, n) => (File: f, Line: n + 1, Text: line)))
            .Where(l => forbidden.Any(word => l.Text.Contains(word, StringComparison.Ordinal)))
            .Select(l => $"{Path.GetRelativePath(core, l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.Empty(offenders);
    }
}
