using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HitBot.Tests.Dashboard;

/// <summary>
/// The dashboard's one rule for time: every date and time is the program's (America/Chicago here), whatever the browser's
/// zone, and a time names its zone. The coordinator's laptop is set to UTC; the program's now is Monday 2 March 2026,
/// 08:00 CST (14:00 UTC).
/// </summary>
public sealed class DashboardTimeZoneTests() : TwoChannelsInBrowser("UTC")
{

    async Task<JsonObject> PostAsync(string path, JsonObject body)
    {
        var response = await Teams.App.CreateAdminClient().PostAsJsonAsync(path, body, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
    }

    [Fact]
    public async Task A_run_closing_at_the_end_of_Friday_in_Chicago_shows_Friday_on_a_laptop_set_to_UTC()
    {
        var survey = await PostAsync("/api/admin/surveys", new JsonObject { ["template"] = "retention-pulse" });
        // Friday 6 March, 23:59 in Chicago: Saturday 05:59 in UTC.
        var run = await PostAsync($"/api/admin/surveys/{survey["id"]}/runs", new JsonObject
        {
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") }, ["closesAt"] = "2026-03-06T23:59:00-06:00", ["anonymous"] = false,
        });
        await SignInAsync();

        await Page.GotoAsync($"{BaseUrl}/#/surveys/{survey["id"]}");

        await Expect(Page.Locator($"a[href='#/runs/{run["id"]}']")).ToHaveTextAsync("Mar 2, 2026 – Mar 6, 2026");
    }

    [Fact]
    public async Task An_update_sent_at_8_in_the_morning_in_Chicago_is_listed_as_sent_at_8_CST()
    {
        await Teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,,"); // an audience that matches nobody is not sent
        var update = await PostAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "Week 9", ["body"] = "Sessions resume Monday.", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        });
        (await Teams.App.CreateAdminClient().PostAsync(new Uri($"/api/admin/updates/{update["id"]}/send", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();
        await SignInAsync();

        await Page.ClickAsync("nav >> text=Updates");

        await Expect(Page.Locator("td[data-label=Sent]").First).ToHaveTextAsync("Mar 2, 2026, 8:00 AM CST");
    }

    /// <summary>
    /// Two copies found in their readers' night after a restart wait for Tuesday 09:00 and 10:00 in Chicago: the update's
    /// page said "2 waiting to send" and nothing more, so the coordinator could not tell a minute from a day.
    /// </summary>
    [Fact]
    public async Task Copies_waiting_for_the_morning_say_why_and_when_they_go_in_Chicago_time()
    {
        var update = await PostAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "Week 9", ["body"] = "Sessions resume Monday.", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        });
        var morning = new DateTime(2026, 3, 3, 15, 0, 0, DateTimeKind.Utc);
        foreach (var (person, at) in new[] { ("p-eve", morning), ("p-ben", morning.AddHours(1)) })
            Teams.App.Get<OutboxStore>().TryEnqueue(Delivery.Send($"update:{update["id"]}:{person}", $"update:{update["id"]}", person,
                new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + person }, Message.Text("Week 9"), Teams.App.Time.GetUtcNow())
                with { DueAt = at, LastError = Dispatcher.LateAtNight, Budgeted = true });
        await SignInAsync();

        await Page.GotoAsync($"{BaseUrl}/#/updates/{update["id"]}");

        await Expect(Page.Locator("#waiting li[data-reason=morning]")).ToHaveTextAsync(
            "2 waiting for the person's morning (they were due while HitBot was stopped, in the person's night): they go from Mar 3, 2026, 9:00 AM CST to Mar 3, 2026, 10:00 AM CST");
        await Expect(Page.Locator("#waiting")).ToContainTextAsync("Times are the program's (America/Chicago).");
    }

    [Fact]
    public async Task The_People_page_shows_each_persons_zone_and_sets_one_by_name()
    {
        using var roster = new StringContent("name,email,role,time zone\nMaya Lopez,maya@example.org,tutor,New York\nSam Ortiz,sam@example.org,tutor,\n",
            Encoding.UTF8, "text/csv");
        (await Teams.App.CreateAdminClient().PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), roster, Ct)).EnsureSuccessStatusCode();
        await SignInAsync();
        await Page.ClickAsync("nav >> text=People");
        await Expect(Page.Locator("tr[data-person='maya@example.org'] td[data-label='Time zone']")).ToHaveTextAsync("America/New_York");
        await Expect(Page.Locator("tr[data-person='sam@example.org'] td[data-label='Time zone']")).ToHaveTextAsync("program's (America/Chicago)");

        await Page.ClickAsync("button[aria-label='Set time zone of Sam Ortiz']");
        await Page.FillAsync("input[aria-label^='Time zone of Sam Ortiz']", "Pacific Time");
        await Page.ClickAsync("button[aria-label='Save the time zone of Sam Ortiz']");

        await Expect(Page.Locator("tr[data-person='sam@example.org'] td[data-label='Time zone']")).ToHaveTextAsync("America/Los_Angeles");
    }
}
