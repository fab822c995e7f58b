using HitBot.Core.Calendar;
using HitBot.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HitBot.Tests.Dashboard;

/// <summary>
/// A session ends after eight hours without use: a coordinator who comes back to a half-written reply, or opens another
/// page, after lunch. Nothing they typed is lost and they come back to the page they were on.
/// </summary>
public sealed class DashboardSessionEndTests : IAsyncLifetime
{
    TeamsTestApp teams = null!;
    HitBotApp app => teams.App;
    BrowserPage browser = null!;
    IPage page => browser.Page;
    string baseUrl => browser.BaseUrl;

    public async ValueTask InitializeAsync()
    {
        teams = await TeamsTestApp.StartAsync(realPort: true);
        browser = await BrowserPage.OpenAsync(app.Services);
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        await teams.DisposeAsync();
    }

    [Fact]
    public async Task A_change_made_after_the_session_ended_keeps_what_was_typed_and_goes_once_signed_in_again_in_another_tab()
    {
        await SignInAsync(page, "#/calendar");
        await page.FillAsync("#pause-name", "Spring break");
        await page.FillAsync("#pause-first", "2026-03-23");
        await page.FillAsync("#pause-last", "2026-03-27");
        app.Time.Advance(TimeSpan.FromHours(9));

        await page.GetByRole(AriaRole.Button, new() { Name = "Add to the calendar" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("You are signed out");
        Assert.Equal("/", new Uri(page.Url).AbsolutePath);
        await Expect(page.Locator("#pause-name")).ToHaveValueAsync("Spring break");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in again" })).ToHaveAttributeAsync("target", "_blank");
        Assert.Empty(app.Get<ProgramCalendar>().All());

        // Signed in again in another tab (as the link opens it), the same button adds what was typed.
        var other = await page.Context.NewPageAsync();
        await SignInAsync(other, "#/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to the calendar" }).ClickAsync();

        await Expect(page.Locator("#pauses")).ToContainTextAsync("Spring break");
        Assert.Equal("Spring break", Assert.Single(app.Get<ProgramCalendar>().All()).Name);
    }

    [Fact]
    public async Task Moving_to_another_page_after_the_session_ended_signs_in_again_to_that_page()
    {
        await SignInAsync(page, "#/feedback");
        app.Time.Advance(TimeSpan.FromHours(9));

        await page.Locator("nav a", new() { HasText = "People" }).ClickAsync();

        await Expect(page.Locator("#token")).ToBeVisibleAsync();
        await page.FillAsync("#token", HitBotApp.AdminToken);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("People");
    }

    async Task SignInAsync(IPage tab, string hash)
    {
        await tab.GotoAsync(baseUrl + "/" + hash);
        await tab.FillAsync("#token", HitBotApp.AdminToken);
        await tab.ClickAsync("button[type=submit]");
        await Expect(tab.Locator("body[data-ready=true]")).ToBeAttachedAsync();
    }
}
