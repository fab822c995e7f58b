using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Admin;
using HitBot.Core.Directory;
using HitBot.Tests.Dashboard;
using HitBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Tests.SiteChampions;

/// <summary>Issue 19: the admin API's CentralTeam, PartnerLead and SiteChampion policies each refuse the roles they should.</summary>
public sealed class AdminPolicyTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    TwoSites sites = null!;

    public async ValueTask InitializeAsync() => sites = await TwoSites.StartAsync();

    public ValueTask DisposeAsync() => sites.DisposeAsync();

    [Fact]
    public void Every_admin_route_is_behind_exactly_one_of_the_three_policies()
    {
        var routes = sites.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/admin", StringComparison.Ordinal) == true)
            .Select(e => (Path: e.RoutePattern.RawText!.TrimEnd('/'), Method: string.Join(',', e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []),
                Policies: e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList()))
            .ToList();

        Assert.True(routes.Count >= 36, $"expected the whole admin API, found {routes.Count} routes");
        Assert.All(routes, r => Assert.True(r.Policies.Count == 1 && AdminPolicies.All.Contains(r.Policies[0]),
            $"{r.Method} {r.Path} has the policies [{string.Join(", ", r.Policies)}]"));
        Assert.Equal(["GET /api/admin/my-cohort", "GET /api/admin/my-cohort/action-items", "GET /api/admin/my-cohort/survey-runs/{id}/at-risk",
                "GET /api/admin/my-cohort/survey-runs/{id}/results", "GET /api/admin/updates", "GET /api/admin/updates/{id}", "GET /api/admin/updates/{id}/preview", "POST /api/admin/updates",
                "POST /api/admin/updates/preview", "POST /api/admin/updates/{id}/correct", "POST /api/admin/updates/{id}/recall", "POST /api/admin/updates/{id}/send",
                "POST /api/admin/updates/{id}/test-send"],
            routes.Where(r => r.Policies[0] == AdminPolicies.PartnerLead).Select(r => $"{r.Method} {r.Path}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_site_champion_calling_a_central_team_endpoint_gets_403_that_says_what_champions_may_do()
    {
        var cara = await sites.ClientForAsync("cara@example.org");

        var people = await cara.GetAsync(new Uri("/api/admin/people", UriKind.Relative), Ct);
        var updates = await cara.GetAsync(new Uri("/api/admin/updates", UriKind.Relative), Ct);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (people.StatusCode, updates.StatusCode));
        Assert.Equal(AdminAccessHandler.SiteChampionRefusal, (string?)(await people.Content.ReadFromJsonAsync<JsonObject>(Ct))!["title"]);
        Assert.Equal("application/problem+json", people.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_partner_lead_keeps_to_their_own_updates_and_the_central_teams_update_routes_are_403()
    {
        var pia = await sites.ClientForAsync("pia@example.org");
        var admin = sites.Admin;
        JsonObject Draft(string title) => new()
        {
            ["title"] = title, ["body"] = "Timesheets by Friday.", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor"), ["partners"] = new JsonArray("CityTutors") },
        };
        var central = (string)(await (await admin.PostAsJsonAsync("/api/admin/updates", Draft("From the central team"), Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var created = await pia.PostAsJsonAsync("/api/admin/updates", Draft("From Pia"), Ct);
        var own = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;

        var list = await pia.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/updates", UriKind.Relative), Ct);
        var seeOthers = await pia.GetAsync(new Uri($"/api/admin/updates/{central}", UriKind.Relative), Ct);
        var testOthers = await pia.PostAsJsonAsync($"/api/admin/updates/{central}/test-send", new JsonObject { ["personId"] = sites.Person("pia@example.org").Id }, Ct);
        var testToSomeoneElse = await pia.PostAsJsonAsync($"/api/admin/updates/{own}/test-send", new JsonObject { ["personId"] = sites.LincolnTutors[0].Id }, Ct);
        var schedule = await pia.PutAsJsonAsync($"/api/admin/updates/{own}/schedule", new JsonObject { ["at"] = "2026-03-09T09:00" }, Ct);
        var resend = await pia.PostAsync(new Uri($"/api/admin/updates/{own}/resend-failed", UriKind.Relative), null, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(["From Pia"], list!.Select(u => (string?)u!["title"]));
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden),
            (seeOthers.StatusCode, testOthers.StatusCode, testToSomeoneElse.StatusCode, schedule.StatusCode, resend.StatusCode));
        Assert.Equal("Partner leads can see only the updates they wrote.", await TitleAsync(seeOthers));
        Assert.Equal("Partner leads can see only the updates they wrote.", await TitleAsync(testOthers));
        Assert.Equal("Partner leads can test-send to themselves only.", await TitleAsync(testToSomeoneElse));
        Assert.Equal(AdminAccessHandler.PartnerLeadRefusal, await TitleAsync(schedule));
        Assert.Null(sites.App.Get<HitBot.Core.Updates.UpdateStore>().Find(own)!.Schedule);
    }

    [Fact]
    public async Task A_recalled_update_cannot_be_test_sent_by_its_partner_lead_or_the_central_team()
    {
        var pia = await sites.ClientForAsync("pia@example.org");
        var lead = sites.Person("pia@example.org");
        sites.App.Get<PeopleDirectory>().Link(new HitBot.Core.Messaging.ChannelAddress
        {
            Channel = HitBot.Core.Messaging.ChannelKind.Teams, UserId = "29:" + lead.Id, ConversationId = FakeBotConnector.ConversationFor("29:" + lead.Id),
            ServiceUrl = sites.Teams.Connector.ServiceUrl, TenantId = TeamsActivities.TenantId, BotId = TeamsActivities.BotId,
        }, lead.Email);
        var created = await pia.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "From Pia", ["body"] = "Timesheets by Friday.", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor"), ["partners"] = new JsonArray("CityTutors") },
        }, Ct);
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var updates = sites.App.Get<HitBot.Core.Updates.UpdateStore>();
        updates.Save(updates.Find(id)! with { RecalledAt = sites.App.Time.GetUtcNow().UtcDateTime });

        var byLead = await pia.PostAsJsonAsync($"/api/admin/updates/{id}/test-send", new JsonObject { ["personId"] = lead.Id }, Ct);
        var byCentral = await sites.Admin.PostAsJsonAsync($"/api/admin/updates/{id}/test-send", new JsonObject { ["personId"] = lead.Id }, Ct);

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict), (byLead.StatusCode, byCentral.StatusCode));
        Assert.Contains("recalled", await TitleAsync(byLead), StringComparison.Ordinal);
        Assert.Empty(sites.App.Get<HitBot.Core.Messaging.Outbox.OutboxStore>().ForCampaign("update-test:" + id));
    }

    [Fact]
    public async Task A_role_taken_away_closes_the_door_of_a_signed_in_dashboard_at_once()
    {
        var browser = new DashboardSignIn(sites.App);
        await browser.SignInAsync(await sites.TokenForAsync("pia@example.org"));
        var before = await browser.SendAsync(HttpMethod.Get, "/api/admin/updates");

        sites.Directory.Change(sites.Person("pia@example.org").Id, p => p with { Roles = [Roles.Tutor] });
        var after = await browser.SendAsync(HttpMethod.Get, "/api/admin/updates");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Forbidden), (before.StatusCode, after.StatusCode));
        Assert.Equal(AdminAccessHandler.NoRoleRefusal, await TitleAsync(after));
    }

    static async Task<string?> TitleAsync(HttpResponseMessage response) =>
        (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))?["title"];
}
