using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Feedback;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// The People and Feedback lists of a large district, as a coordinator meets them: a search finds a name as it is typed on
/// a keyboard (no accents, a straight apostrophe) whatever the roster file wrote, and paging on never skips or repeats
/// someone while the list changes between two pages.
/// </summary>
public sealed class LargeDirectoryListTests : IDisposable
{
    readonly HitBotApp app = new();
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => app.Dispose();

    async Task<HttpClient> RosterAsync(string lines)
    {
        var client = app.CreateAdminClient();
        var import = await client.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative),
            new StringContent("name,email,role,site,partner\n" + lines, Encoding.UTF8, "text/csv"), Ct);
        import.EnsureSuccessStatusCode();
        return client;
    }

    static async Task<string[]> NamesAsync(HttpResponseMessage page)
    {
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return [.. (await page.Content.ReadFromJsonAsync<JsonArray>(Ct))!.Select(p => (string)p!["name"]!)];
    }

    static Uri? NextPage(HttpResponseMessage page)
    {
        if (!page.Headers.TryGetValues("Link", out var values)) return null;
        var link = values.Single();
        return new Uri(link[1..link.IndexOf('>', StringComparison.Ordinal)], UriKind.Relative);
    }

    [Theory]
    [InlineData("Jose Garcia")]
    [InlineData("jose")]
    [InlineData("O'Brien")]
    [InlineData("o'brien")]
    [InlineData("Francois")]
    [InlineData("Nguyen")]
    [InlineData("Dang")]
    [InlineData("Lukasz")]
    [InlineData("Soren")]
    public async Task A_search_typed_without_accents_or_with_a_straight_apostrophe_finds_the_name_as_the_roster_wrote_it(string typed)
    {
        var client = await RosterAsync(
            "José García,jose.garcia@example.org,tutor,Lincoln,\n" +
            "Siobhán O’Brien,siobhan@example.org,tutor,Lincoln,\n" +
            "François Nguyễn,f.nguyen@example.org,tutor,Lincoln,\n" +
            "Đặng Thu,thu@example.org,tutor,Lincoln,\n" +
            "Łukasz Wójcik,lw@example.org,tutor,Lincoln,\n" +
            "Søren Holm,sh@example.org,tutor,Lincoln,\n" +
            "Ana Lopez,ana@example.org,tutor,Lincoln,\n");

        var found = await NamesAsync(await client.GetAsync(new Uri($"/api/admin/people?q={Uri.EscapeDataString(typed)}", UriKind.Relative), Ct));

        Assert.Single(found);
        Assert.DoesNotContain("Ana Lopez", found);
    }

    [Fact]
    public async Task A_search_in_another_script_finds_the_name_and_its_cases()
    {
        var client = await RosterAsync(
            "Иван Петров,ivan@example.org,tutor,Lincoln,\n" +
            "王小明,wang@example.org,tutor,Lincoln,\n" +
            "Ana Lopez,ana@example.org,tutor,Lincoln,\n");

        Assert.Equal(["Иван Петров"], await NamesAsync(await client.GetAsync(new Uri("/api/admin/people?q=" + Uri.EscapeDataString("иван"), UriKind.Relative), Ct)));
        Assert.Equal(["王小明"], await NamesAsync(await client.GetAsync(new Uri("/api/admin/people?q=" + Uri.EscapeDataString("小明"), UriKind.Relative), Ct)));
    }

    [Fact]
    public async Task A_feedback_search_without_accents_finds_the_writer_as_the_roster_wrote_them()
    {
        var client = await RosterAsync("Siobhán O’Brien,siobhan@example.org,tutor,Lincoln,\n");
        var writer = app.Get<DirectoryStore>().FindByEmail("siobhan@example.org")!.Id;
        app.Get<FeedbackStore>().AddOnce(new FeedbackItem
        {
            Id = "fb-accent", Text = "Can we get more time?", PersonId = writer, Status = FeedbackStatus.New,
            CreatedAt = app.Time.GetUtcNow().UtcDateTime,
        }, writtenBy: writer);

        var found = await client.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/feedback?q=" + Uri.EscapeDataString("Siobhan O'Brien"), UriKind.Relative), Ct);

        Assert.Equal(["Can we get more time?"], found!.Select(f => (string)f!["text"]!));
    }

    static async Task<JsonArray> RowsAsync(HttpResponseMessage page)
    {
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return (await page.Content.ReadFromJsonAsync<JsonArray>(Ct))!;
    }

    [Fact]
    public async Task Paging_through_a_large_roster_while_it_changes_shows_everyone_once()
    {
        var roster = new StringBuilder();
        for (var i = 0; i < 2400; i++) roster.Append(FormattableString.Invariant($"Tutor {i % 800:D3},t{i}@example.org,tutor,Lincoln,\n"));
        for (var i = 0; i < 40; i++) roster.Append(FormattableString.Invariant($"Maria Garcia,maria{i}@example.org,tutor,Lincoln,\n"));
        var client = await RosterAsync(roster.ToString());
        var directory = app.Get<DirectoryStore>();
        var everyone = directory.All().Select(p => p.Id).ToHashSet(StringComparer.Ordinal);

        var seen = new List<string>();
        var first = await client.GetAsync(new Uri("/api/admin/people?limit=250", UriKind.Relative), Ct);
        var rows = await RowsAsync(first);
        seen.AddRange(rows.Select(p => (string)p!["id"]!));
        var next = NextPage(first);
        var erased = new List<string>();
        for (var round = 0; next is not null; round++)
        {
            // Between two pages, in turn: new people before and after the page's end; or two already shown erased and one
            // deactivated.
            if (round % 2 == 0)
            {
                var added = await client.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), new StringContent(
                    FormattableString.Invariant($"name,email,role\nAaron {round},new{round}@example.org,tutor\nAbby {round},abby{round}@example.org,tutor\nZed {round},zed{round}@example.org,tutor\n"),
                    Encoding.UTF8, "text/csv"), Ct);
                added.EnsureSuccessStatusCode();
            }
            else
            {
                foreach (var gone in new[] { seen[round * 3], seen[round * 3 + 1] })
                {
                    Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync(new Uri($"/api/admin/people/{gone}", UriKind.Relative), Ct)).StatusCode);
                    erased.Add(gone);
                }
                await client.PatchAsJsonAsync(new Uri($"/api/admin/people/{seen[round * 3 + 2]}", UriKind.Relative), new { active = false }, Ct);
            }

            var page = await client.GetAsync(next, Ct);
            seen.AddRange((await RowsAsync(page)).Select(p => (string)p!["id"]!));
            next = NextPage(page);
        }

        Assert.Equal(seen.Count, seen.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(everyone.Except(seen, StringComparer.Ordinal).Except(erased, StringComparer.Ordinal));
    }

    [Fact]
    public async Task People_of_the_same_name_come_in_one_order_across_pages()
    {
        var roster = new StringBuilder();
        for (var i = 0; i < 30; i++) roster.Append(FormattableString.Invariant($"Maria Garcia,maria{(i * 7) % 30}@example.org,tutor,Lincoln,\n"));
        var client = await RosterAsync(roster.ToString());

        var ids = new List<string>();
        for (Uri? next = new("/api/admin/people?limit=7", UriKind.Relative); next is not null;)
        {
            var page = await client.GetAsync(next, Ct);
            ids.AddRange((await RowsAsync(page)).Select(p => (string)p!["id"]!));
            next = NextPage(page);
        }
        var searched = await RowsAsync(await client.GetAsync(new Uri("/api/admin/people?q=garcia", UriKind.Relative), Ct));

        Assert.Equal(30, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(ids, searched.Select(p => (string)p!["id"]!));
    }

    [Fact]
    public async Task Paging_through_a_search_while_people_are_added_shows_each_match_once()
    {
        var roster = new StringBuilder();
        for (var i = 0; i < 1500; i++) roster.Append(FormattableString.Invariant($"Tutor {i:D4},t{i}@example.org,tutor,{(i % 2 == 0 ? "Lincoln" : "Grant")},\n"));
        var client = await RosterAsync(roster.ToString());

        var seen = new List<string>();
        var round = 0;
        for (Uri? next = new("/api/admin/people?q=lincoln&limit=100", UriKind.Relative); next is not null; round++)
        {
            var page = await client.GetAsync(next, Ct);
            seen.AddRange((await RowsAsync(page)).Select(p => (string)p!["email"]!));
            next = NextPage(page);
            (await client.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), new StringContent(
                FormattableString.Invariant($"name,email,role,site\nAaron {round},new{round}@example.org,tutor,Lincoln\n"), Encoding.UTF8, "text/csv"), Ct)).EnsureSuccessStatusCode();
        }

        Assert.Equal(seen.Count, seen.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(750, seen.Count(e => e.StartsWith('t')));
    }

    [Fact]
    public async Task Paging_through_the_open_feedback_while_items_arrive_and_are_handled_shows_each_item_once()
    {
        var client = await RosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,\n");
        var writer = app.Get<DirectoryStore>().FindByEmail("maya@example.org")!.Id;
        var feedback = app.Get<FeedbackStore>();
        void Arrives(string id) => feedback.AddOnce(new FeedbackItem
        {
            Id = id, Text = id, PersonId = writer, Status = FeedbackStatus.New, CreatedAt = app.Time.GetUtcNow().UtcDateTime,
        }, writtenBy: writer);
        for (var i = 0; i < 600; i++) Arrives($"fb-{i}");

        var seen = new List<string>();
        var round = 0;
        for (Uri? next = new("/api/admin/feedback?status=open&limit=50", UriKind.Relative); next is not null; round++)
        {
            var page = await client.GetAsync(next, Ct);
            var items = await RowsAsync(page);
            seen.AddRange(items.Select(f => (string)f!["id"]!));
            next = NextPage(page);
            // In turn: two new items arrive, or two already shown are handled (and leave the open list).
            if (round % 2 == 0)
            {
                Arrives($"late-{round}-a");
                Arrives($"late-{round}-b");
            }
            else
                foreach (var handled in new[] { seen[round * 2], seen[round * 2 + 1] })
                    Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(new Uri($"/api/admin/feedback/{handled}/handled", UriKind.Relative), null, Ct)).StatusCode);
        }

        Assert.Equal(seen.Count, seen.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(600, seen.Count(id => id.StartsWith("fb-", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("/api/admin/people?after=not-a-cursor", "after")]
    [InlineData("/api/admin/people?after=%25%25", "after")]
    [InlineData("/api/admin/people?after=QUJD&offset=3", "after")]
    [InlineData("/api/admin/feedback?before=abc", "before")]
    [InlineData("/api/admin/feedback?before=-4", "before")]
    [InlineData("/api/admin/feedback?before=12&offset=2", "before")]
    public async Task A_page_address_that_is_not_one_HitBot_gave_is_a_400_that_says_what_to_do(string address, string parameter)
    {
        var client = await RosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,\n");

        var answer = await client.GetAsync(new Uri(address, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var problem = (await answer.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Contains("Link header", (string)problem["errors"]![parameter]![0]!, StringComparison.Ordinal);
    }
}
