using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HitBot.Core.ActionPlan;
using HitBot.Tests.SiteChampions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Tests;

/// <summary>
/// A district's script that misspells a query parameter (<c>?stauts=blocked</c>) is told so, instead of getting the
/// whole unfiltered list and working on the wrong set; the dashboard's own queries still answer.
/// </summary>
public sealed partial class UnknownQueryParameterTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    TwoSites sites = null!;

    public async ValueTask InitializeAsync() => sites = await TwoSites.StartAsync();

    public ValueTask DisposeAsync() => sites.DisposeAsync();

    [Fact]
    public async Task A_misspelt_filter_on_the_action_plan_is_a_400_that_names_it_and_the_filters_it_takes()
    {
        var response = await sites.Admin.GetAsync(new Uri("/api/admin/action-items?stauts=blocked", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal("stauts: this address does not take it in its query; it takes status, owner, phase, archived.", (string?)problem!["title"]);
        Assert.Equal(problem["title"]!.ToString(), (string?)problem["errors"]!["stauts"]![0]);
    }

    [Fact]
    public async Task Every_admin_address_a_script_can_read_refuses_a_made_up_query_parameter_by_name()
    {
        var lincoln = sites.LincolnTutors;
        sites.ClosedRun("run-q", anonymous: false, lincoln);
        var champion = await sites.ClientForAsync("cara@example.org");
        var lead = await sites.ClientForAsync("pia@example.org");
        var gets = sites.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/admin", StringComparison.Ordinal) == true
                && e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => e.RoutePattern.RawText!.Replace("{id}", "run-q", StringComparison.Ordinal)).Distinct().ToList();

        var answers = new List<string>();
        foreach (var path in gets)
        {
            // A champion's and a lead's own pages are theirs alone: the central team's token is a 403 there, before any query is read.
            var client = path.StartsWith("/api/admin/my-site", StringComparison.Ordinal) ? champion
                : path.StartsWith("/api/admin/my-cohort", StringComparison.Ordinal) ? lead : sites.Admin;
            var response = await client.GetAsync(new Uri(path + "?limitt=10", UriKind.Relative), Ct);
            var title = (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))?["title"];
            answers.Add($"{path} {(int)response.StatusCode} {title?.StartsWith("limitt: this address does not take it in its query; it takes ", StringComparison.Ordinal)}");
        }

        Assert.True(gets.Count >= 25, $"expected every admin GET address, found {gets.Count}");
        Assert.All(answers, a => Assert.EndsWith(" 400 True", a, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_change_sent_with_a_misspelt_query_parameter_changes_nothing()
    {
        var before = sites.App.Get<ActionPlanStore>().All().Count;

        var response = await sites.Admin.PostAsJsonAsync("/api/admin/action-items?dryrun=true",
            new JsonObject { ["title"] = "Recruit weekend tutors", ["phase"] = "scaling-and-sustainability" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("dryrun: this address does not take it in its query; it takes no query parameters. Nothing was changed.",
            (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["title"]);
        Assert.Equal(before, sites.App.Get<ActionPlanStore>().All().Count);
    }

    [Fact]
    public async Task The_dashboards_own_queries_and_the_next_page_addresses_still_answer()
    {
        sites.ClosedRun("run-d", anonymous: false, sites.LincolnTutors);
        var admin = sites.Admin;
        // As src/HitBot/Dashboard/assets/*.js writes them (app.js, people.js, feedback.js, updates.js, series.js, surveys.js).
        string[] dashboard =
        [
            "/api/admin/people?limit=20&q=", "/api/admin/people?limit=1&q=a&language=es&reach=teams", "/api/admin/reach?limit=0",
            "/api/admin/feedback?status=&limit=50&q=", "/api/admin/feedback?status=open&limit=50&q=x", "/api/admin/feedback.csv?status=",
            "/api/admin/updates?limit=50", "/api/admin/updates?limit=200", "/api/admin/survey-runs/run-d/non-responders?limit=1",
            "/api/admin/people?limit=1",
        ];

        var statuses = new List<string>();
        foreach (var url in dashboard)
        {
            var response = await admin.GetAsync(new Uri(url, UriKind.Relative), Ct);
            statuses.Add($"{url} {(int)response.StatusCode}");
            // "Show more" follows the Link header, which carries the caller's own parameters and the list's cursor.
            if (response.Headers.TryGetValues("Link", out var links) && NextAddress().Match(links.First()) is { Success: true } next)
                statuses.Add($"{next.Groups[1].Value} {(int)(await admin.GetAsync(new Uri(next.Groups[1].Value, UriKind.Relative), Ct)).StatusCode}");
        }
        using var roster = new StringContent("name,email,role,site,partner\nNia Obi,nia@example.org,tutor,Lincoln,\n", Encoding.UTF8, "text/csv");
        var import = await admin.PostAsync(new Uri("/api/admin/people/import?skipInvalid=false&deactivateMissing=false&preview=true", UriKind.Relative), roster, Ct);
        statuses.Add($"import {(int)import.StatusCode}");

        Assert.Contains(statuses, s => s.Contains("after=", StringComparison.Ordinal));
        Assert.All(statuses, s => Assert.EndsWith(" 200", s, StringComparison.Ordinal));
    }

    [GeneratedRegex("<([^>]+)>;\\s*rel=\"next\"")]
    private static partial Regex NextAddress();
}
