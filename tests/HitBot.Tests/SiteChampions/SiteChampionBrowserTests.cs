using System.Text.RegularExpressions;
using HitBot.Tests.Dashboard;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HitBot.Tests.SiteChampions;

/// <summary>Issue 18 in a real Chromium: a site champion signs in with their own token and finds their site, and only it.</summary>
public sealed class SiteChampionBrowserTests : IAsyncLifetime
{
    TwoSites sites = null!;
    BrowserPage browser = null!;
    IPage page => browser.Page;
    string baseUrl => browser.BaseUrl;

    public async ValueTask InitializeAsync()
    {
        sites = await TwoSites.StartAsync(realPort: true);
        browser = await BrowserPage.OpenAsync(sites.App.Services);
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        await sites.DisposeAsync();
    }

    [Fact]
    public async Task A_site_champion_sees_their_sites_results_with_a_small_group_hidden_and_their_at_risk_tutors()
    {
        var (lincoln, grant) = (sites.LincolnTutors, sites.GrantTutors);
        var everyone = lincoln.Concat(grant).ToList();
        sites.ClosedRun("spring", anonymous: false, everyone,
            (lincoln[0], "yes", "4"), (lincoln[1], "yes", "4"), (lincoln[2], "no", "3"), (lincoln[3], "yes", "4"), (lincoln[4], "yes", "4"),
            (grant[0], "no", "1"));
        sites.ClosedRun("winter", anonymous: true, everyone, (lincoln[0], "no", "1"), (lincoln[1], "yes", "4"));
        var token = await sites.TokenForAsync("cara@example.org");

        await page.GotoAsync(baseUrl + "/#/people");
        await page.FillAsync("#token", token);
        await page.ClickAsync("button[type=submit]");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Lincoln");
        await Expect(page.Locator("nav a:visible")).ToHaveTextAsync(["My site", "My items", "Updates"]);
        await Expect(page.Locator("tr[data-run=winter] td[data-label=Answered]")).ToHaveTextAsync("hidden (6 invited)");
        await Expect(page.Locator("tr[data-run=spring] td[data-label=Answered]")).ToHaveTextAsync("5 of 6");
        await ShootAsync("site-champion-my-site");

        await page.ClickAsync("text=Tutor retention pulse winter");
        await Expect(page.Locator("#hidden-results")).ToContainTextAsync("Fewer than five people at your site answered");
        await Expect(page.Locator("[data-question]")).ToHaveCountAsync(0);
        await page.GotoAsync(baseUrl + "/#/my-site/runs/spring");
        await Expect(page.Locator("#at-risk tbody tr")).ToHaveTextAsync([new Regex(lincoln[2].Name)]);
        await Expect(page.Locator("main")).Not.ToContainTextAsync("Grant Tutor");
        await ShootAsync("site-champion-run");

        await page.GotoAsync(baseUrl + "/#/surveys");
        await Expect(page).ToHaveURLAsync(new Regex("#/my-site$"));
        Assert.All(browser.Requested(), url => Assert.StartsWith(baseUrl, url, StringComparison.Ordinal));
    }

    async Task ShootAsync(string name)
    {
        var folder = Chromium.ScreenshotFolder();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.desktop.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{name}: the page is {overflow}px wider than a phone screen");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.phone.png"), FullPage = true });
        await page.SetViewportSizeAsync(1280, 900);
    }
}
