using System.Text.RegularExpressions;
using HitBot.Core.Directory;
using HitBot.Tests.Dashboard;
using HitBot.Tests.SiteChampions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HitBot.Tests.PartnerLeads;

/// <summary>In a real Chromium: a partner lead signs in with their own token and finds their cohort beside their updates, and only it.</summary>
public sealed class PartnerLeadBrowserTests : IAsyncLifetime
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
    public async Task A_partner_lead_sees_their_cohorts_results_with_a_small_group_hidden_and_their_at_risk_tutors()
    {
        var (city, grant) = (sites.LincolnTutors, sites.GrantTutors);
        var everyone = city.Concat(grant).ToList();
        sites.ClosedRun("spring", anonymous: false, everyone,
            (city[0], "yes", "4"), (city[1], "yes", "4"), (city[2], "no", "3"), (city[3], "yes", "4"), (city[4], "yes", "4"),
            (grant[0], "no", "1"));
        sites.ClosedRun("winter", anonymous: true, everyone, (city[0], "no", "1"), (city[1], "yes", "4"));
        var token = await sites.TokenForAsync("pia@example.org");

        await page.GotoAsync(baseUrl + "/#/people");
        await page.FillAsync("#token", token);
        await page.ClickAsync("button[type=submit]");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Updates");
        await Expect(page.Locator("nav a:visible")).ToHaveTextAsync(["Updates", "My cohort", "My items"]);
        await page.ClickAsync("nav >> text=My cohort");
        await Expect(page.Locator("h1")).ToHaveTextAsync("CityTutors");
        await Expect(page.Locator("tr[data-run=winter] td[data-label=Answered]")).ToHaveTextAsync("hidden (6 invited)");
        await Expect(page.Locator("tr[data-run=spring] td[data-label=Answered]")).ToHaveTextAsync("5 of 6");
        await Expect(page.Locator("tr[data-run=spring] td[data-label='Plan to continue']")).ToHaveTextAsync("80%");
        await ShootAsync("partner-lead-my-cohort");

        await page.ClickAsync("text=Tutor retention pulse winter");
        await Expect(page.Locator("#hidden-results")).ToContainTextAsync("Fewer than five people in your cohort answered");
        await Expect(page.Locator("[data-question]")).ToHaveCountAsync(0);
        await page.GotoAsync(baseUrl + "/#/my-cohort/runs/spring");
        await Expect(page.Locator("#at-risk tbody tr")).ToHaveTextAsync([new Regex(city[2].Name)]);
        await Expect(page.Locator("#at-risk td[data-label=Site]")).ToHaveTextAsync(["Lincoln"]);
        await Expect(page.Locator("main")).Not.ToContainTextAsync("Grant Tutor");
        await ShootAsync("partner-lead-run");

        await page.ClickAsync("nav >> text=My items");
        await Expect(page.Locator("h1")).ToHaveTextAsync("My items");
        await page.GotoAsync(baseUrl + "/#/my-site");
        await Expect(page).ToHaveURLAsync(new Regex("#/updates$"));
        Assert.All(browser.Requested(), url => Assert.StartsWith(baseUrl, url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Someone_who_is_both_site_champion_and_partner_lead_finds_both_pages()
    {
        sites.Directory.Change(sites.Person("pia@example.org").Id, p => p with { Roles = [Roles.PartnerLead, Roles.SiteChampion], Site = sites.Grant });
        var token = await sites.TokenForAsync("pia@example.org");

        await page.GotoAsync(baseUrl + "/");
        await page.FillAsync("#token", token);
        await page.ClickAsync("button[type=submit]");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Grant");
        await Expect(page.Locator("nav a:visible")).ToHaveTextAsync(["Updates", "My site", "My cohort", "My items", "Site updates"]);
        await page.ClickAsync("nav >> text=My cohort");
        await Expect(page.Locator("h1")).ToHaveTextAsync("CityTutors");
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
