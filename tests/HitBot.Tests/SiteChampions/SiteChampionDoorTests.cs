using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Admin;
using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Surveys;
using HitBot.Core.Updates;
using HitBot.Tests.Dashboard;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Tests.SiteChampions;

/// <summary>Issue 18: what a site champion's token and dashboard session may not do, and that the others keep what they had.</summary>
public sealed class SiteChampionDoorTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    TwoSites sites = null!;

    public async ValueTask InitializeAsync() => sites = await TwoSites.StartAsync();

    public ValueTask DisposeAsync() => sites.DisposeAsync();

    [Fact]
    public async Task Every_admin_route_not_meant_for_site_champions_answers_403_to_their_token_and_nothing_changes()
    {
        var item = await sites.Admin.PostAsJsonAsync("/api/admin/action-items",
            new JsonObject { ["title"] = "Data reflection", ["ownerId"] = sites.Person("cara@example.org").Id }, Ct);
        item.EnsureSuccessStatusCode();
        var cara = await sites.ClientForAsync("cara@example.org");
        var before = Snapshot();
        var routes = sites.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/admin", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (Method: m, Path: e.RoutePattern.RawText!, ForChampions: e.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any(a => a.Policy == AdminPolicies.SiteChampion))))
            .ToList();
        Assert.True(routes.Count >= 36, $"expected the whole admin API, found {routes.Count} routes");
        Assert.Equal(6, routes.Count(r => r.ForChampions));

        foreach (var (method, pattern, forChampions) in routes.Where(r => !r.ForChampions || r.Method != "GET"))
        {
            // Her own id and item where a route takes one, so a refusal cannot come from "not found".
            var path = pattern.Replace("{id}", pattern.Contains("action-items", StringComparison.Ordinal)
                ? sites.App.Get<ActionPlanStore>().All().Single(i => i.Title == "Data reflection").Id
                : sites.Person("cara@example.org").Id, StringComparison.Ordinal);
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative))
            {
                Content = JsonContent.Create(new JsonObject { ["title"] = "Mine now", ["status"] = "done" }),
            };
            var response = await cara.SendAsync(request, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} answered {(int)response.StatusCode}");
        }

        Assert.Equal(before, Snapshot());
        Assert.NotNull(sites.App.Get<PersonalTokens>().PersonIdFor(cara.DefaultRequestHeaders.Authorization!.Parameter!));
    }

    /// <summary>What a site champion could try to change, as text: people, tokens, updates, surveys, items, feedback.</summary>
    string Snapshot() => System.Text.Json.JsonSerializer.Serialize(new object[]
    {
        sites.Directory.All(), sites.App.Get<UpdateStore>().Page(0, 1000).Updates, sites.App.Get<SurveyStore>().AllSurveys(),
        sites.App.Get<ActionPlanStore>().All(), sites.App.Get<HitBot.Core.Feedback.FeedbackStore>().NewestFirst(HitBot.Core.Feedback.FeedbackStore.InInbox).ToList(),
        sites.App.Get<HitBot.Core.Storage.HitBotDb>().Collection<PersonalToken>(PersonalTokens.Collection).Count(),
    });

    [Fact]
    public async Task A_site_champion_signs_in_to_the_dashboard_which_says_their_site_and_changes_nothing()
    {
        var browser = new DashboardSignIn(sites.App);

        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(await sites.TokenForAsync("cara@example.org"))).StatusCode);

        var session = await browser.Client.GetFromJsonAsync<JsonObject>(new Uri("/dashboard/session", UriKind.Relative), Ct);
        Assert.Equal(("Cara Diaz", true, "Lincoln", false), ((string?)session!["name"], (bool)session["siteChampion"]!, (string?)session["site"], (bool)session["partnerLead"]!));
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(HttpMethod.Get, "/api/admin/my-site")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(HttpMethod.Get, "/api/admin/survey-runs/x/results")).StatusCode);
        var launch = await browser.SendAsync(HttpMethod.Post, "/api/admin/surveys", new JsonObject { ["template"] = RetentionPulse.TemplateId });
        Assert.Equal(HttpStatusCode.Forbidden, launch.StatusCode);
        Assert.Empty(sites.App.Get<SurveyStore>().AllSurveys());
    }

    [Fact]
    public async Task The_central_team_and_partner_leads_keep_their_pages_and_my_site_is_403_for_them()
    {
        var pia = await sites.ClientForAsync("pia@example.org");
        var lena = await sites.ClientForAsync("lena@example.org");

        Assert.Equal(HttpStatusCode.OK, (await pia.GetAsync(new Uri("/api/admin/updates", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await pia.GetAsync(new Uri("/api/admin/my-site", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lena.GetAsync(new Uri("/api/admin/people", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lena.GetAsync(new Uri("/api/admin/my-site", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await sites.Admin.GetAsync(new Uri("/api/admin/my-site", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sites.Admin.GetAsync(new Uri("/api/admin/people", UriKind.Relative), Ct)).StatusCode);
    }

    /// <summary>
    /// A champion who lost a phone asks for a new token: the one on the lost phone must stop working there and then, or
    /// whoever holds it keeps reading the site's results.
    /// </summary>
    [Fact]
    public async Task A_new_token_for_a_champion_ends_the_old_one_and_the_new_one_works()
    {
        var oldToken = await sites.TokenForAsync("cara@example.org");
        var newToken = await sites.TokenForAsync("cara@example.org");
        using var withOld = sites.App.CreateClient();
        withOld.DefaultRequestHeaders.Authorization = new("Bearer", oldToken);
        using var withNew = sites.App.CreateClient();
        withNew.DefaultRequestHeaders.Authorization = new("Bearer", newToken);

        var refused = await withOld.GetAsync(new Uri("/api/admin/my-site", UriKind.Relative), Ct);
        var answered = await withNew.GetAsync(new Uri("/api/admin/my-site", UriKind.Relative), Ct);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.OK), (refused.StatusCode, answered.StatusCode));
    }

    [Fact]
    public async Task A_champion_who_loses_the_role_is_refused_everywhere_with_the_same_token()
    {
        var cara = await sites.ClientForAsync("cara@example.org");
        var directory = sites.App.Get<DirectoryStore>();

        directory.Change(sites.Person("cara@example.org").Id, p => p with { Roles = [Roles.Tutor] });

        var refused = await cara.GetAsync(new Uri("/api/admin/my-site", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("no longer", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_champion_who_lost_the_role_cannot_open_a_dashboard_session_with_the_token_they_kept()
    {
        var token = await sites.TokenForAsync("cara@example.org");
        sites.App.Get<DirectoryStore>().Change(sites.Person("cara@example.org").Id, p => p with { Roles = [Roles.Tutor] });
        var browser = new DashboardSignIn(sites.App);

        var signIn = await browser.SignInAsync(token);

        Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
        Assert.Contains("no longer a partner lead, a site champion or on the central team", await signIn.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.False(signIn.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("hitbot.session=", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Client.GetAsync(new Uri("/dashboard/session", UriKind.Relative), Ct)).StatusCode);
    }
}
