using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>The directory's language through the admin API: the roster column, the people list and its filter, edits, audiences.</summary>
public sealed class LanguageAdminTests : IDisposable
{
    readonly HitBotApp app = new();
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    HttpClient Admin => app.CreateAdminClient();

    async Task<HttpResponseMessage> ImportAsync(string csv) =>
        await Admin.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), new StringContent(csv, Encoding.UTF8, "text/csv"), Ct);

    const string Roster = "name,email,role,site,language\n" +
        "Maya Lopez,maya@example.org,tutor,Lincoln,es\nAna Ruiz,ana@example.org,tutor,Grant,Spanish (Mexico)\n";

    async Task ImportSpeakersAsync()
    {
        var response = await ImportAsync("name,email,role,site,language\n" +
            "Maya Lopez,maya@example.org,tutor,Lincoln,es\nAna Ruiz,ana@example.org,tutor,Grant,es-MX\n" +
            "Eve Adams,eve@example.org,tutor,Lincoln,English\nSam Ortiz,sam@example.org,tutor,Lincoln,\n");
        response.EnsureSuccessStatusCode();
    }

    async Task<string[]> NamesAsync(string query) =>
        [.. (await Admin.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/people" + query, UriKind.Relative), Ct))!.Select(p => (string)p!["name"]!)];

    Person PersonAt(string email) => app.Get<DirectoryStore>().FindByEmail(email) ?? throw new InvalidOperationException(email);

    [Fact]
    public async Task The_people_list_shows_each_person_s_language_and_filters_by_it_with_its_variants()
    {
        await ImportSpeakersAsync();

        var people = await Admin.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/people", UriKind.Relative), Ct);
        var spanish = await NamesAsync("?language=Spanish");
        var mexican = await NamesAsync("?language=es-mx");
        var spanishAtLincoln = await NamesAsync("?language=es&q=lincoln");
        var refused = await Admin.GetAsync(new Uri("/api/admin/people?language=Klingon", UriKind.Relative), Ct);

        Assert.Equal(["es-MX", "en", "es", null], people!.Select(p => (string?)p!["language"]));
        Assert.Equal(["Ana Ruiz", "Maya Lopez"], spanish);
        Assert.Equal(["Ana Ruiz"], mexican);
        Assert.Equal(["Maya Lopez"], spanishAtLincoln);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Contains("'Klingon' is not a language", (string?)problem?["errors"]?["language"]?[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_roster_line_with_a_language_HitBot_cannot_read_is_refused_by_its_line_and_imports_nobody()
    {
        var response = await ImportAsync(Roster);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        var error = (string?)Assert.Single(problem?["errors"]?.AsObject() ?? [], e => e.Key == "line 3").Value?[0];
        Assert.Contains("'Spanish (Mexico)' in 'language'", error, StringComparison.Ordinal);
        Assert.Equal(0, app.Get<DirectoryStore>().Count());
    }

    [Fact]
    public async Task A_coordinator_sets_and_clears_a_language_and_a_wrong_one_changes_nothing()
    {
        await ImportSpeakersAsync();
        var sam = PersonAt("sam@example.org");

        var set = await Admin.PatchAsJsonAsync($"/api/admin/people/{sam.Id}", new JsonObject { ["language"] = "portuguese" }, Ct);
        var wrong = await Admin.PatchAsJsonAsync($"/api/admin/people/{sam.Id}", new JsonObject { ["language"] = "Portugese", ["name"] = "Sam O." }, Ct);
        var afterWrong = PersonAt("sam@example.org");
        var cleared = await Admin.PatchAsJsonAsync($"/api/admin/people/{sam.Id}", new JsonObject { ["language"] = "" }, Ct);

        Assert.Equal("pt", (string?)(await set.Content.ReadFromJsonAsync<JsonObject>(Ct))?["language"]);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("'Portugese' is not a language", (string?)(await wrong.Content.ReadFromJsonAsync<JsonObject>(Ct))?["errors"]?["language"]?[0], StringComparison.Ordinal);
        Assert.Equal(("Sam Ortiz", "pt"), (afterWrong.Name, afterWrong.Language));
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Null(PersonAt("sam@example.org").Language);
    }

    [Fact]
    public async Task One_person_is_shown_with_their_language_and_an_unknown_id_is_a_404()
    {
        await ImportSpeakersAsync();

        var ana = await Admin.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/people/{PersonAt("ana@example.org").Id}", UriKind.Relative), Ct);
        var nobody = await Admin.GetAsync(new Uri("/api/admin/people/no-such-person", UriKind.Relative), Ct);

        Assert.Equal(("Ana Ruiz", "Grant", "es-MX"), ((string?)ana?["name"], (string?)ana?["site"], (string?)ana?["language"]));
        Assert.Equal(HttpStatusCode.NotFound, nobody.StatusCode);
        Assert.Contains("There is no person 'no-such-person'", await nobody.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audience_picker_offers_the_languages_people_have_and_an_erased_person_s_is_gone()
    {
        await ImportSpeakersAsync();
        await ImportAsync("name,email,role,language\nJoão Silva,joao@example.org,tutor,pt-BR\n");

        var before = await Admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/people/groups", UriKind.Relative), Ct);
        var erased = await Admin.DeleteAsync(new Uri($"/api/admin/people/{PersonAt("joao@example.org").Id}", UriKind.Relative), Ct);
        var after = await Admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/people/groups", UriKind.Relative), Ct);

        static string[] Offered(JsonObject? groups) =>
            [.. groups!["languages"]!.AsArray().Select(l => $"{(string?)l!["tag"]}={(string?)l["name"]}")];
        Assert.Equal(["en=English", "es=Spanish", "es-MX=Spanish", "pt=Portuguese", "pt-BR=Brazilian Portuguese"], Offered(before));
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Equal(["en=English", "es=Spanish", "es-MX=Spanish"], Offered(after));
    }

    [Fact]
    public async Task An_update_to_the_Spanish_speakers_reaches_them_and_nobody_else()
    {
        await ImportSpeakersAsync();
        var directory = app.Get<PeopleDirectory>();
        foreach (var who in new[] { "maya", "ana", "eve", "sam" })
            directory.Link(new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + who, ConversationId = "a:" + who }, who + "@example.org");
        var draft = new JsonObject
        {
            ["title"] = "Sesiones el lunes", ["body"] = "Gracias por todo.",
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor"), ["languages"] = new JsonArray("es") },
        };

        var created = await Admin.PostAsJsonAsync("/api/admin/updates", draft, Ct);
        var id = (string?)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))?["id"];
        var sent = await Admin.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct);

        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var reached = app.Get<OutboxStore>().ForCampaign("update:" + id).Select(r => r.PersonId).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { PersonAt("ana@example.org").Id, PersonAt("maya@example.org").Id }.Order(StringComparer.Ordinal), reached);
    }

    [Fact]
    public async Task An_audience_language_HitBot_cannot_read_is_refused_by_its_field()
    {
        var draft = new JsonObject
        {
            ["title"] = "Week 12", ["body"] = "Hello.",
            ["audience"] = new JsonObject { ["languages"] = new JsonArray("Spanglish") },
        };

        var response = await Admin.PostAsJsonAsync("/api/admin/updates", draft, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'Spanglish' is not a language", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))?["errors"]?["audience.languages"]?[0],
            StringComparison.Ordinal);
    }

    public void Dispose() => app.Dispose();
}
