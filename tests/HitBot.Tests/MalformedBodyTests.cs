using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.ActionPlan;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// A script or a browser that sends something the admin API cannot read gets a 400 whose title says what to fix (the
/// field and what it must be), filed under that field in <c>errors</c> like every other refusal, never a bare
/// "Bad Request"; and nothing is saved.
/// </summary>
public sealed class MalformedBodyTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static async Task<(HttpStatusCode Status, string? Title, JsonObject? Errors)> SendAsync(HttpClient client, HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await client.SendAsync(request, Ct);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        return (response.StatusCode, (string?)problem?["title"], problem?["errors"]?.AsObject());
    }

    [Theory]
    [InlineData("""{"title": "Train site leads", "dueDate": "12/03/2026"}""", "dueDate", "dueDate: must be a date such as \"2026-03-27\".")]
    [InlineData("""{"title": "Train site leads", "dueDate": "2026-03-27", "ownerId": 7}""", "ownerId", "ownerId: must be text in quotes.")]
    [InlineData("""{"title": "Train site leads", """, "body", "The request body is not valid JSON (line 1, character 31): check the quotes, commas and brackets there.")]
    [InlineData("""["Train site leads"]""", "body", "The request body must be one JSON object, { … }, with the fields the README lists.")]
    [InlineData("""{"title": "Train site leads \ud83d", "dueDate": "2026-03-27"}""", "title", "title: has a broken character in it (half of an emoji or symbol, as a copy and paste can leave): type that part again.")]
    public async Task A_body_the_API_cannot_read_is_a_400_naming_the_field_and_what_it_must_be_and_nothing_is_saved(string body, string field, string title)
    {
        using var app = new HitBotApp();
        var admin = app.CreateAdminClient();
        var before = app.Get<ActionPlanStore>().All().Count;

        var (status, said, errors) = await SendAsync(admin, HttpMethod.Post, "/api/admin/action-items", body);

        Assert.Equal((HttpStatusCode.BadRequest, title), (status, said));
        Assert.Equal(title, (string?)errors?[field]?[0]);
        Assert.Equal(before, app.Get<ActionPlanStore>().All().Count);
    }

    [Fact]
    public async Task A_list_field_given_a_wrong_value_and_a_query_value_that_is_not_a_number_are_named_too()
    {
        using var app = new HitBotApp();
        var admin = app.CreateAdminClient();

        var (_, links, _) = await SendAsync(admin, HttpMethod.Post, "/api/admin/updates", """{"title": "Week 12", "body": "Hi", "links": "https://example.org"}""");
        var (status, limit, errors) = await SendAsync(admin, HttpMethod.Get, "/api/admin/people?limit=ten");

        Assert.Equal("links: must be a list in [ ].", links);
        Assert.Equal((HttpStatusCode.BadRequest, "limit: must be a whole number, not 'ten'."), (status, limit));
        Assert.NotNull(errors?["limit"]);
    }

    /// <summary>
    /// A roster import with a switch spelled as a person would ("yes") is refused naming the switch, and nobody is imported:
    /// the routes are built at compile time, whose code answered such a value with a bare "Bad Request" (QueryValueCheck).
    /// </summary>
    [Fact]
    public async Task A_roster_import_with_a_switch_that_is_not_true_or_false_names_it_and_imports_nobody()
    {
        using var app = new HitBotApp();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/admin/people/import?deactivateMissing=yes", UriKind.Relative))
        {
            Content = new StringContent("name,email,role,site,partner\nMaya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n", Encoding.UTF8, "text/csv"),
        };

        var response = await app.CreateAdminClient().SendAsync(request, Ct);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);

        Assert.Equal((HttpStatusCode.BadRequest, "deactivateMissing: must be true or false, not 'yes'."), (response.StatusCode, (string?)problem?["title"]));
        Assert.Empty(app.Get<HitBot.Core.Directory.DirectoryStore>().All());
    }

    [Fact]
    public async Task A_page_size_out_of_range_is_a_400_whose_title_names_limit_its_range_and_the_value_sent()
    {
        using var app = new HitBotApp();
        var admin = app.CreateAdminClient();

        var (status, title, errors) = await SendAsync(admin, HttpMethod.Get, "/api/admin/people?limit=5000");

        Assert.Equal((HttpStatusCode.BadRequest, "limit: must be 1 to 1000 (the page size), not 5000."), (status, title));
        Assert.NotNull(errors?["limit"]);
    }

    [Theory]
    [InlineData("title=Week+12&body=Hi&audience=tutor", "application/x-www-form-urlencoded")]
    [InlineData("""{"title": "Week 12", "body": "Hi", "audience": {"roles": ["tutor"]}}""", "text/plain")]
    public async Task A_body_sent_as_a_form_or_as_text_is_a_415_that_says_to_send_JSON_and_nothing_is_saved(string body, string type)
    {
        using var app = new HitBotApp();
        var admin = app.CreateAdminClient();

        using var content = new StringContent(body, Encoding.UTF8, type);
        var response = await admin.PostAsync(new Uri("/api/admin/updates", UriKind.Relative), content, Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"This address takes a JSON body: send it with the header Content-Type: application/json (not {type}). Nothing was changed.",
            (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))?["title"]);
        Assert.Empty(app.Get<HitBot.Core.Updates.UpdateStore>().Page(0, 10).Updates);
    }

    [Fact]
    public async Task A_JSON_body_sent_without_a_content_type_is_a_415_that_says_to_add_the_header_and_nothing_is_saved()
    {
        using var app = new HitBotApp();
        var admin = app.CreateAdminClient();

        using var content = new StringContent("""{"title": "Week 12", "body": "Hi", "audience": {"roles": ["tutor"]}}""", Encoding.UTF8);
        content.Headers.ContentType = null;
        var response = await admin.PostAsync(new Uri("/api/admin/updates", UriKind.Relative), content, Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("This address takes a JSON body: send it with the header Content-Type: application/json (this request had none). Nothing was changed.",
            (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))?["title"]);
        Assert.Empty(app.Get<HitBot.Core.Updates.UpdateStore>().Page(0, 10).Updates);
    }

    [Fact]
    public async Task A_new_update_naming_a_series_is_a_400_that_says_to_queue_the_saved_draft_and_nothing_is_saved()
    {
        using var app = new HitBotApp();
        var admin = app.CreateAdminClient();

        // Saved as a plain draft, it was never sent at the series' slot, while the script that made it had a 201.
        var (status, title, errors) = await SendAsync(admin, HttpMethod.Post, "/api/admin/updates",
            """{"title": "Week 12", "body": "Hi", "audience": {"roles": ["tutor"]}, "seriesId": "tutor-newsletter"}""");

        const string says = "seriesId: save the draft first, then queue it in the series: PATCH /api/admin/updates/{id} with {\"seriesId\": \"tutor-newsletter\"}. Nothing was saved.";
        Assert.Equal((HttpStatusCode.BadRequest, says), (status, title));
        Assert.Equal(says, (string?)errors?["seriesId"]?[0]);
        Assert.Empty(app.Get<HitBot.Core.Updates.UpdateStore>().Page(0, 10).Updates);
    }

    [Fact]
    public async Task An_audience_naming_more_people_than_it_takes_is_a_400_saying_how_many_and_nothing_is_saved()
    {
        using var app = new HitBotApp();
        var admin = app.CreateAdminClient();
        // Saved whole, a list of ids larger still made a record past the database's 16 MB: a 500, and the script never learnt why.
        var people = new JsonArray([.. Enumerable.Range(0, 50_001).Select(i => (JsonNode?)$"p{i}")]);

        var response = await admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "Week 12", ["body"] = "Hi", ["audience"] = new JsonObject { ["people"] = people },
        }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))?["errors"]?.AsObject();
        Assert.Equal(["audience.people: at most 50,000 people; for more, choose roles, sites or partners."],
            errors?["audience.people"]?.AsArray().Select(e => (string?)e));
        Assert.Empty(app.Get<HitBot.Core.Updates.UpdateStore>().Page(0, 10).Updates);
    }

    [Theory]
    [InlineData("imageUrl", "imageUrl: at most 3,000 characters, the longest address Slack takes; use a shorter link to the same page.")]
    [InlineData("links[0].url", "links[0].url: at most 3,000 characters, the longest address Slack takes; use a shorter link to the same page.")]
    [InlineData("links[0].title", "links[0].title: at most 150 characters.")]
    public async Task An_update_with_an_address_Slack_cannot_take_or_a_page_long_link_title_is_a_400_and_nothing_is_saved(string field, string says)
    {
        using var app = new HitBotApp();
        var admin = app.CreateAdminClient();
        // Saved and sent, an address past Slack's 3,000 characters made the card fail for every tutor in Slack.
        var longUrl = "https://example.org/" + new string('a', 2_990);
        var link = new JsonObject { ["title"] = field == "links[0].title" ? new string('a', 151) : "Schedule", ["url"] = field == "links[0].url" ? longUrl : "https://example.org" };
        var draft = new JsonObject { ["title"] = "Week 12", ["body"] = "Hi", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") }, ["links"] = new JsonArray(link) };
        if (field == "imageUrl") draft["imageUrl"] = longUrl;

        var response = await admin.PostAsJsonAsync("/api/admin/updates", draft, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal(says, (string?)problem?["errors"]?[field]?[0]);
        Assert.Empty(app.Get<HitBot.Core.Updates.UpdateStore>().Page(0, 10).Updates);
    }

    [Fact]
    public async Task A_field_a_change_does_not_take_is_a_400_naming_it_and_what_it_takes_and_nothing_is_changed()
    {
        using var app = new HitBotApp();
        var admin = app.CreateAdminClient();
        app.Get<HitBot.Core.Directory.RosterImport>().Import(new StringReader("name,email,role\nMaya Lopez,maya@example.org,tutor"), skipInvalid: false);
        var maya = app.Get<HitBot.Core.Directory.DirectoryStore>().FindByEmail("maya@example.org")!;

        // "nmae" for name, or "optOut" for optedOut, was a 200 with nothing changed: the script took the change as made.
        var (status, title, errors) = await SendAsync(admin, HttpMethod.Patch, $"/api/admin/people/{maya.Id}", """{"optOut": true, "name": "Maya L."}""");

        const string says = "optOut: this address does not take it; it takes name, roles, site, partner, active, optedOut, language, timeZone. Nothing was changed.";
        Assert.Equal((HttpStatusCode.BadRequest, says), (status, title));
        Assert.Equal(says, (string?)errors?["optOut"]?[0]);
        var after = app.Get<HitBot.Core.Directory.DirectoryStore>().Find(maya.Id)!;
        Assert.Equal(("Maya Lopez", false), (after.Name, after.OptedOut));
    }

    [Theory]
    [InlineData("align-curriculum")]
    [InlineData("W/align-curriculum, \"x\"")]
    public async Task An_If_Match_that_is_not_a_quoted_ETag_is_a_400_naming_the_header_and_the_item_is_unchanged(string tag)
    {
        using var app = new HitBotApp();
        var admin = app.CreateAdminClient();
        var before = app.Get<ActionPlanStore>().Find("align-curriculum")!;

        // The ETag copied without its quotes (as a script's tr -d '"' leaves it) was read as no If-Match at all: the save
        // went through over whatever had changed since the page was read.
        using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri("/api/admin/action-items/align-curriculum", UriKind.Relative))
        {
            Content = new StringContent("""{"status": "done"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", tag);
        var response = await admin.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        const string says = "If-Match: send the ETag exactly as GET answered it, quotes included (If-Match: \"…\"), or leave the header out. Nothing was changed.";
        Assert.Equal(says, (string?)problem?["title"]);
        Assert.Equal(says, (string?)problem?["errors"]?["If-Match"]?[0]);
        Assert.Equal(before.Status, app.Get<ActionPlanStore>().Find("align-curriculum")!.Status);
    }

    [Fact]
    public async Task A_method_an_address_does_not_take_is_a_405_that_names_the_address_and_the_method()
    {
        using var app = new HitBotApp();

        // A person is read (GET), changed (PATCH) and erased (DELETE); a PUT replacing them whole is not taken.
        using var put = new HttpRequestMessage(HttpMethod.Put, new Uri("/api/admin/people/p-1", UriKind.Relative));
        var response = await app.CreateAdminClient().SendAsync(put, Ct);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("/api/admin/people/p-1 does not take PUT: the README's Admin API reference lists what each address takes. Nothing was changed.",
            (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))?["title"]);
    }
}
