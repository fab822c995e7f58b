using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HitBot.Core.Directory;
using HitBot.Tests.Dashboard;
using HitBot.Tests.SiteChampions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HitBot.Tests.PartnerLeads;

/// <summary>In a real Chromium: a partner lead signs in with their own token and finds their cohort beside their updates, and only it.</summary>
public sealed class PartnerLeadBrowserTests : TwoSitesInBrowser
{
    [Fact]
    public async Task A_partner_lead_sees_their_cohorts_results_with_a_small_group_hidden_and_their_at_risk_tutors()
    {
        var (city, grant) = (Sites.LincolnTutors, Sites.GrantTutors);
        var everyone = city.Concat(grant).ToList();
        Sites.ClosedRun("spring", anonymous: false, everyone,
            (city[0], "yes", "4"), (city[1], "yes", "4"), (city[2], "no", "3"), (city[3], "yes", "4"), (city[4], "yes", "4"),
            (grant[0], "no", "1"));
        Sites.ClosedRun("winter", anonymous: true, everyone, (city[0], "no", "1"), (city[1], "yes", "4"));
        var token = await Sites.TokenForAsync("pia@example.org");

        await Page.GotoAsync(BaseUrl + "/#/people");
        await Page.FillAsync("#token", token);
        await Page.ClickAsync("button[type=submit]");

        await Expect(Page.Locator("h1")).ToHaveTextAsync("Updates");
        await Expect(Page.Locator("nav a:visible")).ToHaveTextAsync(["Updates", "My cohort", "My items"]);
        await Page.ClickAsync("nav >> text=My cohort");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("CityTutors");
        await Expect(Page.Locator("tr[data-run=winter] td[data-label=Answered]")).ToHaveTextAsync("hidden (6 invited)");
        await Expect(Page.Locator("tr[data-run=spring] td[data-label=Answered]")).ToHaveTextAsync("5 of 6");
        await Expect(Page.Locator("tr[data-run=spring] td[data-label='Plan to continue']")).ToHaveTextAsync("80%");
        await ShootAsync("partner-lead-my-cohort");

        await Page.ClickAsync("text=Tutor retention pulse winter");
        await Expect(Page.Locator("#hidden-results")).ToContainTextAsync("Fewer than five people in your cohort answered");
        await Expect(Page.Locator("[data-question]")).ToHaveCountAsync(0);
        await Page.GotoAsync(BaseUrl + "/#/my-cohort/runs/spring");
        await Expect(Page.Locator("#at-risk tbody tr")).ToHaveTextAsync([new Regex(city[2].Name)]);
        await Expect(Page.Locator("#at-risk td[data-label=Site]")).ToHaveTextAsync(["Lincoln"]);
        await Expect(Page.Locator("main")).Not.ToContainTextAsync("Grant Tutor");
        await ShootAsync("partner-lead-run");

        await Page.ClickAsync("nav >> text=My items");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("My items");
        await Page.GotoAsync(BaseUrl + "/#/my-site");
        await Expect(Page).ToHaveURLAsync(new Regex("#/updates$"));
        Assert.All(Browser.Requested(), url => Assert.StartsWith(BaseUrl, url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Someone_who_is_both_site_champion_and_partner_lead_finds_both_pages()
    {
        Sites.Directory.Change(Sites.Person("pia@example.org").Id, p => p with { Roles = [Roles.PartnerLead, Roles.SiteChampion], Site = Sites.Grant });
        var token = await Sites.TokenForAsync("pia@example.org");

        await Page.GotoAsync(BaseUrl + "/");
        await Page.FillAsync("#token", token);
        await Page.ClickAsync("button[type=submit]");

        await Expect(Page.Locator("h1")).ToHaveTextAsync("Grant");
        await Expect(Page.Locator("nav a:visible")).ToHaveTextAsync(["Updates", "My site", "My cohort", "My items", "Site updates"]);
        await Page.ClickAsync("nav >> text=My cohort");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("CityTutors");
    }

    [Fact]
    public async Task A_partner_lead_recalls_the_update_they_sent_from_its_page()
    {
        var token = await Sites.TokenForAsync("pia@example.org");
        var pia = Sites.App.CreateClient();
        pia.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var created = await pia.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "Timesheets by Friday", ["body"] = "Timesheets by Friday.",
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor"), ["partners"] = new JsonArray("CityTutors") },
        }, TestContext.Current.CancellationToken);
        var id = (string?)(await created.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))?["id"];
        (await pia.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await Page.GotoAsync(BaseUrl + "/");
        await Page.FillAsync("#token", token);
        await Page.ClickAsync("button[type=submit]");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Updates");

        await Page.GotoAsync($"{BaseUrl}/#/updates/{id}");
        await Page.ClickAsync("text=Recall…");
        await Page.ClickAsync("text=Yes, recall it");

        await Expect(Page.Locator("p.notice")).ToContainTextAsync("Recalled", new() { Timeout = 20_000 });
        Assert.NotNull(Sites.App.Get<HitBot.Core.Updates.UpdateStore>().Find(id!)?.RecalledAt);
    }
}
