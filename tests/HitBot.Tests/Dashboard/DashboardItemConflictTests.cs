using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.ActionPlan;
using HitBot.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HitBot.Tests.Dashboard;

/// <summary>An action item open on the dashboard, marked done elsewhere before "Save changes": the page says so and the item stays done.</summary>
public sealed class DashboardItemConflictTests : IAsyncLifetime
{
    TeamsTestApp teams = null!;
    BrowserPage browser = null!;
    IPage page => browser.Page;

    public async ValueTask InitializeAsync()
    {
        teams = await TeamsTestApp.StartAsync(realPort: true);
        browser = await BrowserPage.OpenAsync(teams.App.Services);
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        await teams.DisposeAsync();
    }

    [Fact]
    public async Task Saving_a_status_over_a_change_made_after_the_page_opened_shows_when_and_keeps_it()
    {
        await page.GotoAsync($"{browser.BaseUrl}/login#token={HitBotApp.AdminToken}");
        await Expect(page.Locator("h1")).ToHaveTextAsync("This week");
        await page.GotoAsync($"{browser.BaseUrl}/#/plan/data-plan");
        await Expect(page.Locator("#status")).ToHaveValueAsync("not-started");

        // A colleague (a script here) marks it done while the page is open; this page sets it in progress.
        (await teams.App.CreateAdminClient().PatchAsJsonAsync("/api/admin/action-items/data-plan", new JsonObject { ["status"] = "done" },
            TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await page.SelectOptionAsync("#status", "in-progress");
        await page.ClickAsync("text=Save changes");

        await Expect(page.Locator("[role=alert]")).ToContainTextAsync("changed this item at 08:00 on Mon 2 Mar (program time), after you opened it, so your change was not saved.");
        Assert.Equal(ItemStatus.Done, teams.App.Get<ActionPlanStore>().Find("data-plan")!.Status);

        // The typed change is still in the fields, theirs is shown under them, and Save again puts the typed one in knowingly.
        await Expect(page.Locator("#status")).ToHaveValueAsync("in-progress");
        await Expect(page.Locator("#their-item")).ToContainTextAsync("Status: Done");
        await page.ClickAsync("text=Save changes");
        await Expect(page.Locator("h1 .badge")).ToHaveTextAsync("in progress");
        Assert.Equal(ItemStatus.InProgress, teams.App.Get<ActionPlanStore>().Find("data-plan")!.Status);
    }
}
