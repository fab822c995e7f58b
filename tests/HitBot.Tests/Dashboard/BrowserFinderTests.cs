namespace HitBot.Tests.Dashboard;

/// <summary>How the browser tests find a Chromium, with stand-in places and installers: nothing is installed here.</summary>
public sealed class BrowserFinderTests : IDisposable
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    readonly string folder = Path.Combine(Path.GetTempPath(), "hitbot-tests", Guid.NewGuid().ToString("N"));

    public BrowserFinderTests() => System.IO.Directory.CreateDirectory(folder);

    [Fact]
    public async Task When_no_browser_can_be_found_or_installed_the_fixture_fails_with_one_clear_line_and_no_stack_trace()
    {
        var tried = new List<string>();
        var finder = new BrowserFinder(null,
            [new BrowserCandidate("/usr/bin/chromium", () => null), new BrowserCandidate("Playwright's browsers", () => null)],
            [
                new BrowserInstaller("Playwright's installer", _ => { tried.Add("playwright"); return Task.FromResult<string?>("its download host cdn.playwright.dev cannot be reached (HostNotFound)"); }),
                new BrowserInstaller("apt-get install chromium", _ => { tried.Add("apt"); return Task.FromResult<string?>("not running as root"); }),
            ]);

        var error = await Assert.ThrowsAsync<BrowserMissingException>(() => finder.FindOrInstallAsync(Ct));

        Assert.Equal(["playwright", "apt"], tried);
        Assert.Equal(
            "No Chromium for the dashboard tests: none at /usr/bin/chromium, Playwright's browsers; " +
            "Playwright's installer: its download host cdn.playwright.dev cannot be reached (HostNotFound); " +
            "apt-get install chromium: not running as root. " +
            "Install one (Debian: `sudo apt-get install chromium`), or set HITBOT_CHROMIUM to a Chromium or Chrome executable.",
            error.Message);
        Assert.Null(error.StackTrace);
        Assert.Equal(error.Message, error.ToString());
    }

    [Fact]
    public async Task An_installer_failure_spread_over_many_lines_is_reported_on_one()
    {
        var finder = new BrowserFinder(null, [new BrowserCandidate("/usr/bin/chromium", () => null)],
            [new BrowserInstaller("apt-get install chromium", _ => Task.FromResult<string?>("it failed (E: Unable to locate package chromium\n  at step 2.)"))]);

        var error = await Assert.ThrowsAsync<BrowserMissingException>(() => finder.FindOrInstallAsync(Ct));

        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("apt-get install chromium: it failed (E: Unable to locate package chromium at step 2.)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_browser_already_there_is_used_without_installing_anything()
    {
        var chromium = Touch("chromium");
        var installs = 0;
        var finder = new BrowserFinder(null, [new BrowserCandidate("Debian", () => chromium)],
            [new BrowserInstaller("apt", _ => { installs++; return Task.FromResult<string?>(null); })]);

        Assert.Equal(chromium, await finder.FindOrInstallAsync(Ct));
        Assert.Equal(0, installs);
    }

    [Fact]
    public async Task When_the_first_installer_fails_the_next_one_installs_the_browser_that_is_then_used()
    {
        var chromium = Path.Combine(folder, "chromium");
        var finder = new BrowserFinder(null, [new BrowserCandidate("Debian", () => File.Exists(chromium) ? chromium : null)],
            [
                new BrowserInstaller("Playwright's installer", _ => Task.FromResult<string?>("its download host cannot be reached")),
                new BrowserInstaller("apt", _ => { File.WriteAllText(chromium, ""); return Task.FromResult<string?>(null); }),
            ]);

        Assert.Equal(chromium, await finder.FindOrInstallAsync(Ct));
    }

    [Fact]
    public async Task A_HITBOT_CHROMIUM_path_is_used_first_and_a_wrong_one_is_refused_without_installing_another()
    {
        var chosen = Touch("my-chrome");
        var installs = 0;
        BrowserInstaller[] installers = [new("apt", _ => { installs++; return Task.FromResult<string?>(null); })];
        BrowserCandidate[] debian = [new("Debian", () => Touch("chromium"))];

        Assert.Equal(chosen, await new BrowserFinder(chosen, debian, installers).FindOrInstallAsync(Ct));
        var error = await Assert.ThrowsAsync<BrowserMissingException>(() =>
            new BrowserFinder("/nowhere/chrome", debian, installers).FindOrInstallAsync(Ct));

        Assert.Equal("HITBOT_CHROMIUM is set to '/nowhere/chrome', which does not exist: point it at a Chromium or Chrome executable, or unset it.", error.Message);
        Assert.Equal(0, installs);
    }

    string Touch(string name)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, "");
        return path;
    }

    public void Dispose() => System.IO.Directory.Delete(folder, recursive: true);
}
