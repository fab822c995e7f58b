using System.Text.RegularExpressions;

namespace HitBot.Core.Storage;

/// <summary>
/// A file setting written as a shell would take it. Neither .NET nor systemd's EnvironmentFile expands <c>~</c> or
/// <c>$HOME</c>: <c>~/data/hitbot.db</c> started with a new, empty database in a folder named "~" under the working
/// folder, and a start from another folder had another one.
/// </summary>
public static partial class UnexpandedPath
{
    /// <summary>The one line that says so, naming <paramref name="key"/>, or null for a path .NET reads as written.</summary>
    public static string? Problem(string key, string path, string example) =>
        path.TrimStart().StartsWith('~') || Variable().IsMatch(path)
            ? $"{key} is '{path}': HitBot does not expand ~ or $ variables (only a shell does), so it would make a folder of that " +
              $"very name in its working folder. Write the full path, e.g. {example}."
            : null;

    /// <summary><c>$HOME</c>, <c>${XDG_DATA_HOME}</c>; not a Windows admin share's <c>\\server\d$\</c>.</summary>
    [GeneratedRegex(@"\$[A-Za-z_{]")]
    private static partial Regex Variable();
}
