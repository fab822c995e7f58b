using Microsoft.Playwright;

namespace HitBot.Tests.Dashboard;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>, installed by .ci/run) driven by Playwright; Playwright's own browser
/// download cannot work here. Screenshots go to <c>artifacts/screenshots/</c> at the repository root for reviewers.
/// </summary>
static class Chromium
{
    public const string Path = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(Path))
            throw new InvalidOperationException($"{Path} is missing: install Debian's chromium package (`apt-get install chromium`), as .ci/run does.");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path,
            Headless = true,
            // Without these Chromium keeps reaching for Google's hosts, which this network refuses.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
        return (playwright, browser);
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
