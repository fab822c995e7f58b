using Microsoft.Playwright;

namespace HitBot.Tests.Dashboard;

/// <summary>
/// A headless Chromium driven by Playwright, found or installed once per test run (<see cref="BrowserSources"/>).
/// Screenshots go to <c>artifacts/screenshots/</c> at the repository root for reviewers.
/// </summary>
static class Chromium
{
    /// <summary>A district-like host name the browser resolves to this machine, for pages that must behave as on a server.</summary>
    public const string ServerHostName = "hitbot.district.test";

    static readonly Lock Gate = new();
    static Task<string>? located;

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = await LocateOnceAsync(playwright),
                Headless = true,
                // Without these Chromium keeps reaching for Google's hosts, which this network refuses.
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                        $"--host-resolver-rules=MAP {ServerHostName} 127.0.0.1"],
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>One look (and at most one install) for all the browser tests of a run; a failure fails each of them the same way.</summary>
    static Task<string> LocateOnceAsync(IPlaywright playwright)
    {
        lock (Gate) return located ??= BrowserSources.For(playwright).FindOrInstallAsync(CancellationToken.None);
    }

    public static string ScreenshotFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "HitBot.sln"))) dir = dir.Parent;
        var folder = System.IO.Path.Combine(dir?.FullName ?? System.IO.Path.GetTempPath(), "artifacts", "screenshots");
        System.IO.Directory.CreateDirectory(folder);
        return folder;
    }
}
