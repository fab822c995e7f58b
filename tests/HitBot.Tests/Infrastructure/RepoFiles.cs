namespace HitBot.Tests.Infrastructure;

/// <summary>Files of the repository itself (the README, docs, manifests), found above the test folder by HitBot.sln.</summary>
public static class RepoFiles
{
    public static string Of(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HitBot.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("HitBot.sln not found above the test folder."), name);
    }
}
