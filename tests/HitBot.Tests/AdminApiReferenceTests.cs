using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HitBot.Admin;
using HitBot.Tests.Infrastructure;
using HitBot.Tests.SiteChampions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Tests;

/// <summary>
/// A district's script writer has the README's "Admin API reference" and nothing else: it names every address HitBot
/// answers with its method and who may call it, and every admin address says no the same way. The addresses come from
/// the running app's endpoint data source, so one added later cannot slip past these tests.
/// </summary>
public sealed partial class AdminApiReferenceTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    const string SignIn = "Sign in to the dashboard, or send the admin token (or your personal token) as 'Authorization: Bearer <token>'.";

    sealed record Route(string Method, string Path, string? Policy);

    /// <summary>Every address the app maps; Method is "*" for one that takes any (the health probes).</summary>
    static List<Route> Routes(IServiceProvider services) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => new Route(m,
                "/" + e.RoutePattern.RawText!.Trim('/'), e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).SingleOrDefault())))
            .Distinct()];

    static List<Route> AdminRoutes(IServiceProvider services) =>
        [.. Routes(services).Where(r => r.Path.StartsWith("/api/admin/", StringComparison.Ordinal) || r.Path == "/api/admin")];

    [Fact]
    public async Task The_README_reference_lists_every_address_HitBot_answers_with_its_method_and_who_may_call_it_and_no_other()
    {
        await using var both = await TwoChannelApp.StartAsync();
        var mapped = Routes(both.Teams.App.Services);
        var documented = ReferenceRows();

        var undocumented = mapped.Where(r => !documented.Any(d => d.Path == r.Path && (r.Method == "*" || d.Method == r.Method)))
            .Select(r => $"{r.Method} {r.Path} is answered but not in the README's reference").ToList();
        var unmapped = documented.Where(d => !mapped.Any(r => r.Path == d.Path && (r.Method == "*" || r.Method == d.Method)))
            .Select(d => $"{d.Method} {d.Path} is in the README's reference but HitBot does not answer it").ToList();
        // The other addresses need no admin token: their "who" (anyone, browser, Teams, Slack) is no admin policy.
        var wrongWho = documented
            .Select(d => (Row: d, Route: mapped.FirstOrDefault(r => r.Path == d.Path && r.Method == d.Method)))
            .Where(x => x.Route is not null && PolicyFor(x.Row.Who) != x.Route.Policy)
            .Select(x => $"{x.Row.Method} {x.Row.Path}: the README says '{x.Row.Who}', the app's policy is {x.Route!.Policy}").ToList();

        Assert.True(mapped.Count(r => r.Path.StartsWith("/api/admin", StringComparison.Ordinal)) >= 70, $"expected the whole admin API, found {mapped.Count}");
        Assert.Empty(undocumented.Concat(unmapped).Concat(wrongWho));
    }

    [Fact]
    public async Task Every_admin_address_refuses_no_token_and_a_wrong_token_with_a_401_that_says_how_to_sign_in()
    {
        using var app = new HitBotApp();
        var routes = AdminRoutes(app.Services);
        var nobody = app.CreateClient();
        var wrong = app.CreateClient();
        wrong.DefaultRequestHeaders.Authorization = new("Bearer", "not-the-admin-token-not-the-admin-token");

        var answers = new List<string>();
        foreach (var route in routes)
            foreach (var client in new[] { nobody, wrong })
            {
                // A minute between wrong tokens: this is one caller trying every address, not a guesser (that is a 429, AdminDoorTests).
                app.Time.Advance(TimeSpan.FromMinutes(1));
                var response = await client.SendAsync(Request(route), Ct);
                answers.Add($"{route.Method} {route.Path}: {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType} " +
                    $"{response.Headers.WwwAuthenticate} {await TitleAsync(response)}");
            }

        Assert.All(answers, a => Assert.EndsWith($": 401 application/problem+json Bearer {SignIn}", a, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_admin_address_a_site_champion_or_partner_lead_may_not_use_is_a_403_that_says_what_they_may_do()
    {
        await using var sites = await TwoSites.StartAsync();
        var routes = AdminRoutes(sites.App.Services);
        var champion = await sites.ClientForAsync("cara@example.org");
        var lead = await sites.ClientForAsync("pia@example.org");

        var answers = new List<string>();
        foreach (var route in routes)
        {
            if (route.Policy != AdminPolicies.SiteChampion || route.Method != "GET")
                answers.Add(await AnswerAsync(champion, route, AdminAccessHandler.SiteChampionRefusal));
            if (route.Policy == AdminPolicies.CentralTeam)
                answers.Add(await AnswerAsync(lead, route, AdminAccessHandler.PartnerLeadRefusal));
        }

        Assert.True(answers.Count >= 100, $"expected every address for both roles, checked {answers.Count}");
        Assert.All(answers, a => Assert.EndsWith(": 403 application/problem+json as expected", a, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_admin_address_that_does_not_exist_is_a_404_that_names_it_and_points_to_the_reference()
    {
        using var app = new HitBotApp();

        var response = await app.CreateAdminClient().GetAsync(new Uri("/api/admin/action-item?status=blocked", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("The admin API has no address /api/admin/action-item: the README's Admin API reference lists them all.", await TitleAsync(response));
    }

    static async Task<string> AnswerAsync(HttpClient client, Route route, string refusal)
    {
        var response = await client.SendAsync(Request(route), Ct);
        var title = await TitleAsync(response);
        return $"{route.Method} {route.Path}: {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType} {(title == refusal ? "as expected" : title)}";
    }

    /// <summary>The address with an id in it, and a JSON body a change would take, so nothing but the door can refuse it.</summary>
    static HttpRequestMessage Request(Route route) =>
        new(new HttpMethod(route.Method), new Uri(route.Path.Replace("{id}", "some-id", StringComparison.Ordinal), UriKind.Relative))
        {
            Content = route.Method == "GET" ? null : JsonContent.Create(new JsonObject { ["title"] = "Mine now" }),
        };

    static async Task<string?> TitleAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        try { return (string?)JsonNode.Parse(text)?["title"]; }
        catch (System.Text.Json.JsonException) { return text; }
    }

    /// <summary>The "who" column's words as the admin API's policies.</summary>
    static string? PolicyFor(string who) => who switch
    {
        _ when who.StartsWith("central + leads", StringComparison.Ordinal) => AdminPolicies.PartnerLead,
        _ when who.StartsWith("central", StringComparison.Ordinal) => AdminPolicies.CentralTeam,
        "champions" => AdminPolicies.SiteChampion,
        "leads" => AdminPolicies.PartnerLead,
        _ => null,
    };

    /// <summary>A row; Query is what its body column names after "query", and <c>offset</c> for the long lists the rules name.</summary>
    sealed record Row(string Method, string Path, string Who, HashSet<string> Query, string Body);

    /// <summary>The rows of the README's "Admin API reference" tables: | `METHOD` | `/path` | who | body | answers |.</summary>
    static List<Row> ReferenceRows()
    {
        var readme = File.ReadAllText(RepoFiles.Of("README.md"));
        var start = readme.IndexOf("\n## Admin API reference\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "the README has no '## Admin API reference' section");
        var section = readme[start..];
        section = section[..section.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        return [.. section.Split('\n').Select(l => RowPattern().Match(l)).Where(m => m.Success)
            .Select(m => new Row(m.Groups["method"].Value, m.Groups["path"].Value, m.Groups["who"].Value.Trim(), QueryOf(section, m), m.Groups["body"].Value))];
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();

    [GeneratedRegex(@"^\| `(?<method>[A-Z]+)` \| `(?<path>/[^`]*)` \| (?<who>[^|]+) \| (?<body>[^|]*) \|")]
    private static partial Regex RowPattern();
}
