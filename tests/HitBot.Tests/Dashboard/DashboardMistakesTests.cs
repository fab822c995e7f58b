using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Directory.Chat;
using HitBot.Core.Surveys;
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

    /// <summary>
    /// The coordinator picked another program's export: every line a stranger. It imported at once, and HitBot went to find
    /// and welcome each of them in chat. Now a file that is mostly new people, on a roster that has people, is shown first;
    /// the usual re-import with a few new tutors still goes straight in.
    /// </summary>
    [Fact]
    public async Task A_roster_file_of_mostly_unknown_people_is_shown_before_it_adds_them()
    {
        await ImportAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\nSam Ortiz,sam@example.org,tutor,Lincoln,CityTutors\n" +
                          "Cara Diaz,cara@example.org,site champion,Lincoln,\n");
        await SignInAsync("#/people");

        await UploadRosterAsync("Ann Lee,ann@other.example.org,tutor,Oak,\nBo Chen,bo@other.example.org,tutor,Oak,\n" +
                                "Cy Ross,cy@other.example.org,tutor,Oak,\nDee Wu,dee@other.example.org,tutor,Oak,\n");

        await Expect(page.Locator("#import-adds")).ToContainTextAsync("This file adds 4 people HitBot does not know yet and matches 0 of the 3 already on the roster.");
        Assert.Equal(3, app.Get<DirectoryStore>().All().Count);

        // The right file: the same three and one new tutor. Nothing to ask.
        await UploadRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\nSam Ortiz,sam@example.org,tutor,Lincoln,CityTutors\n" +
                                "Cara Diaz,cara@example.org,site champion,Lincoln,\nEve Adams,eve@example.org,tutor,Lincoln,CityTutors\n");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Imported: 1 new, 0 updated, 3 unchanged");
        Assert.Null(app.Get<DirectoryStore>().FindByEmail("ann@other.example.org"));
    }

    /// <summary>
    /// A coordinator closed a run early meaning to pause it: there is no reopening, and the question did not say so. Now it
    /// does, and points to the closing time, which gives tutors more time; keeping it leaves the run open.
    /// </summary>
    [Fact]
    public async Task Closing_a_run_early_says_it_cannot_be_reopened_and_what_gives_more_time_instead()
    {
        await ImportAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        var survey = await (await admin.PostAsJsonAsync("/api/admin/surveys", new JsonObject { ["template"] = "retention-pulse" }, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct);
        var run = await (await admin.PostAsJsonAsync($"/api/admin/surveys/{survey!["id"]}/runs", new JsonObject
        {
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") }, ["closesAt"] = "2026-03-09T23:59:00Z", ["anonymous"] = false,
            ["reminderEveryDays"] = 3, ["maxReminders"] = 2,
        }, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct);
        var runId = (string)run!["id"]!;
        await SignInAsync($"#/runs/{runId}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Close now…" }).ClickAsync();

        await Expect(page.Locator(":focus")).ToContainTextAsync("It cannot be reopened");
        await Expect(page.Locator(":focus")).ToContainTextAsync("To give them more time, change the closing time below instead.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Keep it" }).ClickAsync();
        Assert.Equal(RunStatus.Open, app.Get<SurveyStore>().FindRun(runId)!.Status);

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel the run…" }).ClickAsync();
        await Expect(page.Locator(":focus")).ToContainTextAsync("It cannot be undone");
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

    async Task UploadRosterAsync(string lines)
    {
        await page.SetInputFilesAsync("#roster", new FilePayload
        {
            Name = "roster.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes("name,email,role,site,partner\n" + lines),
        });
        await page.ClickAsync("button:text-is('Import')");
    }
}
