using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// A list filter that names a person or an update nobody has is a 400 saying so, as a status or phase nobody knows is:
/// an empty list read as "Ana owns nothing" when the script had her e-mail where her id belongs.
/// </summary>
public sealed class UnknownFilterTests : IDisposable
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    readonly HitBotApp app = new();
    readonly HttpClient admin;

    public UnknownFilterTests()
    {
        admin = app.CreateAdminClient();
        app.Get<RosterImport>().Import(new StringReader("name,email,role\nAna Ruiz,ana@example.org,site champion"), skipInvalid: false);
    }

    public void Dispose()
    {
        admin.Dispose();
        app.Dispose();
    }

    async Task<(HttpStatusCode Status, string? Title, string? Filed)> GetAsync(string path, string field)
    {
        var response = await admin.GetAsync(new Uri(path, UriKind.Relative), Ct);
        var problem = response.StatusCode == HttpStatusCode.OK ? null : await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        return (response.StatusCode, (string?)problem?["title"], (string?)problem?["errors"]?[field]?[0]);
    }

    [Fact]
    public async Task Action_items_by_an_owner_nobody_is_is_a_400_and_by_a_real_owner_still_lists_theirs()
    {
        var ana = app.Get<DirectoryStore>().FindByEmail("ana@example.org")!;
        var added = await admin.PostAsJsonAsync("/api/admin/action-items", new { title = "Book rooms", ownerId = ana.Id }, Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        const string says = "owner: 'ana@example.org' is nobody on the roster; give a person's id from GET /api/admin/people.";
        Assert.Equal((HttpStatusCode.BadRequest, says, says), await GetAsync("/api/admin/action-items?owner=ana@example.org", "owner"));

        var hers = await admin.GetFromJsonAsync<JsonArray>(new Uri($"/api/admin/action-items?owner={ana.Id}", UriKind.Relative), Ct);
        Assert.Equal("Book rooms", (string?)Assert.Single(hers!)!["title"]);
    }

    [Fact]
    public async Task Feedback_about_an_update_nobody_wrote_is_a_400_in_the_list_and_the_spreadsheet()
    {
        const string says = "update: 'week-12' is no update; give an update's id from GET /api/admin/updates.";
        Assert.Equal((HttpStatusCode.BadRequest, says, says), await GetAsync("/api/admin/feedback?update=week-12", "update"));
        Assert.Equal((HttpStatusCode.BadRequest, says, says), await GetAsync("/api/admin/feedback.csv?update=week-12", "update"));
    }
}
