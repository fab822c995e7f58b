namespace HitBot.Core.Tests;

/// <summary>The repository's sources, for the tests that read them as text (which classes may use LiteDB, what routes may not do).</summary>
public static class SourceTree
{
    /// <summary>The <c>src</c> folder above the test binaries.</summary>
    public static string Src { get; } = FindSrc();

    static string FindSrc()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.Directory.Exists(Path.Combine(dir.FullName, "src", "HitBot.Core")))
                return Path.Combine(dir.FullName, "src");
        throw new InvalidOperationException("The repository's src folder was not found above the test binaries.");
    }
}
