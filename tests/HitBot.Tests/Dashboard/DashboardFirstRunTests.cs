using HitBot.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HitBot.Tests.Dashboard;

/// <summary>
/// A coordinator's first look at the dashboard of a HitBot just installed, with no chat connected yet, on a phone: what is
/// missing is said on the first page, and every page can be reached from the menu.
/// </summary>
public sealed class DashboardFirstRunTests : IAsyncLifetime
{
    readonly HitBotApp app = new(new() { ["HitBot:Teams:Emulator"] = "false" });
    BrowserPage browser = null!;
    IPage page => browser.Page;

    public async ValueTask InitializeAsync()
    {
        app.UseKestrel(0);
        browser = await BrowserPage.OpenAsync(app.Services);
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync(browser.BaseUrl + "/");
        await page.FillAsync("#token", HitBotApp.AdminToken);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("This week");
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task The_overview_of_a_HitBot_with_no_chat_connected_says_so_and_where_to_read_how()
    {
        var chats = page.Locator("#chats");

        await Expect(chats).ToContainTextAsync("HitBot is not connected to Teams or Slack yet, so updates, surveys and reminders reach nobody.");
        await Expect(chats).ToContainTextAsync("Connect Slack");
        await Expect(chats).ToBeInViewportAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotFolder(), "first-run-overview.phone.png"), FullPage = true });
    }

    /// <summary>After a restore the first page says the data is a backup's, and from when (BackupTests has the API and the restore itself).</summary>
    [Fact]
    public async Task After_a_restore_the_overview_says_the_data_comes_from_the_backup()
    {
        var now = app.Time.GetUtcNow();
        app.Get<HitBot.Core.Storage.HitBotDb>().NoteRestore(now.AddDays(-3), now);

        await page.ReloadAsync();

        await Expect(page.Locator("#restored")).ToContainTextAsync("This data comes from a backup taken ");
        await Expect(page.Locator("#restored")).ToContainTextAsync("answers, feedback and changes made between those times are not in it");
    }

    [Fact]
    public async Task Empty_pages_say_what_to_do_first()
    {
        await page.ClickAsync("nav >> text=Updates");
        await Expect(page.Locator("#updates-empty")).ToContainTextAsync("No updates yet. Write your first with “Write an update”");
        await page.ClickAsync("nav >> text=Surveys");
        await Expect(page.Locator("#surveys-empty")).ToContainTextAsync("No surveys yet. Start with the retention template");
        await page.ClickAsync("nav >> text=Feedback");
        await Expect(page.Locator("#feedback-empty")).ToContainTextAsync("Tutors write to you by typing feedback in their chat with HitBot");
        await page.FillAsync("#feedback-search", "pacing");
        await Expect(page.Locator("#feedback-empty")).ToHaveTextAsync("Nothing matches.");
    }

    /// <summary>With nobody reachable, "Send now…" says why rather than asking "Send to 0 people?" with a button that does nothing.</summary>
    [Fact]
    public async Task Send_now_with_nobody_reachable_in_chat_says_so_instead_of_offering_to_send_to_zero()
    {
        using (var roster = new StringReader("name,email,role\nMaya Lopez,maya@example.org,tutor\n"))
            app.Get<HitBot.Core.Directory.RosterImport>().Import(roster, false);
        await page.ClickAsync("nav >> text=Updates");
        await page.ClickAsync("text=Write an update");
        await page.FillAsync("#title", "Welcome back");
        await page.FillAsync("#body", "Sessions start Monday.");
        // The roles as the roles guide (004) names them, not as slugs ("research data", "hr payroll").
        await Expect(page.Locator("fieldset[data-audience=roles]")).ToContainTextAsync("Research and data teams");
        await Expect(page.Locator("fieldset[data-audience=roles]")).ToContainTextAsync("HR and payroll");
        await page.CheckAsync("fieldset[data-audience=roles] input[value=tutor]");
        await page.ClickAsync("text=Save draft");
        await page.ClickAsync("text=Send now…");

        await Expect(page.Locator("main")).ToContainTextAsync("Nobody in this audience can be reached in chat yet: the People page says why for each person.");
        await Expect(page.GetByText("Yes, send to 0")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task On_a_phone_every_page_of_the_menu_is_on_the_screen_not_hidden_past_its_edge()
    {
        var links = page.Locator(".top nav a:visible");

        var outside = await links.EvaluateAllAsync<string[]>(
            "links => links.filter(a => { const r = a.getBoundingClientRect(); return r.left < 0 || r.right > window.innerWidth; }).map(a => a.textContent)");

        Assert.Equal(["Overview", "Updates", "Newsletters", "Surveys", "Action plan", "Feedback", "People", "Calendar"], await links.AllTextContentsAsync());
        Assert.Empty(outside);
    }
}
