using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HitBot.Tests.Dashboard;

/// <summary>Correcting and then recalling a sent update from its dashboard page, in a real Chromium, each after a confirmation.</summary>
public sealed class DashboardUpdateCorrectionTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly LocatorAssertionsToHaveTextOptions Patient = new() { Timeout = 20_000 };

    TwoChannelApp both = null!;
    TeamsTestApp teams => both.Teams;
    BrowserPage browser = null!;
    IPage page => browser.Page;

    public async ValueTask InitializeAsync()
    {
        both = await TwoChannelApp.StartAsync(realPort: true);
        browser = await BrowserPage.OpenAsync(teams.App.Services);
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        await both.DisposeAsync();
    }

    [Fact]
    public async Task A_sent_update_is_corrected_and_then_recalled_from_its_page_after_confirming_each()
    {
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,,\nSam Ortiz,sam@example.org,tutor,,");
        teams.App.Get<PeopleDirectory>().Link(both.TeamsAddress(teams.NewUser().UserId), "maya@example.org");
        teams.App.Get<PeopleDirectory>().Link(TwoChannelApp.SlackAddress("U1SAM"), "sam@example.org");
        var admin = teams.App.CreateAdminClient();
        var created = await admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "Week 12: sessions resume Monday", ["body"] = "Sessions resume Monday.", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        var id = (string?)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))?["id"];
        await admin.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct);
        await teams.DeliveredAsync();
        await page.GotoAsync($"{browser.BaseUrl}/login#token={HitBotApp.AdminToken}");
        await Expect(page.Locator("h1")).ToHaveTextAsync("This week");

        await page.GotoAsync($"{browser.BaseUrl}/#/updates/{id}");
        await page.ClickAsync("text=Correct…");
        await page.FillAsync("#correct-body", "Sessions resume **Tuesday**.");
        await page.ClickAsync("text=Replace it in every chat…");
        await Expect(page.Locator("strong", new PageLocatorOptions { HasText = "Replace" })).ToContainTextAsync("in 2 chats");
        await page.ClickAsync("text=Yes, correct it");
        await Expect(page.Locator("[data-tile=edited] b")).ToHaveTextAsync("2", Patient);
        await page.ClickAsync("text=Recall…");
        await page.ClickAsync("text=Yes, recall it");
        await Expect(page.Locator("[data-tile=recalled] b")).ToHaveTextAsync("2", Patient);

        Assert.Single(teams.Connector.ConnectorCalls, c => c.Method == "PUT");
        Assert.Single(teams.Connector.ConnectorCalls, c => c.Method == "DELETE");
        Assert.Single(both.Slack.CallsTo("chat.delete"));
        await Expect(page.GetByText("Recall…")).ToHaveCountAsync(0);
    }
}
