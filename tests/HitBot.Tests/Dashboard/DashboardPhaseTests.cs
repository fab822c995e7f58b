using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HitBot.Tests.Dashboard;

/// <summary>The program's phase and a repeating item on the dashboard's Action plan page, in a real Chromium.</summary>
public sealed class DashboardPhaseTests : IAsyncLifetime
{
    TeamsTestApp teams = null!;
    BrowserPage browser = null!;
    IPage page => browser.Page;
    string baseUrl => browser.BaseUrl;

    public async ValueTask InitializeAsync()
    {
        teams = await TeamsTestApp.StartAsync(realPort: true);
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,\nBen Okafor,ben@example.org,Principal,Lincoln,");
        var userId = teams.NewUser().UserId;
        teams.App.Get<PeopleDirectory>().Link(new ChannelAddress
        {
            Channel = ChannelKind.Teams, UserId = userId, ConversationId = FakeBotConnector.ConversationFor(userId),
            ServiceUrl = teams.Connector.ServiceUrl, TenantId = TeamsActivities.TenantId, BotId = TeamsActivities.BotId,
        }, "maya@example.org");
        browser = await BrowserPage.OpenAsync(teams.App.Services);
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        await teams.DisposeAsync();
    }

    [Fact]
    public async Task The_central_team_sets_the_phase_announces_it_and_sees_its_items_first()
    {
        await page.GotoAsync(baseUrl + "/#/plan");
        await page.FillAsync("#token", HitBotApp.AdminToken);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Action plan");
        // The checklist's (000) name, as the cards and the announcement say it: "Program Installation".
        await Expect(page.Locator("[data-phase=installation] h2")).ToHaveTextAsync("Program installation");

        await page.SelectOptionAsync("#phase", "initial-implementation");
        await page.ClickAsync("text=Set phase");

        await Expect(page.Locator("[data-phase] h2").First).ToHaveTextAsync("Initial implementation (current phase)");
        await Expect(page.Locator("#announce")).ToContainTextAsync("Read the weekly updates");
        // 000 §1: "communicate expectations for each phase to tutors, school leaders, and district administrators".
        foreach (var role in new[] { "tutor", "school-leader", "executive-champion", "school-leader-support" })
            await Expect(page.Locator($"#announce input[value={role}]")).ToBeCheckedAsync();
        await ShootAsync("action-plan-phase");
        await page.ClickAsync("text=Send the announcement");
        await Expect(page.Locator("#announce")).ToContainTextAsync("Sent to 1 person");
        Assert.Equal(ActionPhase.InitialImplementation, teams.App.Get<ProgramPhases>().Current()?.Phase);

        // The reflection meetings repeat: their page says how, and a change is saved.
        await page.GotoAsync(baseUrl + "/#/plan/reflection-meetings");
        await Expect(page.Locator("#repeat-weeks")).ToHaveValueAsync("2");
        await page.FillAsync("#repeat-weeks", "3");
        await page.ClickAsync("text=Save changes");
        await Expect(page.Locator(".history")).ToContainTextAsync("Repeat: Every 3 weeks on Thursday");
        await ShootAsync("action-item-repeating");
    }

    [Fact]
    public async Task A_note_added_on_a_missed_meetings_page_leaves_it_missed()
    {
        var store = teams.App.Get<ActionPlanStore>();
        var series = store.Find("reflection-meetings")!;
        var at = teams.App.Time.GetUtcNow().UtcDateTime;
        store.Save(new ActionItem
        {
            Id = "reflection-meetings-20260226", SeriesId = series.Id, Order = series.Order, Title = series.Title, Phase = series.Phase,
            DueDate = new DateOnly(2026, 2, 26), Status = ItemStatus.Missed, StatusChangedAt = at, CreatedAt = at, UpdatedAt = at,
        });
        await page.GotoAsync(baseUrl + "/#/plan/reflection-meetings-20260226");
        await page.FillAsync("#token", HitBotApp.AdminToken);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("#note")).ToBeVisibleAsync();

        await page.FillAsync("#note", "Moved to the staff meeting on Friday");
        await page.ClickAsync("text=Save changes");

        await Expect(page.Locator(".history")).ToContainTextAsync("Note: Moved to the staff meeting on Friday");
        Assert.Equal(ItemStatus.Missed, store.Find("reflection-meetings-20260226")?.Status);
    }

    /// <summary>
    /// Ben is on the roster but not in a chat with HitBot yet: his reminders cannot go, and the item's page promised he
    /// would get them at the start of his working day.
    /// </summary>
    [Fact]
    public async Task An_item_whose_owner_HitBot_cannot_reach_in_chat_says_they_get_no_reminders()
    {
        var ben = teams.App.Get<DirectoryStore>().FindByEmail("ben@example.org")!;
        teams.App.Get<ActionItemChanges>().Edit("data-plan", new ItemEdit(OwnerId: ben.Id, DueDate: new DateOnly(2026, 3, 12)));
        await page.GotoAsync(baseUrl + "/#/plan");
        await page.FillAsync("#token", HitBotApp.AdminToken);
        await page.ClickAsync("button[type=submit]");

        await Expect(page.Locator("a[href='#/plan/data-plan']")).ToContainTextAsync("Ben Okafor (not in Teams or Slack yet)");
        await page.GotoAsync(baseUrl + "/#/plan/data-plan");
        await Expect(page.Locator("#item-messages")).ToContainTextAsync("Ben Okafor is not in Teams or Slack with HitBot yet, so gets no reminders");
        await Expect(page.Locator("#item-messages")).Not.ToContainTextAsync("gets reminders before the due date");
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
