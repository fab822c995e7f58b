using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Updates;
using HitBot.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HitBot.Tests.Dashboard;

/// <summary>
/// A sent update open on the dashboard, corrected by someone else before "Yes, correct it": the page says so, their
/// correction stays, the correction typed here stays in its fields beside theirs, and correcting again replaces theirs.
/// </summary>
public sealed class DashboardCorrectionConflictTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

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
    public async Task Correcting_an_update_someone_corrected_after_the_page_opened_shows_who_and_keeps_their_correction()
    {
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,,");
        var admin = teams.App.CreateAdminClient();
        var created = await admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "Early closing", ["body"] = "Lincoln closes early on Friday.", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        var id = (string?)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))?["id"];
        (await admin.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();
        await page.GotoAsync($"{browser.BaseUrl}/login#token={HitBotApp.AdminToken}");
        await Expect(page.Locator("h1")).ToHaveTextAsync("This week");
        await page.GotoAsync($"{browser.BaseUrl}/#/updates/{id}");
        await page.ClickAsync("text=Correct…");
        await Expect(page.Locator("#correct-body")).ToHaveValueAsync("Lincoln closes early on Friday.");

        // A colleague (a script here) corrects the day while the page is open; this page fixes the title only.
        (await admin.PostAsJsonAsync($"/api/admin/updates/{id}/correct", new JsonObject { ["body"] = "Lincoln closes early on Thursday." }, Ct))
            .EnsureSuccessStatusCode();
        await page.FillAsync("#correct-title", "Early closing at Lincoln");
        await page.ClickAsync("text=Replace it in every chat…");
        await page.ClickAsync("text=Yes, correct it");

        await Expect(page.Locator("[role=alert]")).ToContainTextAsync("corrected this update at 08:00 on Mon 2 Mar (program time), after you opened it, so your correction was not made");
        var update = teams.App.Get<UpdateStore>().Find(id!)!;
        Assert.Equal(("Early closing", "Lincoln closes early on Thursday."), (update.Title, update.Body));
        // Nothing typed is lost: the correction stays in its fields, the colleague's is shown beside it.
        await Expect(page.Locator("#correct-title")).ToHaveValueAsync("Early closing at Lincoln");
        await Expect(page.Locator("#their-body")).ToHaveTextAsync("Lincoln closes early on Thursday.");

        // Having read theirs, the coordinator takes their day and corrects again: theirs is replaced knowingly, without a reload.
        await page.FillAsync("#correct-body", "Lincoln closes early on Thursday.");
        await page.ClickAsync("text=Replace it in every chat…");
        await page.ClickAsync("text=Yes, correct it");
        await Expect(page.Locator("#their-body")).ToHaveCountAsync(0);
        update = teams.App.Get<UpdateStore>().Find(id!)!;
        Assert.Equal(("Early closing at Lincoln", "Lincoln closes early on Thursday."), (update.Title, update.Body));
    }
}
