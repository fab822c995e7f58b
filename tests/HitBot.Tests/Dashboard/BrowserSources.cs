using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Playwright;

namespace HitBot.Tests.Dashboard;

/// <summary>
/// Where the dashboard tests look for a Chromium on a real machine, and how they install one:
/// Debian's package, Playwright's own browsers, then Playwright's installer (when its download host answers)
/// and <c>apt-get install chromium</c> (as root on Debian).
/// </summary>
static class BrowserSources
{
    const string DebianChromium = "/usr/bin/chromium";
    static readonly TimeSpan InstallLimit = TimeSpan.FromMinutes(10);
    static readonly TimeSpan ProbeLimit = TimeSpan.FromSeconds(5);

    public static BrowserFinder For(IPlaywright playwright) => new(
        Environment.GetEnvironmentVariable(BrowserFinder.Variable),
        [
            new BrowserCandidate(DebianChromium, () => File.Exists(DebianChromium) ? DebianChromium : null),
            new BrowserCandidate("Playwright's browsers", () => File.Exists(playwright.Chromium.ExecutablePath) ? playwright.Chromium.ExecutablePath : null),
        ],
        [
            new BrowserInstaller("Playwright's installer", PlaywrightInstallAsync),
            new BrowserInstaller("apt-get install chromium", AptInstallAsync),
        ]);

    static async Task<string?> PlaywrightInstallAsync(CancellationToken ct)
    {
        // Where the download host cannot be reached the installer can wait for minutes; a short probe answers in seconds.
        var host = Uri.TryCreate(Environment.GetEnvironmentVariable("PLAYWRIGHT_DOWNLOAD_HOST"), UriKind.Absolute, out var custom)
            ? custom.Host : "cdn.playwright.dev";
        if (await ProbeAsync(host, ct) is { } unreachable) return $"its download host {host} cannot be reached ({unreachable})";

        var driver = Path.Combine(AppContext.BaseDirectory, ".playwright");
        var node = Path.Combine(driver, "node", NodeFolder(), OperatingSystem.IsWindows() ? "node.exe" : "node");
        if (!File.Exists(node)) return $"its driver is missing at {node}";
        var (code, output) = await RunAsync(node, [Path.Combine(driver, "package", "cli.js"), "install", "chromium"], [], ct);
        return code == 0 ? null : $"it failed ({LastError(output)})";
    }

    static async Task<string?> AptInstallAsync(CancellationToken ct)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/etc/debian_version") || !File.Exists("/usr/bin/apt-get"))
            return "this is not Debian";
        if (!Environment.IsPrivilegedProcess) return "not running as root";

        string[] quiet = ["DEBIAN_FRONTEND=noninteractive"];
        var (code, output) = await RunAsync("/usr/bin/apt-get", ["update", "-qq"], quiet, ct);
        if (code == 0)
            (code, output) = await RunAsync("/usr/bin/apt-get", ["install", "-y", "-qq", "chromium", "fonts-liberation"], quiet, ct);
        return code == 0 ? null : $"it failed ({LastError(output)})";
    }

    static async Task<string?> ProbeAsync(string host, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(ProbeLimit);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, 443, limit.Token);
            return null;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode.ToString();
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return $"no answer within {ProbeLimit.TotalSeconds:0} s";
        }
    }

    static async Task<(int Code, string Output)> RunAsync(string file, string[] arguments, string[] environment, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var pair in environment.Select(e => e.Split('=', 2))) start.Environment[pair[0]] = pair[1];

        using var process = Process.Start(start) ?? throw new BrowserMissingException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(InstallLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"stopped after {InstallLimit.TotalMinutes:0} minutes");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The line of an installer's output that says what went wrong (Playwright prints a stack after it).</summary>
    static string LastError(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.FirstOrDefault(l => l.StartsWith("Error:", StringComparison.Ordinal) || l.StartsWith("E:", StringComparison.Ordinal))
            ?? lines.LastOrDefault() ?? "no output";
    }

    static string NodeFolder() => (OperatingSystem.IsWindows() ? "win32_" : OperatingSystem.IsMacOS() ? "darwin-" : "linux-")
        + (RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "x64");
}
