using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Feedback;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>The feedback inbox of a large program: a page at a time, searchable, paged like the people list.</summary>
public sealed class FeedbackListTests : IDisposable
{
    readonly HitBotApp app = new();
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => app.Dispose();

    async Task<HttpClient> InboxWithFiveItemsAsync()
    {
        var client = app.CreateAdminClient();
        var import = await client.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), new StringContent(
            "name,email,role,site,partner\nMaya Lopez,maya@example.org,tutor,Lincoln Elementary,City Year\n" +
            "Sam Ortiz,sam@example.org,tutor,Roosevelt,Reading Corps\n", Encoding.UTF8, "text/csv"), Ct);
        import.EnsureSuccessStatusCode();
        var directory = app.Get<DirectoryStore>();
        var maya = directory.FindByEmail("maya@example.org")!.Id;
        var sam = directory.FindByEmail("sam@example.org")!.Id;
        var feedback = app.Get<FeedbackStore>();
        string[][] items =
        [
            ["The login page is slow", maya, "no"],
            ["Can I switch my session time?", sam, "no"],
            ["Thanks for the new schedule", maya, "no"],
            ["My student moved away", sam, "yes"],
            ["Where do I log hours?", sam, "no"],
        ];
        foreach (var (item, at) in items.Select((item, at) => (item, at)))
            feedback.AddOnce(new FeedbackItem
            {
                Id = $"fb-{at}", Text = item[0], PersonId = item[1], Anonymous = item[2] == "yes", Status = FeedbackStatus.New,
                CreatedAt = app.Time.GetUtcNow().UtcDateTime.AddMinutes(at),
            }, writtenBy: item[1]);
        return client;
    }

    static async Task<string[]> TextsAsync(HttpResponseMessage page) =>
        [.. (await page.Content.ReadFromJsonAsync<JsonArray>(Ct))!.Select(f => (string)f!["text"]!)];

    static Uri NextPage(HttpResponseMessage page)
    {
        var link = page.Headers.GetValues("Link").Single();
        Assert.EndsWith("rel=\"next\"", link, StringComparison.Ordinal);
        return new Uri(link[1..link.IndexOf('>', StringComparison.Ordinal)], UriKind.Relative);
    }

    [Fact]
    public async Task A_long_inbox_comes_a_page_at_a_time_newest_first_with_the_total_and_a_link_to_the_next_page()
    {
        var client = await InboxWithFiveItemsAsync();

        var first = await client.GetAsync(new Uri("/api/admin/feedback?limit=2", UriKind.Relative), Ct);
        var second = await client.GetAsync(NextPage(first), Ct);
        var third = await client.GetAsync(NextPage(second), Ct);

        Assert.Equal("5", first.Headers.GetValues("X-Total-Count").Single());
        var firstItems = (await first.Content.ReadFromJsonAsync<JsonArray>(Ct))!;
        Assert.Equal(["Where do I log hours?", "My student moved away"], firstItems.Select(f => (string)f!["text"]!));
        Assert.Equal(["Thanks for the new schedule", "Can I switch my session time?"], await TextsAsync(second));
        Assert.Equal(["The login page is slow"], await TextsAsync(third));
        Assert.False(third.Headers.Contains("Link"));
        // Only the page is looked up, and still each item names its writer unless they wrote anonymously.
        Assert.Equal(["Sam Ortiz", null], firstItems.Select(f => (string?)f!["from"]?["name"]));
    }

    [Fact]
    public async Task Searching_finds_items_by_their_text_their_writer_or_the_writers_site_and_the_next_page_keeps_the_search()
    {
        var client = await InboxWithFiveItemsAsync();

        var byText = await client.GetAsync(new Uri("/api/admin/feedback?q=SESSION", UriKind.Relative), Ct);
        var byWriter = await client.GetAsync(new Uri("/api/admin/feedback?q=maya&limit=1", UriKind.Relative), Ct);
        var byWriterNext = await client.GetAsync(NextPage(byWriter), Ct);
        var bySite = await client.GetAsync(new Uri("/api/admin/feedback?q=lincoln elementary", UriKind.Relative), Ct);
        var nothing = await client.GetAsync(new Uri("/api/admin/feedback?q=zebra", UriKind.Relative), Ct);

        Assert.Equal(["Can I switch my session time?"], await TextsAsync(byText));
        Assert.Equal("2", byWriter.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(["Thanks for the new schedule"], await TextsAsync(byWriter));
        Assert.Equal(["The login page is slow"], await TextsAsync(byWriterNext));
        Assert.Equal(["Thanks for the new schedule", "The login page is slow"], await TextsAsync(bySite));
        // The writer's site and partner as the roster spells them, for the inbox to show; the keys stay beside them.
        var maya = (await client.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/feedback?q=lincoln elementary", UriKind.Relative), Ct))![0]!["from"]!;
        Assert.Equal(("Lincoln Elementary", "City Year", "lincoln-elementary"), ((string?)maya["siteName"], (string?)maya["partnerName"], (string?)maya["site"]));
        Assert.Empty(await TextsAsync(nothing));
        Assert.Equal("0", nothing.Headers.GetValues("X-Total-Count").Single());
    }

    [Fact]
    public async Task Searching_for_a_writers_name_never_reveals_their_anonymous_items()
    {
        var client = await InboxWithFiveItemsAsync();

        var sam = await TextsAsync(await client.GetAsync(new Uri("/api/admin/feedback?q=Sam Ortiz", UriKind.Relative), Ct));
        var roosevelt = await TextsAsync(await client.GetAsync(new Uri("/api/admin/feedback?q=roosevelt", UriKind.Relative), Ct));

        Assert.Equal(["Where do I log hours?", "Can I switch my session time?"], sam);
        Assert.DoesNotContain("My student moved away", roosevelt);
    }

    [Fact]
    public async Task The_open_inbox_leaves_out_handled_items_and_counts_only_what_is_open()
    {
        var client = await InboxWithFiveItemsAsync();
        (await client.PostAsync(new Uri("/api/admin/feedback/fb-4/handled", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();

        var open = await client.GetAsync(new Uri("/api/admin/feedback?status=open&limit=2", UriKind.Relative), Ct);

        Assert.Equal("4", open.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(["My student moved away", "Thanks for the new schedule"], await TextsAsync(open));
        Assert.Contains("status=open", NextPage(open).OriginalString, StringComparison.Ordinal);
    }

    /// <summary>
    /// Items 1 to <paramref name="count"/>, New, Replied and Handled in turn, each with an offer nobody sent (number 0)
    /// beside it: more than the store reads at once, so a page crosses its reads.
    /// </summary>
    List<FeedbackItem> LongInboxWithOffers(int count)
    {
        var statuses = new[] { FeedbackStatus.New, FeedbackStatus.Replied, FeedbackStatus.Handled };
        var at = app.Time.GetUtcNow().UtcDateTime;
        var items = Enumerable.Range(1, count).Select(n => new FeedbackItem
        {
            Id = $"long-{n}", Number = n, Text = $"Item {n}", Status = statuses[n % 3], CreatedAt = at.AddMinutes(n),
        }).ToList();
        var offers = items.Select(i => i with { Id = "offer-" + i.Id, Number = 0, Status = FeedbackStatus.Offered });
        app.Get<HitBot.Core.Storage.HitBotDb>().Collection<FeedbackItem>(FeedbackStore.Collection).InsertBulk(items.Concat(offers));
        return items;
    }

    static async Task<int[]> NumbersAsync(HttpResponseMessage page) =>
        [.. (await page.Content.ReadFromJsonAsync<JsonArray>(Ct))!.Select(f => (int)f!["number"]!)];

    [Fact]
    public async Task A_page_deep_in_a_long_inbox_holds_the_next_items_of_its_tab_newest_first_and_never_an_offer()
    {
        var items = LongInboxWithOffers(700);
        var client = app.CreateAdminClient();
        int[] Expected(Func<FeedbackItem, bool> inTab, int skip, int take) =>
            [.. items.Where(inTab).OrderByDescending(i => i.Number).Skip(skip).Take(take).Select(i => i.Number)];

        var open = await client.GetAsync(new Uri("/api/admin/feedback?status=open&offset=300&limit=50", UriKind.Relative), Ct);
        var handled = await client.GetAsync(new Uri("/api/admin/feedback?status=handled&offset=200&limit=40", UriKind.Relative), Ct);
        var all = await client.GetAsync(new Uri("/api/admin/feedback?offset=650&limit=100", UriKind.Relative), Ct);

        Assert.Equal(Expected(i => i.Status != FeedbackStatus.Handled, 300, 50), await NumbersAsync(open));
        Assert.Equal("467", open.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(Expected(i => i.Status == FeedbackStatus.Handled, 200, 40), await NumbersAsync(handled));
        Assert.Equal("233", handled.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(Expected(_ => true, 650, 100), await NumbersAsync(all));
        Assert.Equal("700", all.Headers.GetValues("X-Total-Count").Single());
        Assert.False(all.Headers.Contains("Link"));
    }

    [Fact]
    public async Task The_overview_shows_the_three_newest_new_items_of_a_long_inbox_and_counts_every_new_one_as_they_change()
    {
        LongInboxWithOffers(700);
        var client = app.CreateAdminClient();
        async Task<JsonNode> NewFeedbackAsync() =>
            (await client.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/overview", UriKind.Relative), Ct))!["feedback"]!;

        var before = await NewFeedbackAsync();
        (await client.PostAsync(new Uri("/api/admin/feedback/long-699/handled", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();
        var after = await NewFeedbackAsync();

        Assert.Equal(233, (int)before["new"]!);
        Assert.Equal([699, 696, 693], before["latest"]!.AsArray().Select(f => (int)f!["number"]!));
        Assert.Equal(232, (int)after["new"]!);
        Assert.Equal([696, 693, 690], after["latest"]!.AsArray().Select(f => (int)f!["number"]!));
    }

    [Theory]
    [InlineData("limit=5000", "1 to 1000")]
    [InlineData("limit=0", "1 to 1000")]
    [InlineData("offset=-1", "0 or more")]
    public async Task A_page_too_big_or_before_the_start_is_refused_with_a_message(string query, string message)
    {
        var client = await InboxWithFiveItemsAsync();

        var refused = await client.GetAsync(new Uri("/api/admin/feedback?" + query, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(message, await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
