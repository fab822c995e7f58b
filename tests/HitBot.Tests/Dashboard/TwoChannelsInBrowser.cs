using HitBot.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HitBot.Tests.Dashboard;

/// <summary>
/// A dashboard test in a real Chromium against a HitBot with both chats connected: the app, the page, and signing in
/// with the admin token (as <see cref="SiteChampions.TwoSitesInBrowser"/> is for a champion's pages).
/// </summary>
/// <param name="timezoneId">The browser's own time zone (its machine's when left out).</param>
public abstract class TwoChannelsInBrowser(string? timezoneId = null) : IAsyncLifetime
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    private protected TwoChannelApp Both { get; private set; } = null!;
    private protected TeamsTestApp Teams => Both.Teams;
    private protected BrowserPage Browser { get; private set; } = null!;
    protected IPage Page => Browser.Page;
    protected string BaseUrl => Browser.BaseUrl;

    public async ValueTask InitializeAsync()
    {
        Both = await TwoChannelApp.StartAsync(realPort: true);
        Browser = await BrowserPage.OpenAsync(Teams.App.Services, timezoneId);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Both.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Signs in through the form with the admin token and waits for the overview.</summary>
    protected async Task SignInAsync()
    {
        await Page.GotoAsync(BaseUrl + "/");
        await Page.FillAsync("#token", HitBotApp.AdminToken);
        await Page.ClickAsync("button[type=submit]");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("This week");
    }
}
