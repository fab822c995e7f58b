using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Updates;
using HitBot.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HitBot.Tests.Dashboard;

/// <summary>
/// A draft open on the dashboard, changed by someone else before "Save changes": the page says so, saves nothing, keeps
/// what the coordinator typed and shows the colleague's version, and a second Save puts the coordinator's in its place.
/// Changes typed into a draft are kept in the tab until saved, as a new update's text is: a reload gives them back.
/// </summary>
public sealed class DashboardDraftConflictTests : IAsyncLifetime
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

    /// <summary>A draft "Week 12" made through the API, opened in the editor by a signed-in coordinator.</summary>
    async Task<(HttpClient Admin, string? Id)> OpenNewDraftAsync()
    {
        var admin = teams.App.CreateAdminClient();
        var created = await admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "Week 12", ["body"] = "Sessions resume Monday.", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        var id = (string?)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))?["id"];
        await page.GotoAsync($"{browser.BaseUrl}/login#token={HitBotApp.AdminToken}");
        await Expect(page.Locator("h1")).ToHaveTextAsync("This week");
        await page.GotoAsync($"{browser.BaseUrl}/#/updates/{id}");
        return (admin, id);
    }

    [Fact]
    public async Task Saving_a_draft_someone_changed_after_the_page_opened_shows_who_keeps_the_typed_text_and_shows_theirs()
    {
        var (admin, id) = await OpenNewDraftAsync();
        await Expect(page.Locator("#edit-body")).ToHaveValueAsync("Sessions resume Monday.");

        // A colleague (a script here) saves the draft while the page is open.
        (await admin.PatchAsJsonAsync($"/api/admin/updates/{id}", new JsonObject { ["body"] = "Sessions resume Monday in room 4." }, Ct)).EnsureSuccessStatusCode();
        await page.FillAsync("#edit-body", "Sessions resume Monday. Bring your badge.");
        await page.ClickAsync("text=Save changes");

        await Expect(page.Locator("[role=alert]")).ToContainTextAsync("saved this draft at 08:00 on Mon 2 Mar (program time), after you opened it, so your change was not saved.");
        Assert.Equal("Sessions resume Monday in room 4.", teams.App.Get<UpdateStore>().Find(id!)!.Body);
        // Nothing typed is lost: the coordinator's text stays in the field, the colleague's is shown beside it.
        await Expect(page.Locator("#edit-body")).ToHaveValueAsync("Sessions resume Monday. Bring your badge.");
        await Expect(page.Locator("#their-body")).ToHaveTextAsync("Sessions resume Monday in room 4.");

        // Having read theirs, Save again puts the coordinator's text in its place.
        await page.ClickAsync("text=Save changes");
        await Expect(page.Locator("#their-body")).ToHaveCountAsync(0);
        Assert.Equal("Sessions resume Monday. Bring your badge.", teams.App.Get<UpdateStore>().Find(id!)!.Body);
    }

    [Fact]
    public async Task Changes_typed_into_a_draft_come_back_after_a_reload_and_beside_a_colleagues_save_made_since_never_over_it()
    {
        var (admin, id) = await OpenNewDraftAsync();
        await page.FillAsync("#edit-body", "Sessions resume Monday. Bring your badge.");
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();

        // A reload (or the tab crashing and opened again) before Save: the changes are back, and the page says they are not saved.
        await page.ReloadAsync();
        await Expect(page.Locator("#draft-restored")).ToBeVisibleAsync();
        await Expect(page.Locator("#edit-body")).ToHaveValueAsync("Sessions resume Monday. Bring your badge.");

        // A colleague saves the draft before this tab comes back: the typed text returns beside theirs, which stays saved.
        (await admin.PatchAsJsonAsync($"/api/admin/updates/{id}", new JsonObject { ["body"] = "Sessions resume Monday in room 4." }, Ct)).EnsureSuccessStatusCode();
        await page.ReloadAsync();
        await Expect(page.Locator("#their-body")).ToHaveTextAsync("Sessions resume Monday in room 4.");
        await Expect(page.Locator("#edit-body")).ToHaveValueAsync("Sessions resume Monday. Bring your badge.");
        Assert.Equal("Sessions resume Monday in room 4.", teams.App.Get<UpdateStore>().Find(id!)!.Body);

        // Saved, the changes are no longer kept: the next visit shows the draft as saved, with no line about lost text.
        await page.ClickAsync("text=Save changes");
        await Expect(page.Locator("#their-body")).ToHaveCountAsync(0);
        Assert.Equal("Sessions resume Monday. Bring your badge.", teams.App.Get<UpdateStore>().Find(id!)!.Body);
        await page.ReloadAsync();
        await Expect(page.Locator("#edit-body")).ToHaveValueAsync("Sessions resume Monday. Bring your badge.");
        await Expect(page.Locator("#draft-restored")).ToHaveCountAsync(0);
    }
}
