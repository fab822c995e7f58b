using HitBot.Tests.Dashboard;
using Microsoft.Playwright;

namespace HitBot.Tests.SiteChampions;

/// <summary>
/// <see cref="TwoSites"/> served on a real port with a real Chromium page on it: the set-up of the site champions' and
/// partner leads' browser tests, and the screenshots that check each page fits a phone.
/// </summary>
public abstract class TwoSitesInBrowser : IAsyncLifetime
{
    private protected TwoSites Sites { get; private set; } = null!;
    private protected BrowserPage Browser { get; private set; } = null!;
    protected IPage Page => Browser.Page;
    protected string BaseUrl => Browser.BaseUrl;

    public async ValueTask InitializeAsync()
    {
        Sites = await TwoSites.StartAsync(realPort: true);
        Browser = await BrowserPage.OpenAsync(Sites.App.Services);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Sites.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Photographs the page on a desktop and on a phone, failing when it is wider than the phone's screen.</summary>
    protected async Task ShootAsync(string name)
    {
        var folder = Chromium.ScreenshotFolder();
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.desktop.png"), FullPage = true });
        await Page.SetViewportSizeAsync(390, 844);
        var overflow = await Page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{name}: the page is {overflow}px wider than a phone screen");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.phone.png"), FullPage = true });
        await Page.SetViewportSizeAsync(1280, 900);
    }
}
