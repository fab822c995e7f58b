using System.Net;
using HitBot.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HitBot.Tests.SiteChampions;

/// <summary>
/// In a real Chromium: a coordinator who works on the dashboard gives a site champion their way in, a personal sign-in
/// token, from the People page; nobody needs curl and the admin token for it.
/// </summary>
public sealed class SignInTokenBrowserTests : TwoSitesInBrowser
{
    [Fact]
    public async Task The_central_team_makes_a_site_champions_sign_in_token_on_the_people_page_and_it_opens_their_site()
    {
        await Page.GotoAsync($"{BaseUrl}/login#token={HitBotApp.AdminToken}");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("This week");
        await Page.GotoAsync(BaseUrl + "/#/people");
        await Expect(Page.Locator("#people tbody tr")).Not.ToHaveCountAsync(0);

        await Expect(Page.Locator("tr[data-person='l1@example.org'] button", new() { HasText = "Sign-in token" })).ToHaveCountAsync(0);
        await Page.ClickAsync("button[aria-label='Sign-in token for Cara Diaz']");
        await Page.ClickAsync("text=Yes, make it");
        var token = await Page.Locator("tr[data-person='cara@example.org'] code").TextContentAsync() ?? "";

        Assert.StartsWith("hbp_", token, StringComparison.Ordinal);
        await Expect(Page.Locator("tr[data-person='cara@example.org'] .notice")).ToContainTextAsync($"They sign in at {BaseUrl}/ with");
        // A year from the test clock's 2 March 2026 (HitBot:Admin:PersonalTokenDays' default), so it can be renewed in time.
        await Expect(Page.Locator("tr[data-person='cara@example.org'] .notice")).ToContainTextAsync("It works until");
        await Expect(Page.Locator("tr[data-person='cara@example.org'] .notice")).ToContainTextAsync("2027");
        await Page.ReloadAsync();
        await Expect(Page.Locator("tr[data-person='cara@example.org'] .token-dates")).ToContainTextAsync("Sign-in token issued");
        await Expect(Page.Locator("tr[data-person='cara@example.org'] .token-dates")).ToContainTextAsync("2027");
        await Expect(Page.Locator("tr[data-person='l1@example.org'] .token-dates")).ToHaveCountAsync(0);
        var cara = Sites.App.CreateClient();
        cara.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var mine = await cara.GetAsync(new Uri("/api/admin/my-site", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
    }
}
