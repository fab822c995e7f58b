namespace HitBot.Tests.Dashboard;

/// <summary>A place a Chromium may already be: <see cref="Find"/> answers its executable, or null when it is not there.</summary>
public sealed record BrowserCandidate(string Name, Func<string?> Find);

/// <summary>A way to put a Chromium on the machine: answers null when it ran, or one line saying why it could not.</summary>
public sealed record BrowserInstaller(string Name, Func<CancellationToken, Task<string?>> TryInstallAsync);

/// <summary>
/// No browser for the dashboard tests. One line a person can act on: the stack trace of the fixture would only
/// hide it, so this exception has none.
/// </summary>
public sealed class BrowserMissingException(string message) : Exception(message)
{
    public override string? StackTrace => null;

    public override string ToString() => Message;
}

/// <summary>
/// Finds a Chromium for the dashboard's browser tests: the candidates in order, then each installer in order
/// (looking again after each), failing with one line that names everything tried.
/// </summary>
public sealed class BrowserFinder(
    string? explicitPath, IReadOnlyList<BrowserCandidate> candidates, IReadOnlyList<BrowserInstaller> installers)
{
    public const string Variable = "HITBOT_CHROMIUM";

    public async Task<string> FindOrInstallAsync(CancellationToken ct)
    {
        // A path someone set on purpose is used or refused; installing another browser would hide their mistake.
        if (explicitPath is { Length: > 0 })
            return File.Exists(explicitPath) ? explicitPath
                : throw new BrowserMissingException($"{Variable} is set to '{explicitPath}', which does not exist: point it at a Chromium or Chrome executable, or unset it.");

        if (FirstFound() is { } found) return found;

        var failures = new List<string>();
        foreach (var installer in installers)
        {
            var refusal = await installer.TryInstallAsync(ct);
            if (refusal is null && FirstFound() is { } installed) return installed;
            failures.Add($"{installer.Name}: {OneLine(refusal ?? "it ran, but no browser appeared where HitBot looks")}");
        }

        throw new BrowserMissingException(
            $"No Chromium for the dashboard tests: none at {string.Join(", ", candidates.Select(c => c.Name))}; " +
            (failures.Count == 0 ? "no installer to try" : string.Join("; ", failures)) +
            $". Install one (Debian: `sudo apt-get install chromium`), or set {Variable} to a Chromium or Chrome executable.");
    }

    string? FirstFound() => candidates.Select(c => c.Find()).FirstOrDefault(p => p is not null);

    static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.');
}
