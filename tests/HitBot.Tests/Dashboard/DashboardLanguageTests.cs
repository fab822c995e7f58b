using System.Text;
using HitBot.Core.Directory;
using HitBot.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HitBot.Tests.Dashboard;

/// <summary>The directory's language on the dashboard, in a real Chromium: the People page's column and filter, the audience picker.</summary>
public sealed class DashboardLanguageTests : IAsyncLifetime
{
    TwoChannelApp both = null!;
    BrowserPage browser = null!;
    IPage page => browser.Page;

    public async ValueTask InitializeAsync()
    {
        both = await TwoChannelApp.StartAsync(realPort: true);
        browser = await BrowserPage.OpenAsync(both.Teams.App.Services);
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        await both.DisposeAsync();
    }

    [Fact]
    public async Task A_coordinator_finds_the_Spanish_speakers_and_writes_an_update_to_them()
    {
        await page.GotoAsync(browser.BaseUrl + "/");
        await page.FillAsync("#token", HitBotApp.AdminToken);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("This week");
        await page.ClickAsync("nav >> text=People");
        await Expect(page.Locator("h1")).ToHaveTextAsync("People");
        await page.SetInputFilesAsync("#roster", new FilePayload
        {
            Name = "roster.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes("name,email,role,site,language\n" +
                "Maya Lopez,maya@example.org,tutor,Lincoln,Spanish\nAna Ruiz,ana@example.org,tutor,Grant,es-MX\nEve Adams,eve@example.org,tutor,Lincoln,en\n"),
        });
        await page.ClickAsync("button:text-is('Import')");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Imported: 3 new");
        var directory = both.Teams.App.Get<PeopleDirectory>();
        foreach (var who in new[] { "maya", "ana", "eve" }) directory.Link(both.TeamsAddress("29:" + who), who + "@example.org");

        await Expect(page.Locator("tr[data-person='ana@example.org'] td[data-label=Language]")).ToHaveTextAsync("es-MX");
        await page.SelectOptionAsync("#people-language", "es");
        await Expect(page.Locator("#people tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("tr[data-person='eve@example.org']")).ToHaveCountAsync(0);

        await page.ClickAsync("nav >> text=Updates");
        await page.ClickAsync("text=Write an update");
        await page.FillAsync("#title", "Sesiones el lunes");
        await page.FillAsync("#body", "Gracias por todo.");
        await Expect(page.Locator("fieldset[data-audience=languages] label:has(input[value=es])")).ToHaveTextAsync("Spanish (es)");
        await page.CheckAsync("fieldset[data-audience=languages] input[value=es]");
        await Expect(page.Locator("#reach")).ToHaveTextAsync("Reaches 2 people.");
    }
}
