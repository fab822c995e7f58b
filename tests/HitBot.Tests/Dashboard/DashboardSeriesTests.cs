using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Updates;
using HitBot.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HitBot.Tests.Dashboard;

/// <summary>
/// The weekly newsletter as a series, run from the dashboard: started, filled with drafts, changed and stopped without
/// a line of curl (it was API only: a coordinator could not make one, move its slot or stop its weekly "nothing queued").
/// </summary>
public sealed class DashboardSeriesTests : TwoChannelsInBrowser
{
    [Fact]
    public async Task The_central_team_starts_a_weekly_newsletter_queues_its_issues_moves_its_slot_and_stops_it()
    {
        await Teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        var admin = Teams.App.CreateAdminClient();
        foreach (var title in new[] { "Week 1 news", "Week 2 news" })
            (await admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
            {
                ["title"] = title, ["body"] = "Sessions as usual.", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
            }, Ct)).EnsureSuccessStatusCode();

        await Page.GotoAsync(BaseUrl + "/#/series");
        await Page.FillAsync("#token", HitBotApp.AdminToken);
        await Page.ClickAsync("button[type=submit]");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Newsletter series");
        await Expect(Page.Locator("#series-empty")).ToBeVisibleAsync();

        // Started with a mistake (no audience): refused where it is made, nothing saved; then started.
        await Page.ClickAsync("text=Start a series");
        await Page.FillAsync("#series-name", "Tutor newsletter");
        await Page.SelectOptionAsync("#series-day", "Tuesday");
        await Page.FillAsync("#series-time", "08:30");
        await Page.ClickAsync("text=Start the series");
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("audience");
        Assert.Empty(Teams.App.Get<SeriesStore>().All());
        await Page.CheckAsync("fieldset[data-audience=roles] input[value=tutor]");
        await Page.ClickAsync("text=Start the series");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Tutor newsletter");
        // Monday 2 March 2026 in Chicago: the first slot is tomorrow, and nothing is queued for it yet.
        await Expect(Page.Locator("#series-next")).ToContainTextAsync("Every week, Tuesday at 08:30");
        await Expect(Page.Locator("#series-next")).ToContainTextAsync("nothing is queued");

        // The two drafts are queued in order; the next slot names the first.
        await Page.SelectOptionAsync("#series-add", new SelectOptionValue { Label = "Week 1 news" });
        await Page.ClickAsync("text=Add to the series");
        await Expect(Page.Locator("#series-queued li")).ToHaveCountAsync(1);
        await Page.SelectOptionAsync("#series-add", new SelectOptionValue { Label = "Week 2 news" });
        await Page.ClickAsync("text=Add to the series");
        await Expect(Page.Locator("#series-queued li")).ToHaveCountAsync(2);
        await Expect(Page.Locator("#series-queued li").First).ToContainTextAsync("Week 1 news");
        await Expect(Page.Locator("#series-next")).ToContainTextAsync("“Week 1 news”");
        await Expect(Page.Locator("#series-add")).ToHaveCountAsync(0);

        // The slot moves to Thursday; the form shows what the series has (its audience ticked).
        await Expect(Page.Locator("fieldset[data-audience=roles] input[value=tutor]")).ToBeCheckedAsync();
        await Page.SelectOptionAsync("#series-day", "Thursday");
        await Page.ClickAsync("#series-save");
        await Expect(Page.Locator("#series-next")).ToContainTextAsync("Thursday at 08:30");
        var series = Assert.Single(Teams.App.Get<SeriesStore>().All());
        Assert.Equal((DayOfWeek.Thursday, new TimeOnly(8, 30)), (series.Slot.Day, series.Slot.Time));

        // Stopped after a question: nothing is due any more, and the list says so.
        await Page.ClickAsync("text=Stop the series…");
        await Page.ClickAsync("text=Yes, stop it");
        await Expect(Page.Locator("#series-next")).ToContainTextAsync("stopped");
        Assert.Null(Teams.App.Get<SeriesStore>().Find(series.Id)?.NextAt);
        await Page.ClickAsync("text=Back to the series");
        await Expect(Page.Locator("tr[data-series='Tutor newsletter']")).ToContainTextAsync("stopped");
        await Expect(Page.Locator("tr[data-series='Tutor newsletter'] td[data-label=Queued]")).ToHaveTextAsync("2");

        await Page.SetViewportSizeAsync(390, 844);
        var overflow = await Page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the series list is {overflow}px wider than a phone screen");
    }

    /// <summary>
    /// A week that got no issue was told in chat once (or warned of the day before): a coordinator who missed that message
    /// found no trace of it on the series' page, which listed only what was sent.
    /// </summary>
    [Fact]
    public async Task A_week_the_series_sent_nothing_is_listed_on_its_page_and_in_the_admin_API()
    {
        var admin = Teams.App.CreateAdminClient();
        var created = await admin.PostAsJsonAsync("/api/admin/series", new JsonObject
        {
            ["name"] = "Tutor newsletter", ["rhythm"] = "weekly", ["day"] = "Tuesday", ["time"] = "08:00",
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;

        // Nothing is queued for Tuesday 3 March, 08:00 in Chicago; by Wednesday the slot has gone by.
        Teams.App.Time.Advance(TimeSpan.FromDays(2));
        var progress = Teams.App.Get<UpdateSchedulerProgress>();
        var now = Teams.App.Time.GetUtcNow();
        await progress.WaitForAsync(() => progress.SettledAt >= now, TimeSpan.FromSeconds(60), Ct);
        var view = await admin.GetFromJsonAsync<JsonObject>($"/api/admin/series/{id}", Ct);
        await Page.GotoAsync(BaseUrl + $"/#/series/{id}");
        await Page.FillAsync("#token", HitBotApp.AdminToken);
        await Page.ClickAsync("button[type=submit]");

        Assert.Equal("2026-03-03T14:00:00Z", (string?)Assert.Single(view!["missedSlots"]!.AsArray()));
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Tutor newsletter");
        await Expect(Page.Locator("#series-missed li")).ToHaveCountAsync(1);
        await Expect(Page.Locator("#series-missed li")).ToContainTextAsync("Mar 3, 2026");
    }
}
