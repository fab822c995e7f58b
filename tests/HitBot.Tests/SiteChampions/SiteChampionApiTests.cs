using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Updates;

namespace HitBot.Tests.SiteChampions;

/// <summary>Issue 18: a site champion's personal token opens their own site, read only: results (k≥5), at-risk list, their items, the updates sent there.</summary>
public sealed class SiteChampionApiTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    TwoSites sites = null!;

    public async ValueTask InitializeAsync() => sites = await TwoSites.StartAsync();

    public ValueTask DisposeAsync() => sites.DisposeAsync();

    [Fact]
    public async Task The_central_team_issues_a_site_champion_a_personal_token_scoped_to_their_site()
    {
        var cara = sites.Person("cara@example.org");

        var issued = await sites.Admin.PostAsync(new Uri($"/api/admin/people/{cara.Id}/api-token", UriKind.Relative), null, Ct);

        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        Assert.Equal("site-champion", (string?)(await issued.Content.ReadFromJsonAsync<JsonObject>(Ct))?["scope"]);
        var tutor = await sites.Admin.PostAsync(new Uri($"/api/admin/people/{sites.LincolnTutors[0].Id}/api-token", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, tutor.StatusCode);
    }

    [Fact]
    public async Task A_site_champion_sees_their_sites_results_and_a_group_under_five_only_as_hidden()
    {
        var lincoln = sites.LincolnTutors;
        var everyone = lincoln.Concat(sites.GrantTutors).ToList();
        sites.ClosedRun("named", anonymous: false, everyone,
            (lincoln[0], "yes", "4"), (lincoln[1], "yes", "4"), (lincoln[2], "no", "3"), (lincoln[3], "unsure", "4"), (lincoln[4], "yes", "2"),
            (sites.GrantTutors[0], "no", "1"));
        sites.ClosedRun("small", anonymous: true, everyone, (lincoln[0], "no", "1"), (lincoln[1], "yes", "4"), (lincoln[2], "yes", "4"));
        var cara = await sites.ClientForAsync("cara@example.org");

        var mine = await cara.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/my-site", UriKind.Relative), Ct);

        Assert.Equal("Lincoln", (string?)mine?["siteName"]);
        var runs = mine!["runs"]!.AsArray().ToDictionary(r => (string)r!["id"]!, r => r!["results"]!.AsObject());
        Assert.Equal(["named", "small"], runs.Keys.Order());
        Assert.Equal((false, 5, 6, 3), ((bool)runs["named"]["hidden"]!, (int)runs["named"]["responses"]!, (int)runs["named"]["invited"]!, (int)runs["named"]["yes"]!));
        Assert.True((bool)runs["small"]["hidden"]!);
        Assert.Equal((6, null, null), ((int)runs["small"]["invited"]!, runs["small"]["responses"], runs["small"]["yes"]));
        Assert.Empty(runs["small"]["questions"]!.AsArray());
        var small = await cara.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/my-site/survey-runs/small/results", UriKind.Relative), Ct);
        Assert.True((bool)small!["results"]!["hidden"]!);
    }

    [Fact]
    public async Task A_named_run_with_under_five_answers_from_the_site_is_hidden_from_its_champion_too()
    {
        // Named, so no anonymous breakdown rule applies: only the slice's own rule of five keeps Cara from reading
        // three of her own tutors' answers off the counts.
        var lincoln = sites.LincolnTutors;
        sites.ClosedRun("few", anonymous: false, lincoln, (lincoln[0], "no", "1"), (lincoln[1], "yes", "4"), (lincoln[2], "yes", "4"));
        var cara = await sites.ClientForAsync("cara@example.org");

        var few = await cara.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/my-site/survey-runs/few/results", UriKind.Relative), Ct);

        var results = few!["results"]!.AsObject();
        Assert.True((bool)results["hidden"]!);
        Assert.Equal((6, null, null, null), ((int)results["invited"]!, results["responses"], results["yes"], results["no"]));
        Assert.Empty(results["questions"]!.AsArray());
    }

    [Fact]
    public async Task A_site_champion_sees_only_their_sites_tutors_at_risk_and_no_list_for_an_anonymous_run()
    {
        var (lincoln, grant) = (sites.LincolnTutors, sites.GrantTutors);
        var everyone = lincoln.Concat(grant).ToList();
        sites.ClosedRun("named", anonymous: false, everyone, (lincoln[0], "no", "4"), (lincoln[1], "yes", "4"), (grant[0], "no", "1"));
        sites.ClosedRun("anonymous", anonymous: true, everyone, (lincoln[0], "no", "1"));
        var cara = await sites.ClientForAsync("cara@example.org");

        var atRisk = await cara.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/my-site/survey-runs/named/at-risk", UriKind.Relative), Ct);
        var anonymous = await cara.GetAsync(new Uri("/api/admin/my-site/survey-runs/anonymous/at-risk", UriKind.Relative), Ct);

        Assert.Equal([lincoln[0].Name], atRisk!.Select(p => (string?)p!["name"]));
        Assert.Equal(HttpStatusCode.BadRequest, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_site_champion_who_tutors_is_not_on_their_own_sites_at_risk_list_as_in_chat()
    {
        var lincoln = sites.LincolnTutors;
        var tutorChampion = sites.Directory.Change(lincoln[0].Id, p => p with { Roles = [Roles.Tutor, Roles.SiteChampion] })!;
        sites.ClosedRun("named", anonymous: false, lincoln, (lincoln[0], "unsure", "2"), (lincoln[1], "no", "4"));
        var asChampion = await sites.ClientForAsync(tutorChampion.Email);

        var atRisk = await asChampion.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/my-site/survey-runs/named/at-risk", UriKind.Relative), Ct);

        Assert.Equal([lincoln[1].Name], atRisk!.Select(p => (string?)p!["name"]));
    }

    [Fact]
    public async Task Another_sites_run_and_a_run_that_does_not_exist_are_both_403_with_no_data()
    {
        var grant = sites.GrantTutors;
        sites.ClosedRun("grant-only", anonymous: false, grant, (grant[0], "no", "1"), (grant[1], "no", "1"), (grant[2], "no", "1"));
        var cara = await sites.ClientForAsync("cara@example.org");

        var paths = new[] { "grant-only/results", "grant-only/at-risk", "no-such-run/results", "no-such-run/at-risk" };
        foreach (var path in paths)
        {
            var response = await cara.GetAsync(new Uri($"/api/admin/my-site/survey-runs/{path}", UriKind.Relative), Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("did not reach your site", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Grant Tutor", body, StringComparison.Ordinal);
        }
        var mine = await cara.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/my-site", UriKind.Relative), Ct);
        Assert.Empty(mine!["runs"]!.AsArray());
    }

    [Fact]
    public async Task A_site_champion_sees_only_the_action_items_they_own()
    {
        var (cara, gus) = (sites.Person("cara@example.org"), sites.Person("gus@example.org"));
        foreach (var (title, owner) in new[] { ("Data reflection at Lincoln", cara.Id), ("Data reflection at Grant", gus.Id) })
            (await sites.Admin.PostAsJsonAsync("/api/admin/action-items", new JsonObject { ["title"] = title, ["ownerId"] = owner }, Ct)).EnsureSuccessStatusCode();
        var asCara = await sites.ClientForAsync("cara@example.org");

        var items = await asCara.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/my-site/action-items", UriKind.Relative), Ct);

        Assert.Equal(["Data reflection at Lincoln"], items!.Select(i => (string?)i!["title"]));
        Assert.True(sites.App.Get<ActionPlanStore>().All().Count > 2);
    }

    [Fact]
    public async Task A_site_champion_who_runs_the_reflection_meetings_sees_the_next_meeting_not_the_series_as_an_item_never_started()
    {
        var cara = sites.Person("cara@example.org");
        var today = sites.App.Get<HitBot.Core.ProgramClock>().Today();
        (await sites.Admin.PatchAsJsonAsync("/api/admin/action-items/reflection-meetings",
            new JsonObject { ["ownerId"] = cara.Id, ["dueDate"] = today.AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }, Ct))
            .EnsureSuccessStatusCode();
        sites.App.Get<ActionItemChanges>().AdvanceSeries(today);
        var asCara = await sites.ClientForAsync("cara@example.org");

        var items = await asCara.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/my-site/action-items", UriKind.Relative), Ct);

        var ids = items!.Select(i => (string?)i!["id"]).ToList();
        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.StartsWith("reflection-meetings-", id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_site_champion_reads_the_updates_sent_to_their_site_and_gets_403_for_another_sites()
    {
        var lincolnId = await SendAsync("Lincoln timesheets", sites.Lincoln);
        var grantId = await SendAsync("Grant timesheets", sites.Grant);
        var cara = await sites.ClientForAsync("cara@example.org");

        var list = await cara.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/my-site/updates", UriKind.Relative), Ct);
        var one = await cara.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/my-site/updates/{lincolnId}", UriKind.Relative), Ct);
        var other = await cara.GetAsync(new Uri($"/api/admin/my-site/updates/{grantId}", UriKind.Relative), Ct);
        var draft = await sites.Admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "Lincoln: not yet", ["body"] = "Embargoed.", ["audience"] = new JsonObject { ["sites"] = new JsonArray(sites.Lincoln) },
        }, Ct);
        var unsent = await cara.GetAsync(new Uri($"/api/admin/my-site/updates/{(await draft.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]}", UriKind.Relative), Ct);

        Assert.Equal([lincolnId], list!.Select(u => (string?)u!["id"]));
        Assert.Equal(HttpStatusCode.Forbidden, unsent.StatusCode); // a draft for her site is not hers to read before it goes
        Assert.Equal(("Lincoln timesheets", 6), ((string?)one!["title"], (int)one["sentToSite"]!));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.DoesNotContain("Grant timesheets", await other.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    /// <summary>
    /// An update for Grant's tutors reached a tutor who then moved to Lincoln: Lincoln's champion read Grant's update on
    /// her page, as if it had been sent to her site. An update for named sites is now those sites' alone.
    /// </summary>
    [Fact]
    public async Task An_update_for_another_site_stays_out_of_a_champions_page_after_one_of_its_tutors_moves_to_her_site()
    {
        var grantId = await SendAsync("Grant: staffing changes", sites.Grant);
        var mover = sites.GrantTutors[0];
        (await sites.Admin.PatchAsJsonAsync($"/api/admin/people/{mover.Id}", new JsonObject { ["site"] = "Lincoln" }, Ct)).EnsureSuccessStatusCode();
        Assert.Equal(sites.Lincoln, sites.Directory.Find(mover.Id)!.Site);
        var cara = await sites.ClientForAsync("cara@example.org");

        var list = await cara.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/my-site/updates", UriKind.Relative), Ct);
        var one = await cara.GetAsync(new Uri($"/api/admin/my-site/updates/{grantId}", UriKind.Relative), Ct);

        Assert.DoesNotContain(grantId, list!.Select(u => (string?)u!["id"]));
        Assert.Equal(HttpStatusCode.Forbidden, one.StatusCode);
        Assert.DoesNotContain("staffing changes", await one.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_update_to_named_people_at_the_site_is_theirs_alone_unless_the_champion_was_one_of_them()
    {
        var (tutor, cara) = (sites.LincolnTutors[0], sites.Person("cara@example.org"));
        var toTutor = await SendToAsync("About your timesheet", tutor.Id);
        var toBoth = await SendToAsync("Your session on Friday", tutor.Id, cara.Id);
        var asCara = await sites.ClientForAsync("cara@example.org");

        var list = await asCara.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/my-site/updates", UriKind.Relative), Ct);
        var personal = await asCara.GetAsync(new Uri($"/api/admin/my-site/updates/{toTutor}", UriKind.Relative), Ct);

        Assert.Equal([toBoth], list!.Select(u => (string?)u!["id"]));
        Assert.Equal(HttpStatusCode.Forbidden, personal.StatusCode);
        Assert.DoesNotContain("About your timesheet", await personal.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    async Task<string> SendToAsync(string title, params string[] people)
    {
        var draft = new JsonObject
        {
            ["title"] = title, ["body"] = "Just for you.",
            ["audience"] = new JsonObject { ["people"] = new JsonArray([.. people.Select(p => (JsonNode)p)]) },
        };
        var created = await sites.Admin.PostAsJsonAsync("/api/admin/updates", draft, Ct);
        var id = (string?)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))?["id"] ?? throw new InvalidOperationException("no id");
        (await sites.Admin.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();
        return id;
    }

    async Task<string> SendAsync(string title, string site)
    {
        var draft = new JsonObject
        {
            ["title"] = title, ["body"] = "Due Friday.",
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor"), ["sites"] = new JsonArray(site) },
        };
        var created = await sites.Admin.PostAsJsonAsync("/api/admin/updates", draft, Ct);
        var id = (string?)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))?["id"] ?? throw new InvalidOperationException("no id");
        (await sites.Admin.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();
        Assert.Equal(UpdateStatus.Sent, sites.App.Get<UpdateStore>().Find(id)?.Status);
        return id;
    }
}
