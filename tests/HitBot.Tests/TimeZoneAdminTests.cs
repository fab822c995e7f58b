using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>A person's time zone through the admin API: the roster's column, the people list, one person's edit.</summary>
public sealed class TimeZoneAdminTests : IDisposable
{
    readonly HitBotApp app = new();
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    HttpClient Admin => app.CreateAdminClient();

    async Task<HttpResponseMessage> ImportAsync(string csv) =>
        await Admin.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), new StringContent(csv, Encoding.UTF8, "text/csv"), Ct);

    [Fact]
    public async Task The_people_list_shows_the_zone_the_roster_gave_by_name()
    {
        (await ImportAsync("name,email,role,time zone\nMaya Lopez,maya@example.org,tutor,Pacific\nSam Ortiz,sam@example.org,tutor,\n")).EnsureSuccessStatusCode();

        var people = await Admin.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/people", UriKind.Relative), Ct);

        Assert.Equal(["America/Los_Angeles", null], people!.Select(p => (string?)p!["timeZone"]));
    }

    [Fact]
    public async Task A_roster_line_with_a_fixed_offset_is_refused_by_its_line_and_imports_nobody()
    {
        var response = await ImportAsync("name,email,role,time zone\nMaya Lopez,maya@example.org,tutor,Pacific\nSam Ortiz,sam@example.org,tutor,UTC-6\n");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.StartsWith("Line 3: 'UTC-6' in 'time zone' is not a time zone HitBot knows", (string?)problem?["errors"]?["line 3"]?[0], StringComparison.Ordinal);
        Assert.Empty(app.Get<DirectoryStore>().All());
    }

    [Fact]
    public async Task A_coordinator_sets_a_zone_by_name_a_wrong_one_changes_nothing_and_an_empty_one_clears_it()
    {
        (await ImportAsync("name,email,role\nSam Ortiz,sam@example.org,tutor\n")).EnsureSuccessStatusCode();
        var sam = app.Get<DirectoryStore>().FindByEmail("sam@example.org")!;

        var set = await Admin.PatchAsJsonAsync($"/api/admin/people/{sam.Id}", new JsonObject { ["timeZone"] = "hawaii" }, Ct);
        var wrong = await Admin.PatchAsJsonAsync($"/api/admin/people/{sam.Id}", new JsonObject { ["timeZone"] = "Oahu", ["name"] = "Sam O." }, Ct);
        var kept = app.Get<DirectoryStore>().Find(sam.Id);
        var cleared = await Admin.PatchAsJsonAsync($"/api/admin/people/{sam.Id}", new JsonObject { ["timeZone"] = "" }, Ct);

        Assert.Equal("Pacific/Honolulu", (string?)(await set.Content.ReadFromJsonAsync<JsonObject>(Ct))?["timeZone"]);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.StartsWith("timeZone: 'Oahu' is not a time zone HitBot knows",
            (string?)(await wrong.Content.ReadFromJsonAsync<JsonObject>(Ct))?["errors"]?["timeZone"]?[0], StringComparison.Ordinal);
        Assert.Equal(("Sam Ortiz", "Pacific/Honolulu"), (kept?.Name, kept?.TimeZone));
        Assert.Null((string?)(await cleared.Content.ReadFromJsonAsync<JsonObject>(Ct))?["timeZone"]);
    }

    public void Dispose() => app.Dispose();
}
