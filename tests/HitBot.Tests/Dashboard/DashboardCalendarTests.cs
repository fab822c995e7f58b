using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.Calendar;
using HitBot.Core.Updates;
using HitBot.Tests.Calendar;
using HitBot.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HitBot.Tests.Dashboard;

/// <summary>The program calendar page and the composer's urgent flag, in a real Chromium, during the winter break.</summary>
public sealed class DashboardCalendarTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    WinterBreak winter = null!;
    BrowserPage browser = null!;
    IPage page => browser.Page;
    string baseUrl => browser.BaseUrl;

    public async ValueTask InitializeAsync()
    {
        winter = await WinterBreak.StartAsync(realPort: true);
        browser = await BrowserPage.OpenAsync(winter.App.Services);
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        await winter.DisposeAsync();
    }

    [Fact]
    public async Task The_central_team_keeps_the_calendar_and_sees_what_the_break_held_back()
    {
        var created = await winter.Admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "Log your sessions", ["body"] = "Please log this week's sessions.", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        await winter.Admin.PutAsJsonAsync($"/api/admin/updates/{id}/schedule", new JsonObject { ["weekly"] = new JsonObject { ["day"] = "Monday", ["time"] = "09:00" } }, Ct);
        await winter.AdvanceHoursAsync(winter.App.Get<UpdateSchedulerProgress>(), winter.HoursUntil("2026-12-21 10:00"));

        await page.GotoAsync(baseUrl + "/#/calendar");
        await page.FillAsync("#token", HitBotApp.AdminToken);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Program calendar");
        await Expect(page.Locator("#paused-today")).ToContainTextAsync("Today is in Winter break");
        await Expect(page.Locator("#held tr[data-held=update]")).ToContainTextAsync("Log your sessions");
        await Expect(page.Locator("#held tr[data-held=update]")).ToContainTextAsync("skipped; next");

        // A last day before the first is refused and nothing is added; the right dates are.
        await page.FillAsync("#pause-name", "Spring break");
        await page.FillAsync("#pause-first", "2027-03-26");
        await page.FillAsync("#pause-last", "2027-03-22");
        await page.ClickAsync("text=Add to the calendar");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("is before first");
        Assert.Single(winter.App.Get<ProgramCalendar>().All());
        await page.FillAsync("#pause-last", "2027-03-30");
        await page.ClickAsync("text=Add to the calendar");
        await Expect(page.Locator("tr[data-pause='Spring break']")).ToBeVisibleAsync();

        // The district's CSV: a wrong line is named and nothing changes; the fixed file imports.
        await ImportAsync("MLK Day,holiday,2027-01-18,2027-01-18\nState tests,exams,2027-04-12,2027-04-16\n");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Line 3");
        Assert.Equal(2, winter.App.Get<ProgramCalendar>().All().Count);
        await ImportAsync("MLK Day,holiday,2027-01-18,2027-01-18\nState tests,testing,2027-04-12,2027-04-16\n");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Imported: 2 added");
        await Expect(page.Locator("tr[data-pause='State tests']")).ToContainTextAsync("testing");
        await ShootAsync("calendar");

        // An urgent update, written in the composer, goes even today.
        await page.ClickAsync("nav >> text=Updates");
        await page.ClickAsync("text=Write an update");
        await page.FillAsync("#title", "Snow day: sessions move online");
        await page.FillAsync("#body", "All sessions move online tomorrow.");
        await page.CheckAsync("fieldset[data-audience=roles] input[value=tutor]");
        await page.CheckAsync("#urgent");
        await page.ClickAsync("text=Save draft");
        await Expect(page.Locator("h1 .badge.urgent")).ToBeVisibleAsync();
        await page.ClickAsync("text=Send now…");
        await page.ClickAsync("text=Yes, send to 1");
        await Expect(page.Locator("[data-tile=delivered] b")).ToHaveTextAsync("1", new LocatorAssertionsToHaveTextOptions { Timeout = 20_000 });
        Assert.Contains(winter.App.Get<UpdateStore>().Page(0, 1000).Updates, u => u is { Urgent: true, Title: "Snow day: sessions move online" });
    }

    /// <summary>Removing a break lets everything it holds go out: one tap beside the dates on a phone must not do that by itself.</summary>
    [Fact]
    public async Task Removing_a_break_asks_first_and_Escape_keeps_it()
    {
        await page.GotoAsync(baseUrl + "/#/calendar");
        await page.FillAsync("#token", HitBotApp.AdminToken);
        await page.ClickAsync("button[type=submit]");
        var remove = page.GetByRole(AriaRole.Button, new() { Name = "Remove Winter break" });

        await remove.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator(":focus")).ToContainTextAsync("Remove “Winter break”");
        Assert.Single(winter.App.Get<ProgramCalendar>().All());
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator(":focus")).ToHaveAccessibleNameAsync("Remove Winter break");

        await remove.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, remove it" }).ClickAsync();

        await Expect(page.Locator("tr[data-pause='Winter break']")).ToHaveCountAsync(0);
        await Expect(page.Locator("#said")).ToHaveTextAsync("Winter break removed.");
        Assert.Empty(winter.App.Get<ProgramCalendar>().All());
    }

    /// <summary>
    /// The district's calendar as Excel saves it on Windows: plain "CSV" is Windows-1252, "Unicode text" UTF-16 with tabs.
    /// The page read every file as UTF-8, so "Día de Reyes" was saved as "D\uFFFDa de Reyes" and a UTF-16 file was refused
    /// for its header, though the API reads both (as the People page does).
    /// </summary>
    [Fact]
    public async Task A_calendar_saved_by_Excel_on_Windows_imports_with_its_accents()
    {
        await page.GotoAsync(baseUrl + "/#/calendar");
        await page.FillAsync("#token", HitBotApp.AdminToken);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Program calendar");

        await ImportBytesAsync(CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes("name,kind,first,last\r\nDía de Reyes,holiday,2027-01-06,2027-01-06\r\n"));
        await Expect(page.Locator("tr[data-pause='Día de Reyes']")).ToBeVisibleAsync();
        await ImportBytesAsync([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("name\tkind\tfirst\tlast\r\nSemana Santa – Spring break\tbreak\t2027-03-22\t2027-03-26\r\n")]);
        await Expect(page.Locator("tr[data-pause='Semana Santa – Spring break']")).ToBeVisibleAsync();

        Assert.Contains(winter.App.Get<ProgramCalendar>().All(), e => e.Name == "Día de Reyes");
        Assert.Contains(winter.App.Get<ProgramCalendar>().All(), e => e.Name == "Semana Santa – Spring break");
    }

    async Task ImportBytesAsync(byte[] file)
    {
        await page.SetInputFilesAsync("#calendar-file", new FilePayload { Name = "calendar.csv", MimeType = "text/csv", Buffer = file });
        await page.ClickAsync("button:text-is('Import')");
    }

    async Task ImportAsync(string lines)
    {
        await page.SetInputFilesAsync("#calendar-file", new FilePayload
        {
            Name = "calendar.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes("name,kind,first,last\n" + lines),
        });
        await page.ClickAsync("button:text-is('Import')");
    }

    async Task ShootAsync(string name)
    {
        var folder = Chromium.ScreenshotFolder();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.desktop.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{name}: the page is {overflow}px wider than a phone screen");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.phone.png"), FullPage = true });
        await page.SetViewportSizeAsync(1280, 900);
    }
}
