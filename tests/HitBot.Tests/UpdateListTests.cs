using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>The list of updates after years of a weekly rhythm: a page at a time, sent ones first by when they went, then drafts.</summary>
public sealed class UpdateListTests : IDisposable
{
    readonly HitBotApp app = new();
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    // One tutor the drafts' audience matches: a send to an audience that matches nobody is refused.
    public UpdateListTests() =>
        app.Get<RosterImport>().Import(new StringReader("name,email,role,site,partner\nMaya Lopez,maya@example.org,tutor,,CityTutors\n"), false);

    public void Dispose() => app.Dispose();

    HttpClient Admin => app.CreateAdminClient();

    static JsonObject Draft(string title) => new()
    {
        ["title"] = title, ["body"] = "Timesheets by Friday.",
        ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor"), ["partners"] = new JsonArray("CityTutors") },
    };

    async Task<string> WriteAsync(HttpClient client, string title, bool later = true)
    {
        if (later) app.Time.Advance(TimeSpan.FromMinutes(5));
        var created = await client.PostAsJsonAsync("/api/admin/updates", Draft(title), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
    }

    async Task SendAsync(HttpClient client, string id)
    {
        app.Time.Advance(TimeSpan.FromMinutes(5));
        (await client.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();
    }

    static async Task<string[]> TitlesAsync(HttpResponseMessage page) =>
        [.. (await page.Content.ReadFromJsonAsync<JsonArray>(Ct))!.Select(u => (string)u!["title"]!)];

    /// <summary>Every title of the list, following each page's Link header; <paramref name="between"/> runs after each page.</summary>
    async Task<List<string>> AllPagesAsync(string first, Func<int, Task>? between = null)
    {
        var titles = new List<string>();
        var round = 0;
        for (Uri? next = new(first, UriKind.Relative); next is not null; round++)
        {
            var page = await Admin.GetAsync(next, Ct);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            titles.AddRange(await TitlesAsync(page));
            next = page.Headers.Contains("Link") ? NextPage(page) : null;
            if (between is not null) await between(round);
        }
        return titles;
    }

    static Uri NextPage(HttpResponseMessage page)
    {
        var link = page.Headers.GetValues("Link").Single();
        return new Uri(link[1..link.IndexOf('>', StringComparison.Ordinal)], UriKind.Relative);
    }

    [Fact]
    public async Task The_list_comes_a_page_at_a_time_sent_updates_by_when_they_went_then_drafts_newest_first()
    {
        var ids = new Dictionary<string, string>();
        foreach (var title in new[] { "A", "B", "C", "D", "E" }) ids[title] = await WriteAsync(Admin, title);
        await SendAsync(Admin, ids["C"]);
        await SendAsync(Admin, ids["A"]);

        var first = await Admin.GetAsync(new Uri("/api/admin/updates?limit=2", UriKind.Relative), Ct);
        var second = await Admin.GetAsync(NextPage(first), Ct);
        var third = await Admin.GetAsync(NextPage(second), Ct);

        Assert.Equal(["A", "C"], await TitlesAsync(first));
        Assert.Equal("5", first.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(["E", "D"], await TitlesAsync(second));
        Assert.Equal(["B"], await TitlesAsync(third));
        Assert.False(third.Headers.Contains("Link"));
    }

    [Fact]
    public async Task Paging_through_the_updates_while_drafts_are_written_shows_each_update_once()
    {
        var ids = new List<string>();
        for (var i = 0; i < 12; i++) ids.Add(await WriteAsync(Admin, $"Week {i}"));
        foreach (var id in ids.Take(4)) await SendAsync(Admin, id);

        // Between two pages a coordinator writes a draft: the newest draft, so above where a page of drafts ended.
        var seen = await AllPagesAsync("/api/admin/updates?limit=3", async round => await WriteAsync(Admin, $"Late {round}"));

        Assert.Equal(seen.Count, seen.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"Week {i}").Order(StringComparer.Ordinal),
            seen.Where(t => t.StartsWith("Week", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Updates_written_at_the_same_moment_come_in_one_order_across_pages()
    {
        var sent = await WriteAsync(Admin, "Sent");
        await SendAsync(Admin, sent);
        for (var i = 0; i < 7; i++) await WriteAsync(Admin, $"Same {i}", later: i == 0);

        var paged = await AllPagesAsync("/api/admin/updates?limit=2");
        var whole = await AllPagesAsync("/api/admin/updates");

        Assert.Equal(8, paged.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(whole, paged);
        Assert.Equal("Sent", paged[0]);
    }

    [Theory]
    [InlineData("after=not-a-cursor")]
    [InlineData("after=%25%25")]
    [InlineData("after=QUJD&offset=3")]
    public async Task A_page_address_HitBot_did_not_give_is_a_400_that_says_to_follow_the_Link_header(string query)
    {
        await WriteAsync(Admin, "A");

        var refused = await Admin.GetAsync(new Uri("/api/admin/updates?" + query, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Link header", (string)(await refused.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!["after"]![0]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partner_lead_pages_through_the_updates_they_wrote_and_no_one_elses()
    {
        var import = await Admin.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), new StringContent(
            "name,email,role,site,partner\nPia Chen,pia@example.org,partner lead,,CityTutors\nMaya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n",
            Encoding.UTF8, "text/csv"), Ct);
        import.EnsureSuccessStatusCode();
        var pia = app.Get<DirectoryStore>().FindByEmail("pia@example.org")!.Id;
        var issued = await Admin.PostAsync(new Uri($"/api/admin/people/{pia}/api-token", UriKind.Relative), null, Ct);
        using var asPia = app.CreateClient();
        asPia.DefaultRequestHeaders.Authorization = new("Bearer", (string)(await issued.Content.ReadFromJsonAsync<JsonObject>(Ct))!["token"]!);
        var first = await WriteAsync(asPia, "Pia 1");
        await WriteAsync(Admin, "Central 1");
        await WriteAsync(asPia, "Pia 2");
        await WriteAsync(Admin, "Central 2");
        await WriteAsync(asPia, "Pia 3");
        await SendAsync(asPia, first);

        var page = await asPia.GetAsync(new Uri("/api/admin/updates?limit=2", UriKind.Relative), Ct);
        var next = await asPia.GetAsync(NextPage(page), Ct);

        Assert.Equal(["Pia 1", "Pia 3"], await TitlesAsync(page));
        Assert.Equal("3", page.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(["Pia 2"], await TitlesAsync(next));
        Assert.False(next.Headers.Contains("Link"));
    }

    [Fact]
    public async Task The_overview_shows_the_weeks_sends_and_the_scheduled_updates_but_not_older_sends()
    {
        var old = await WriteAsync(Admin, "Last month");
        await SendAsync(Admin, old);
        app.Time.Advance(TimeSpan.FromDays(8));
        var recent = await WriteAsync(Admin, "This week");
        await SendAsync(Admin, recent);
        var later = await WriteAsync(Admin, "Next week");
        (await Admin.PutAsJsonAsync($"/api/admin/updates/{later}/schedule", new JsonObject { ["at"] = "2026-03-16T09:00" }, Ct)).EnsureSuccessStatusCode();
        await WriteAsync(Admin, "A draft");

        var overview = await Admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/overview", UriKind.Relative), Ct);

        Assert.Equal(["Next week", "This week"], overview!["sends"]!.AsArray().Select(s => (string)s!["title"]!));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("offset=-1", "offset")]
    public async Task A_page_that_cannot_be_is_refused_naming_the_parameter(string query, string parameter)
    {
        await WriteAsync(Admin, "A");

        var refused = await Admin.GetAsync(new Uri("/api/admin/updates?" + query, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotNull((await refused.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]![parameter]);
    }
}
