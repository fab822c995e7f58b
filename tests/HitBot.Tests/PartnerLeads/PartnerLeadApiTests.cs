using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Surveys;
using HitBot.Tests.SiteChampions;

namespace HitBot.Tests.PartnerLeads;

/// <summary>
/// A partner lead's personal token opens their own cohort (their partner's tutors), read only, with the site champions'
/// rules: results (k≥5), at-risk list of named runs, their items. Pia leads CityTutors, whose six tutors are at Lincoln.
/// </summary>
public sealed class PartnerLeadApiTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    TwoSites sites = null!;

    public async ValueTask InitializeAsync() => sites = await TwoSites.StartAsync();

    public ValueTask DisposeAsync() => sites.DisposeAsync();

    [Fact]
    public async Task A_partner_lead_sees_their_cohorts_results_and_a_group_under_five_only_as_hidden()
    {
        var city = sites.LincolnTutors;
        var everyone = city.Concat(sites.GrantTutors).ToList();
        sites.ClosedRun("named", anonymous: false, everyone,
            (city[0], "yes", "4"), (city[1], "yes", "4"), (city[2], "no", "3"), (city[3], "unsure", "4"), (city[4], "yes", "2"),
            (sites.GrantTutors[0], "no", "1"));
        sites.ClosedRun("small", anonymous: true, everyone, (city[0], "no", "1"), (city[1], "yes", "4"), (city[2], "yes", "4"));
        var pia = await sites.ClientForAsync("pia@example.org");

        var mine = await pia.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/my-cohort", UriKind.Relative), Ct);

        Assert.Equal("CityTutors", (string?)mine?["partnerName"]);
        var runs = mine!["runs"]!.AsArray().ToDictionary(r => (string)r!["id"]!, r => r!["results"]!.AsObject());
        Assert.Equal(["named", "small"], runs.Keys.Order());
        Assert.Equal((false, 5, 6, 3), ((bool)runs["named"]["hidden"]!, (int)runs["named"]["responses"]!, (int)runs["named"]["invited"]!, (int)runs["named"]["yes"]!));
        Assert.Equal((0.833, 0.6), ((double)runs["named"]["responseRate"]!, (double)runs["named"]["intendToStay"]!));
        Assert.Equal(("CityTutors", false), ((string?)runs["named"]["partnerName"], runs["named"].ContainsKey("site")));
        Assert.True((bool)runs["small"]["hidden"]!);
        Assert.Equal((6, null, null), ((int)runs["small"]["invited"]!, runs["small"]["responses"], runs["small"]["yes"]));
        Assert.Empty(runs["small"]["questions"]!.AsArray());
        var small = await pia.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/my-cohort/survey-runs/small/results", UriKind.Relative), Ct);
        Assert.True((bool)small!["results"]!["hidden"]!);
    }

    [Fact]
    public async Task A_partner_lead_sees_only_their_cohorts_tutors_at_risk_and_no_list_for_an_anonymous_run()
    {
        var (city, grant) = (sites.LincolnTutors, sites.GrantTutors);
        var everyone = city.Concat(grant).ToList();
        sites.ClosedRun("named", anonymous: false, everyone, (city[0], "no", "4"), (city[1], "yes", "4"), (grant[0], "no", "1"));
        sites.ClosedRun("anonymous", anonymous: true, everyone, (city[0], "no", "1"));
        var pia = await sites.ClientForAsync("pia@example.org");

        var atRisk = await pia.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/my-cohort/survey-runs/named/at-risk", UriKind.Relative), Ct);
        var anonymous = await pia.GetAsync(new Uri("/api/admin/my-cohort/survey-runs/anonymous/at-risk", UriKind.Relative), Ct);

        Assert.Equal([city[0].Name], atRisk!.Select(p => (string?)p!["name"]));
        Assert.Equal(HttpStatusCode.BadRequest, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_partner_lead_who_tutors_is_not_on_their_own_cohorts_at_risk_list_as_in_chat()
    {
        var city = sites.LincolnTutors;
        var tutorLead = sites.Directory.Change(city[0].Id, p => p with { Roles = [Roles.Tutor, Roles.PartnerLead] })!;
        sites.ClosedRun("named", anonymous: false, city, (city[0], "unsure", "2"), (city[1], "no", "4"));
        var asLead = await sites.ClientForAsync(tutorLead.Email);

        var atRisk = await asLead.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/my-cohort/survey-runs/named/at-risk", UriKind.Relative), Ct);

        Assert.Equal([city[1].Name], atRisk!.Select(p => (string?)p!["name"]));
    }

    [Fact]
    public async Task A_partner_lead_does_not_see_the_name_of_a_tutor_whose_card_did_not_say_a_partner_lead_would()
    {
        var city = sites.LincolnTutors;
        sites.ClosedRun("named", anonymous: false, city, (city[0], "no", "4"), (city[1], "no", "4"));
        // City[0] answered before CityTutors had a partner lead: their card named only the site champion and the central team.
        var surveys = sites.App.Get<SurveyStore>();
        var untold = surveys.FindResponse(SurveyStore.ResponseId("named", city[0].Id))!;
        surveys.Save(untold with { ToldPartnerLead = false });
        var pia = await sites.ClientForAsync("pia@example.org");

        var atRisk = await pia.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/my-cohort/survey-runs/named/at-risk", UriKind.Relative), Ct);
        var champions = await (await sites.ClientForAsync("cara@example.org")).GetFromJsonAsync<JsonArray>(
            new Uri("/api/admin/my-site/survey-runs/named/at-risk", UriKind.Relative), Ct);

        Assert.Equal([city[1].Name], atRisk!.Select(p => (string?)p!["name"]));
        Assert.Equal([city[0].Name, city[1].Name], champions!.Select(p => (string?)p!["name"]).Order());
    }

    [Fact]
    public async Task Another_partners_run_and_a_run_that_does_not_exist_are_both_403_with_no_data()
    {
        var grant = sites.GrantTutors;
        sites.ClosedRun("readcorps-only", anonymous: false, grant, (grant[0], "no", "1"), (grant[1], "no", "1"), (grant[2], "no", "1"));
        var pia = await sites.ClientForAsync("pia@example.org");

        foreach (var path in new[] { "readcorps-only/results", "readcorps-only/at-risk", "no-such-run/results", "no-such-run/at-risk" })
        {
            var response = await pia.GetAsync(new Uri($"/api/admin/my-cohort/survey-runs/{path}", UriKind.Relative), Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("did not reach your cohort", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Grant Tutor", body, StringComparison.Ordinal);
        }
        var mine = await pia.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/my-cohort", UriKind.Relative), Ct);
        Assert.Empty(mine!["runs"]!.AsArray());
    }

    [Fact]
    public async Task A_partner_lead_sees_only_the_action_items_they_own()
    {
        var (pia, cara) = (sites.Person("pia@example.org"), sites.Person("cara@example.org"));
        foreach (var (title, owner) in new[] { ("Recruit spring tutors", pia.Id), ("Data reflection at Lincoln", cara.Id) })
            (await sites.Admin.PostAsJsonAsync("/api/admin/action-items", new JsonObject { ["title"] = title, ["ownerId"] = owner }, Ct)).EnsureSuccessStatusCode();
        var asPia = await sites.ClientForAsync("pia@example.org");

        var items = await asPia.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/my-cohort/action-items", UriKind.Relative), Ct);

        Assert.Equal(["Recruit spring tutors"], items!.Select(i => (string?)i!["title"]));
    }

    [Fact]
    public async Task Site_champions_the_central_team_and_the_admin_token_get_403_on_my_cohort_and_a_lead_changes_nothing_there()
    {
        var cara = await sites.ClientForAsync("cara@example.org");
        var lena = await sites.ClientForAsync("lena@example.org");
        var pia = await sites.ClientForAsync("pia@example.org");

        foreach (var client in new[] { cara, lena, sites.Admin })
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(new Uri("/api/admin/my-cohort", UriKind.Relative), Ct)).StatusCode);
        var refused = await lena.GetAsync(new Uri("/api/admin/my-cohort", UriKind.Relative), Ct);
        Assert.Contains("partner lead's personal token", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var post = await pia.PostAsJsonAsync("/api/admin/my-cohort/action-items", new JsonObject { ["title"] = "x" }, Ct);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await pia.GetAsync(new Uri("/api/admin/my-site", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task Someone_who_is_both_site_champion_and_partner_lead_reads_both_slices()
    {
        var city = sites.LincolnTutors;
        sites.ClosedRun("named", anonymous: false, city, (city[0], "no", "4"));
        sites.Directory.Change(sites.Person("pia@example.org").Id, p => p with { Roles = [Roles.PartnerLead, Roles.SiteChampion], Site = sites.Grant });
        var pia = await sites.ClientForAsync("pia@example.org");

        var cohort = await pia.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/my-cohort", UriKind.Relative), Ct);
        var site = await pia.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/my-site", UriKind.Relative), Ct);

        Assert.Equal(("CityTutors", "Grant"), ((string?)cohort!["partnerName"], (string?)site!["siteName"]));
        Assert.Single(cohort["runs"]!.AsArray());
        Assert.Empty(site["runs"]!.AsArray());
    }
}
