using HitBot.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HitBot.Tests.Dashboard;

/// <summary>
/// A district that runs Slack only: its coordinator's pages speak of Slack, not of "Teams or Slack", and show no Teams
/// preview of a card nobody will get in Teams.
/// </summary>
public sealed class DashboardSlackOnlyTests : IAsyncLifetime
{
    FakeSlackApi slack = null!;
    HitBotApp app = null!;
    BrowserPage browser = null!;
    IPage page => browser.Page;

    public async ValueTask InitializeAsync()
    {
        slack = await FakeSlackApi.StartAsync();
        var settings = SlackTestApp.Settings(slack);
        settings["HitBot:Teams:Emulator"] = "false";
        app = new HitBotApp(settings);
        app.UseKestrel(0);
        browser = await BrowserPage.OpenAsync(app.Services);
        await page.GotoAsync($"{browser.BaseUrl}/login#token={HitBotApp.AdminToken}");
        await Expect(page.Locator("h1")).ToHaveTextAsync("This week");
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        await app.DisposeAsync();
        await slack.DisposeAsync();
    }

    [Fact]
    public async Task The_overview_people_and_compose_pages_of_a_Slack_only_district_do_not_mention_Teams()
    {
        await Expect(page.Locator("#chats")).ToHaveTextAsync("Connected to Slack.");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("Teams");

        await page.GotoAsync(browser.BaseUrl + "/#/people");
        await Expect(page.Locator("h1")).ToHaveTextAsync("People");
        await Expect(page.Locator("main")).ToContainTextAsync("0 reached in Slack");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("Teams");

        await page.GotoAsync(browser.BaseUrl + "/#/updates/new");
        await Expect(page.Locator("#preview-slack")).ToBeAttachedAsync();
        await Expect(page.Locator("main")).Not.ToContainTextAsync("In Teams");
    }
}
