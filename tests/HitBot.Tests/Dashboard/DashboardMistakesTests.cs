using System.Text;
using HitBot.Core.Directory;
using HitBot.Core.Directory.Chat;
using HitBot.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HitBot.Tests.Dashboard;

/// <summary>
/// A busy coordinator's slips on the People page, in a real Chromium: a tap that overrides a tutor's own "stop", and a
/// roster file that is not the program's, which would have welcomed hundreds of strangers in chat before anyone looked.
/// </summary>
public sealed class DashboardMistakesTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    TeamsTestApp teams = null!;
    HitBotApp app => teams.App;
    HttpClient admin = null!;
    BrowserPage browser = null!;
    IPage page => browser.Page;

    public async ValueTask InitializeAsync()
    {
        teams = await TeamsTestApp.StartAsync(realPort: true);
        admin = app.CreateAdminClient();
        browser = await BrowserPage.OpenAsync(app.Services);
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        await teams.DisposeAsync();
    }

    /// <summary>
    /// Maya typed stop herself. "Opt back in" sat one tap from the row's other buttons and gave her every update and
    /// survey again, unasked; now it asks first and names her own choice. An opt-out the central team made still undoes in one tap.
    /// </summary>
    [Fact]
    public async Task Opting_back_in_someone_who_said_stop_themselves_asks_first()
    {
        await ImportAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\nBen Okafor,ben@example.org,tutor,Lincoln,CityTutors\n");
        var directory = app.Get<DirectoryStore>();
        var (maya, ben) = (directory.FindByEmail("maya@example.org")!, directory.FindByEmail("ben@example.org")!);
        app.Get<PeopleDirectory>().SetOptOut(maya.Id, true, ConsentRoutes.SelfService);
        app.Get<PeopleDirectory>().SetOptOut(ben.Id, true, "Lena Park");
        await SignInAsync("#/people");

        await page.GetByRole(AriaRole.Button, new() { Name = "Opt back in Maya Lopez", Exact = true }).ClickAsync();

        await Expect(page.Locator(":focus")).ToContainTextAsync("Maya Lopez said stop themselves");
        Assert.True(directory.Find(maya.Id)!.OptedOut);
        await page.GetByRole(AriaRole.Button, new() { Name = "Keep them opted out" }).ClickAsync();
        Assert.True(directory.Find(maya.Id)!.OptedOut);

        // Ben was opted out by a colleague by mistake: putting that right is the one tap it was.
        await page.GetByRole(AriaRole.Button, new() { Name = "Opt back in Ben Okafor", Exact = true }).ClickAsync();
        await Expect(page.Locator("#said")).ToHaveTextAsync("Ben Okafor opted back in.");
        Assert.False(directory.Find(ben.Id)!.OptedOut);

        // Maya asked on the phone to come back: the coordinator says so, and she is back in.
        await page.GetByRole(AriaRole.Button, new() { Name = "Opt back in Maya Lopez", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, they asked" }).ClickAsync();
        await Expect(page.Locator("#said")).ToHaveTextAsync("Maya Lopez opted back in.");
        Assert.False(directory.Find(maya.Id)!.OptedOut);
    }

    async Task SignInAsync(string hash)
    {
        await page.GotoAsync(browser.BaseUrl + "/" + hash);
        await page.FillAsync("#token", HitBotApp.AdminToken);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("body[data-ready=true]")).ToBeAttachedAsync();
    }

    async Task ImportAsync(string lines)
    {
        using var content = new StringContent("name,email,role,site,partner\n" + lines, Encoding.UTF8, "text/csv");
        (await admin.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), content, Ct)).EnsureSuccessStatusCode();
    }
}
