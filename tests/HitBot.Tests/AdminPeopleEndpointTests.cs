using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

public sealed class AdminPeopleEndpointTests : IDisposable
{
    readonly HitBotApp app = new();
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    [Fact]
    public async Task A_coordinator_imports_a_roster_and_sees_everyone_with_their_link_state()
    {
        var client = app.CreateAdminClient();

        var import = await client.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative),
            Csv("name,email,role,site,partner\nMaya Lopez,maya@example.org,tutor,Lincoln,City Year\nSam Ortiz,sam@example.org,site champion,Lincoln,\n"), Ct);
        app.Get<PeopleDirectory>().Link(new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:maya" }, "maya@example.org");
        var people = await client.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/people", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        Assert.Equal(2, (await import.Content.ReadFromJsonAsync<JsonObject>(Ct))?["created"]?.GetValue<int>());
        Assert.NotNull(people);
        var maya = people.Single(p => p?["email"]?.GetValue<string>() == "maya@example.org");
        Assert.True(maya?["teams"]?.GetValue<bool>());
        Assert.False(maya?["optedOut"]?.GetValue<bool>());
        Assert.False(people.Single(p => p?["email"]?.GetValue<string>() == "sam@example.org")?["teams"]?.GetValue<bool>());
    }

    [Fact]
    public async Task A_role_given_as_null_is_a_400_naming_roles_and_changes_nothing()
    {
        var client = app.CreateAdminClient();
        await client.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), Csv("name,email,role,site\nSam Ortiz,sam@example.org,site champion,Lincoln\n"), Ct);
        var sam = app.Get<DirectoryStore>().FindByEmail("sam@example.org")!;

        var response = await client.PatchAsJsonAsync($"/api/admin/people/{sam.Id}", new JsonObject { ["roles"] = new JsonArray("tutor", null) }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("roles", (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal([Roles.SiteChampion], app.Get<DirectoryStore>().Find(sam.Id)!.Roles);
    }

    [Theory]
    [InlineData("name", "Sam\nOrtiz")]
    [InlineData("site", "Lincoln\r\nElementary")]
    [InlineData("partner", "City\nYear")]
    public async Task A_name_site_or_partner_with_a_line_break_is_a_400_naming_the_field_and_changes_nothing(string field, string text)
    {
        var client = app.CreateAdminClient();
        await client.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), Csv("name,email,role,site\nSam Ortiz,sam@example.org,site champion,Grant\n"), Ct);
        var sam = app.Get<DirectoryStore>().FindByEmail("sam@example.org")!;

        // The roster refuses a line break in these cells: it splits the name across lines in every card that shows it.
        var response = await client.PatchAsJsonAsync($"/api/admin/people/{sam.Id}", new JsonObject { [field] = text }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsObject();
        Assert.Contains("line break", errors[field]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var unchanged = app.Get<DirectoryStore>().Find(sam.Id)!;
        Assert.Equal(("Sam Ortiz", "grant", null), (unchanged.Name, unchanged.Site, unchanged.Partner));
        Assert.DoesNotContain(app.Get<PeopleDirectory>().Sites(), s => s.Name.Contains('\n', StringComparison.Ordinal));
    }

    /// <summary>
    /// A paragraph pasted into a site or partner cell became a 5,000-character site: in every card that names it, in the
    /// audience pickers, and as a Slack option value over Slack's 150, which made the whole compose card fail in Slack.
    /// </summary>
    [Theory]
    [InlineData("site")]
    [InlineData("partner")]
    public async Task A_roster_line_with_a_site_or_partner_over_100_characters_is_a_400_naming_the_line_and_imports_nobody(string column)
    {
        var pasted = "Lincoln Elementary " + new string('x', Site.MaxNameLength);

        var response = await app.CreateAdminClient().PostAsync(new Uri("/api/admin/people/import", UriKind.Relative),
            Csv($"name,email,role,{column}\nMaya Lopez,maya@example.org,tutor,Grant\nSam Ortiz,sam@example.org,tutor,{pasted}\n"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsObject();
        var error = Assert.Single(errors, e => e.Key == "line 3").Value![0]!.GetValue<string>();
        Assert.Contains($"The {column} 'Lincoln Elementary xxx", error, StringComparison.Ordinal);
        Assert.Contains($"at most {Site.MaxNameLength}", error, StringComparison.Ordinal);
        Assert.Equal(0, app.Get<DirectoryStore>().Count());
    }

    [Theory]
    [InlineData("site")]
    [InlineData("partner")]
    public async Task A_site_or_partner_over_100_characters_is_a_400_naming_the_field_and_changes_nothing(string field)
    {
        var client = app.CreateAdminClient();
        await client.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), Csv("name,email,role,site\nSam Ortiz,sam@example.org,site champion,Grant\n"), Ct);
        var sam = app.Get<DirectoryStore>().FindByEmail("sam@example.org")!;

        var response = await client.PatchAsJsonAsync($"/api/admin/people/{sam.Id}", new JsonObject { [field] = new string('L', Site.MaxNameLength + 1) }, Ct);
        var longest = await client.PatchAsJsonAsync($"/api/admin/people/{sam.Id}", new JsonObject { [field] = new string('M', Site.MaxNameLength) }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsObject();
        Assert.Contains($"at most {Site.MaxNameLength} characters", errors[field]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(app.Get<PeopleDirectory>().Sites(), s => s.Name.StartsWith('L'));
        Assert.DoesNotContain(app.Get<PeopleDirectory>().Partners(), p => p.Name.StartsWith('L'));
        Assert.Equal(HttpStatusCode.OK, longest.StatusCode);
    }

    /// <summary>
    /// A spreadsheet's "-" for "no site" became a site whose id (the name's letters and digits) is empty: every tutor with it
    /// shared that site, and Slack refuses an option with an empty value, so the 'post update' form failed to render there.
    /// </summary>
    [Theory]
    [InlineData("site", "-")]
    [InlineData("partner", "—")]
    public async Task A_site_or_partner_without_a_letter_or_digit_is_refused_on_the_roster_and_in_an_edit(string field, string text)
    {
        var client = app.CreateAdminClient();

        var import = await client.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative),
            Csv($"name,email,role,{field}\nMaya Lopez,maya@example.org,tutor,Grant\nSam Ortiz,sam@example.org,tutor,{text}\n"), Ct);
        await client.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), Csv($"name,email,role,{field}\nSam Ortiz,sam@example.org,tutor,Grant\n"), Ct);
        var sam = app.Get<DirectoryStore>().FindByEmail("sam@example.org")!;
        var edit = await client.PatchAsJsonAsync($"/api/admin/people/{sam.Id}", new JsonObject { [field] = text }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, import.StatusCode);
        var line = (await import.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!["line 3"]![0]!.GetValue<string>();
        Assert.Contains("no letter or digit", line, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, edit.StatusCode);
        var errors = (await edit.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsObject();
        Assert.Contains("no letter or digit", errors[field]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, app.Get<DirectoryStore>().Count());
        Assert.DoesNotContain(app.Get<PeopleDirectory>().Sites(), s => s.Id.Length == 0);
        Assert.DoesNotContain(app.Get<PeopleDirectory>().Partners(), p => p.Id.Length == 0);
    }

    [Fact]
    public async Task Moving_someone_to_a_site_typed_in_another_case_keeps_the_sites_name_as_the_roster_spells_it()
    {
        var client = app.CreateAdminClient();
        await client.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), Csv(
            "name,email,role,site,partner\nMaya Lopez,maya@example.org,tutor,Lincoln Elementary,City Year\nSam Ortiz,sam@example.org,tutor,Grant Middle,\n"), Ct);
        var sam = app.Get<DirectoryStore>().FindByEmail("sam@example.org")!;

        var moved = await client.PatchAsJsonAsync($"/api/admin/people/{sam.Id}", new JsonObject { ["site"] = "LINCOLN ELEMENTARY", ["partner"] = "city year" }, Ct);

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var people = await client.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/people", UriKind.Relative), Ct);
        Assert.All(people!, p => Assert.Equal(("Lincoln Elementary", "City Year"), ((string?)p!["site"], (string?)p["partner"])));
    }

    [Fact]
    public async Task A_large_roster_comes_a_page_at_a_time_and_can_be_searched()
    {
        var client = app.CreateAdminClient();
        await client.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), Csv(
            "name,email,role,site\nEve Adams,eve@example.org,tutor,Roosevelt\nAna Diaz,ana@example.org,tutor,Lincoln\n" +
            "Dan Wu,dan@example.org,tutor,Lincoln\nCal Ray,cal@example.org,tutor,Roosevelt\nBo Chen,bo@example.org,tutor,Lincoln\n"), Ct);

        var first = await client.GetAsync(new Uri("/api/admin/people?limit=2", UriKind.Relative), Ct);
        var next = first.Headers.GetValues("Link").Single();
        var second = await client.GetAsync(new Uri(next[1..next.IndexOf('>', StringComparison.Ordinal)], UriKind.Relative), Ct);
        var last = await client.GetAsync(new Uri("/api/admin/people?offset=4&limit=2", UriKind.Relative), Ct);
        var lincoln = await client.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/people?q=LINCOLN", UriKind.Relative), Ct);
        var refused = await client.GetAsync(new Uri("/api/admin/people?limit=5000", UriKind.Relative), Ct);

        static async Task<string[]> Names(HttpResponseMessage page) =>
            [.. (await page.Content.ReadFromJsonAsync<JsonArray>(Ct))!.Select(p => (string)p!["name"]!)];
        Assert.Equal(["Ana Diaz", "Bo Chen"], await Names(first));
        Assert.Equal("5", first.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(["Cal Ray", "Dan Wu"], await Names(second));
        Assert.Equal(["Eve Adams"], await Names(last));
        Assert.False(last.Headers.Contains("Link"));
        Assert.Equal(["Ana Diaz", "Bo Chen", "Dan Wu"], lincoln!.Select(p => (string)p!["name"]!));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("1 to 1000", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task People_are_listed_with_their_site_and_partner_as_the_roster_names_them()
    {
        var client = app.CreateAdminClient();
        await client.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative),
            Csv("name,email,role,site,partner\nMaya Lopez,maya@example.org,tutor,Lincoln Elementary,City Year\nSam Ortiz,sam@example.org,tutor,,\n"), Ct);

        var people = await client.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/people", UriKind.Relative), Ct);

        var maya = people?.Single(p => p?["email"]?.GetValue<string>() == "maya@example.org");
        Assert.Equal("Lincoln Elementary", maya?["site"]?.GetValue<string>());
        Assert.Equal("City Year", maya?["partner"]?.GetValue<string>());
        var sam = people?.Single(p => p?["email"]?.GetValue<string>() == "sam@example.org");
        Assert.Null(sam?["site"]);
        Assert.Null(sam?["partner"]);
    }

    [Fact]
    public async Task A_roster_with_a_bad_line_is_refused_with_line_numbers_and_imports_nobody()
    {
        var response = await app.CreateAdminClient().PostAsync(new Uri("/api/admin/people/import", UriKind.Relative),
            Csv("name,email,role\nMaya Lopez,maya@example.org,tutor\nSam Ortiz,sam-at-example,tutor\n"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal(["line 3"], problem?["errors"]?.AsObject().Select(e => e.Key) ?? []);
        Assert.Equal(0, app.Get<DirectoryStore>().Count());
    }

    [Fact]
    public async Task Skipping_invalid_lines_imports_the_rest()
    {
        var response = await app.CreateAdminClient().PostAsync(new Uri("/api/admin/people/import?skipInvalid=true", UriKind.Relative),
            Csv("name,email,role\nMaya Lopez,maya@example.org,tutor\nSam Ortiz,sam-at-example,tutor\n"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Maya Lopez", Assert.Single(app.Get<DirectoryStore>().All()).Name);
    }

    /// <summary>Excel's "CSV (Comma delimited)" on Windows writes Windows-1252, not UTF-8: é is one byte, and ’ is 0x92.</summary>
    [Fact]
    public async Task A_roster_saved_by_Excel_in_the_Windows_encoding_keeps_accented_names()
    {
        byte[] latin = [.. "name,email,role\nJos"u8, 0xE9, .. " N"u8, 0xFA, 0xF1, .. "ez,jose@example.org,tutor\nAna O"u8, 0x92, .. "Brien,ana@example.org,tutor\n"u8];
        using var body = new ByteArrayContent(latin);
        body.Headers.ContentType = new("text/csv");

        var response = await app.CreateAdminClient().PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), body, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("José Núñez", app.Get<DirectoryStore>().FindByEmail("jose@example.org")?.Name);
        Assert.Equal("Ana O\u2019Brien", app.Get<DirectoryStore>().FindByEmail("ana@example.org")?.Name);
    }

    [Fact]
    public async Task A_roster_in_UTF8_with_a_byte_order_mark_imports_its_first_column()
    {
        using var body = new ByteArrayContent([.. Encoding.UTF8.GetPreamble(), .. "name,email,role\nZoë Brandt,zoe@example.org,tutor\n\n\n"u8]);
        body.Headers.ContentType = new("text/csv");

        var response = await app.CreateAdminClient().PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), body, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Zoë Brandt", Assert.Single(app.Get<DirectoryStore>().All()).Name);
    }

    [Fact]
    public async Task A_roster_can_be_uploaded_as_a_form_file()
    {
        using var form = new MultipartFormDataContent { { Csv("name,email,role\nMaya Lopez,maya@example.org,tutor\n"), "file", "roster.csv" } };

        var response = await app.CreateAdminClient().PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), form, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, app.Get<DirectoryStore>().Count());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token-wrong-token")]
    [InlineData("Basic dGVzdDp0ZXN0")]
    public async Task Without_the_admin_token_nothing_is_listed_or_imported(string? authorization)
    {
        var client = app.CreateClient();
        if (authorization is not null) client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        var list = await client.GetAsync(new Uri("/api/admin/people", UriKind.Relative), Ct);
        var import = await client.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), Csv("name,email,role\nMaya,maya@example.org,tutor\n"), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, import.StatusCode);
        Assert.Equal("application/problem+json", import.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, app.Get<DirectoryStore>().Count());
    }

    [Fact]
    public async Task With_no_admin_token_configured_the_admin_api_is_off()
    {
        using var off = new HitBotApp(new() { ["HitBot:Admin:Token"] = "" });

        var response = await off.CreateClient().GetAsync(new Uri("/api/admin/people", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("HitBot:Admin:Token", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    public void Dispose() => app.Dispose();
}
