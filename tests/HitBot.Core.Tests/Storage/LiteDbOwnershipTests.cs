namespace HitBot.Core.Tests.Storage;

public sealed class LiteDbOwnershipTests
{
    /// <summary>
    /// Only Storage/, *Store and *Schema classes (a part's migration steps) talk to LiteDB, so a move to another store
    /// touches only them (architecture.md, growth path).
    /// </summary>
    [Fact]
    public void Only_storage_store_and_schema_classes_use_LiteDB()
    {
        var src = SourceTree.Src;

        var offenders = System.IO.Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadLines(f).Any(l => l.Trim() == "using LiteDB;"))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Storage{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !ClassOf(f).EndsWith("Store", StringComparison.Ordinal)
                        && !ClassOf(f).EndsWith("Schema", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(src, f))
            .ToList();

        Assert.Empty(offenders);
    }

    /// <summary>The class a file holds: <c>OutboxStore.Cancel.cs</c> is a part of <c>OutboxStore</c>.</summary>
    static string ClassOf(string file) => Path.GetFileNameWithoutExtension(file).Split('.')[0];
}
