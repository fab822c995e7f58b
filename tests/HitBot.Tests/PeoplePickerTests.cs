using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// The dashboard's pickers in a roster larger than one page: the audience picker's sites and partners and the owner
/// search come from the server, so someone after the first 1,000 people by name can still be picked.
/// </summary>
public sealed class PeoplePickerTests : IDisposable
{
    readonly HitBotApp app = new();
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => app.Dispose();

    /// <summary>1,200 tutors at Lincoln with City Year, named so that Zoe Young, the only one at Roosevelt with Reading Corps, sorts last.</summary>
    async Task<HttpClient> LargeRosterAsync()
    {
        var client = app.CreateAdminClient();
        var csv = new StringBuilder("name,email,role,site,partner\n");
        for (var i = 0; i < 1199; i++) csv.Append(FormattableString.Invariant($"Tutor {i:D4},tutor{i}@example.org,tutor,Lincoln,City Year\n"));
        csv.Append("Zoe Young,zoe@example.org,site champion,Roosevelt,Reading Corps\n");
        var import = await client.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"), Ct);
        import.EnsureSuccessStatusCode();
        return client;
    }

    [Fact]
    public async Task The_audience_picker_offers_every_site_and_partner_of_the_roster_and_every_role()
    {
        var client = await LargeRosterAsync();

        var groups = await client.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/people/groups", UriKind.Relative), Ct);

        Assert.Equal(["Lincoln", "Roosevelt"], groups!["sites"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(["City Year", "Reading Corps"], groups["partners"]!.AsArray().Select(s => (string)s!));
        Assert.Contains("site-champion", groups["roles"]!.AsArray().Select(r => (string)r!));
        Assert.Contains("tutor", groups["roles"]!.AsArray().Select(r => (string)r!));
    }

    /// <summary>The picker's boxes say the roles as the roles guide (004) names them, not as slugs ("hr payroll").</summary>
    [Fact]
    public async Task The_audience_picker_names_each_role_as_the_roles_guide_does()
    {
        var client = await LargeRosterAsync();

        var groups = await client.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/people/groups", UriKind.Relative), Ct);

        var names = groups!["roleNames"]!.AsObject();
        Assert.Equal(groups["roles"]!.AsArray().Select(r => (string)r!).Order(StringComparer.Ordinal), names.Select(n => n.Key).Order(StringComparer.Ordinal));
        Assert.Equal("Research and data teams", (string?)names["research-data"]);
        Assert.Equal("HR and payroll", (string?)names["hr-payroll"]);
        Assert.Equal("Site champions", (string?)names["site-champion"]);
    }

    [Fact]
    public async Task The_owner_search_finds_a_person_past_the_first_thousand_as_their_name_is_typed()
    {
        var client = await LargeRosterAsync();

        var firstPage = await client.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/people?limit=1000", UriKind.Relative), Ct);
        var typed = await client.GetAsync(new Uri("/api/admin/people?limit=20&q=zoe", UriKind.Relative), Ct);
        var byMail = await client.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/people?limit=20&q=zoe%40example", UriKind.Relative), Ct);

        Assert.DoesNotContain("Zoe Young", firstPage!.Select(p => (string)p!["name"]!));
        Assert.Equal(["Zoe Young"], (await typed.Content.ReadFromJsonAsync<JsonArray>(Ct))!.Select(p => (string)p!["name"]!));
        Assert.Equal("1", typed.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(["Zoe Young"], byMail!.Select(p => (string)p!["name"]!));
    }
}
