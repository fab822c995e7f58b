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

    /// <summary>
    /// Cara's token expired yesterday by HitBot's clock, and the coordinator's laptop is a year behind: the People page
    /// compared the expiry with the laptop's clock and said the token "expires 2 Mar 2027", though it opens nothing.
    /// </summary>
    [Fact]
    public async Task The_people_page_says_a_token_expired_by_HitBots_clock_not_by_the_browsers()
    {
        var token = await Sites.TokenForAsync("cara@example.org");
        Sites.App.Time.Advance(TimeSpan.FromDays(366)); // 3 March 2027: a day past the token's year
        await Page.Clock.SetFixedTimeAsync(new DateTime(2026, 3, 3, 15, 0, 0, DateTimeKind.Utc));

        await Page.GotoAsync($"{BaseUrl}/login#token={HitBotApp.AdminToken}");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("This week");
        await Page.GotoAsync(BaseUrl + "/#/people");

        await Expect(Page.Locator("tr[data-person='cara@example.org'] .token-dates")).ToContainTextAsync("; expired ");
        var cara = Sites.App.CreateClient();
        cara.DefaultRequestHeaders.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cara.GetAsync(new Uri("/api/admin/my-site", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
    }
}
