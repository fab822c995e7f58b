using System.Net;
using HitBot.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HitBot.Tests.SiteChampions;

/// <summary>
/// In a real Chromium: a coordinator who works on the dashboard gives a site champion their way in, a sign-in link with a
/// personal token, from the People page; nobody needs curl and the admin token for it.
/// </summary>
public sealed class SignInLinkBrowserTests : TwoSitesInBrowser
{
    [Fact]
    public async Task The_central_team_makes_a_site_champions_sign_in_link_on_the_people_page_and_it_opens_their_site()
    {
        await Page.GotoAsync($"{BaseUrl}/login#token={HitBotApp.AdminToken}");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("This week");
        await Page.GotoAsync(BaseUrl + "/#/people");
        await Expect(Page.Locator("#people tbody tr")).Not.ToHaveCountAsync(0);

        await Expect(Page.Locator("tr[data-person='l1@example.org'] button", new() { HasText = "Sign-in link" })).ToHaveCountAsync(0);
        await Page.ClickAsync("button[aria-label='Sign-in link for Cara Diaz']");
        await Page.ClickAsync("text=Yes, make it");
        var link = await Page.Locator("tr[data-person='cara@example.org'] code").TextContentAsync() ?? "";

        Assert.StartsWith(BaseUrl + "/login#token=hbp_", link, StringComparison.Ordinal);
        var cara = Sites.App.CreateClient();
        cara.DefaultRequestHeaders.Authorization = new("Bearer", link[(link.IndexOf("#token=", StringComparison.Ordinal) + 7)..]);
        var mine = await cara.GetAsync(new Uri("/api/admin/my-site", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
    }
}
