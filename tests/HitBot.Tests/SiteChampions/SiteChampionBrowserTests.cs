using System.Text.RegularExpressions;
using HitBot.Tests.Dashboard;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HitBot.Tests.SiteChampions;

/// <summary>Issue 18 in a real Chromium: a site champion signs in with their own token and finds their site, and only it.</summary>
public sealed class SiteChampionBrowserTests : TwoSitesInBrowser
{
    [Fact]
    public async Task A_site_champion_sees_their_sites_results_with_a_small_group_hidden_and_their_at_risk_tutors()
    {
        var (lincoln, grant) = (Sites.LincolnTutors, Sites.GrantTutors);
        var everyone = lincoln.Concat(grant).ToList();
        Sites.ClosedRun("spring", anonymous: false, everyone,
            (lincoln[0], "yes", "4"), (lincoln[1], "yes", "4"), (lincoln[2], "no", "3"), (lincoln[3], "yes", "4"), (lincoln[4], "yes", "4"),
            (grant[0], "no", "1"));
        Sites.ClosedRun("winter", anonymous: true, everyone, (lincoln[0], "no", "1"), (lincoln[1], "yes", "4"));
        var token = await Sites.TokenForAsync("cara@example.org");

        await Page.GotoAsync(BaseUrl + "/#/people");
        await Page.FillAsync("#token", token);
        await Page.ClickAsync("button[type=submit]");

        await Expect(Page.Locator("h1")).ToHaveTextAsync("Lincoln");
        await Expect(Page.Locator("nav a:visible")).ToHaveTextAsync(["My site", "My items", "Updates"]);
        await Expect(Page.Locator("tr[data-run=winter] td[data-label=Answered]")).ToHaveTextAsync("hidden (6 invited)");
        await Expect(Page.Locator("tr[data-run=spring] td[data-label=Answered]")).ToHaveTextAsync("5 of 6");
        await ShootAsync("site-champion-my-site");

        await Page.ClickAsync("text=Tutor retention pulse winter");
        await Expect(Page.Locator("#hidden-results")).ToContainTextAsync("Fewer than five people at your site answered");
        await Expect(Page.Locator("[data-question]")).ToHaveCountAsync(0);
        await Page.GotoAsync(BaseUrl + "/#/my-site/runs/spring");
        await Expect(Page.Locator("#at-risk tbody tr")).ToHaveTextAsync([new Regex(lincoln[2].Name)]);
        await Expect(Page.Locator("main")).Not.ToContainTextAsync("Grant Tutor");
        // The charts' h3 headings sit under an h2: a screen reader's list of headings is the page's outline, no level skipped.
        var levels = await Page.EvaluateAsync<int[]>("[...document.querySelectorAll('main h1, main h2, main h3')].map(x => Number(x.tagName[1]))");
        Assert.All(levels.Zip(levels.Skip(1)), pair => Assert.True(pair.Second <= pair.First + 1, $"an h{pair.Second} follows an h{pair.First}"));
        await ShootAsync("site-champion-run");

        await Page.GotoAsync(BaseUrl + "/#/surveys");
        await Expect(Page).ToHaveURLAsync(new Regex("#/my-site$"));
        Assert.All(Browser.Requested(), url => Assert.StartsWith(BaseUrl, url, StringComparison.Ordinal));
    }
}
