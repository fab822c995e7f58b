using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// The reach report of a large roster: everyone counted by reach state, the people listed a page at a time in name order,
/// and the People page's counts alone.
/// </summary>
public sealed class ReachReportTests : IDisposable
{
    readonly HitBotApp app = new();
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => app.Dispose();

    HttpClient Admin => app.CreateAdminClient();

    async Task ImportAsync(string lines)
    {
        var import = await Admin.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative),
            new StringContent("name,email,role,site,partner\n" + lines, Encoding.UTF8, "text/csv"), Ct);
        import.EnsureSuccessStatusCode();
    }

    Task FiveTutorsAsync() => ImportAsync(
        "Eve Stone,eve@example.org,tutor,,\nBen Cole,ben@example.org,tutor,,\nDan Webb,dan@example.org,tutor,,\n" +
        "Ana Ruiz,ana@example.org,tutor,,\nCy Park,cy@example.org,tutor,,\n");

    async Task OptOutAsync(string email)
    {
        var id = app.Get<DirectoryStore>().FindByEmail(email)!.Id;
        var edit = await Admin.PatchAsJsonAsync($"/api/admin/people/{id}", new JsonObject { ["optedOut"] = true }, Ct);
        edit.EnsureSuccessStatusCode();
    }

    static int Count(JsonObject report, string state) => (int)report["counts"]![state]!;

    [Fact]
    public async Task People_come_a_page_at_a_time_in_name_order_while_the_counts_cover_everyone()
    {
        await FiveTutorsAsync();
        await OptOutAsync("dan@example.org");

        var page = await Admin.GetAsync(new Uri("/api/admin/reach?offset=1&limit=2", UriKind.Relative), Ct);

        var report = (await page.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal(["Ben Cole", "Cy Park"], report["people"]!.AsArray().Select(p => (string)p!["name"]!));
        Assert.Equal("5", page.Headers.GetValues("X-Total-Count").Single());
        Assert.Contains("offset=3&limit=2", page.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
        Assert.Equal((1, 4), (Count(report, ReachStates.OptedOut), Count(report, ReachStates.NoChatYet)));
    }

    [Fact]
    public async Task Paging_through_the_report_while_people_are_added_and_erased_shows_everyone_once()
    {
        var roster = new StringBuilder();
        for (var i = 0; i < 40; i++) roster.Append(FormattableString.Invariant($"Tutor {i:D2},t{i}@example.org,tutor,,\n"));
        await ImportAsync(roster.ToString());

        var seen = new List<string>();
        var round = 0;
        for (Uri? next = new("/api/admin/reach?limit=6", UriKind.Relative); next is not null; round++)
        {
            var page = await Admin.GetAsync(next, Ct);
            seen.AddRange((await page.Content.ReadFromJsonAsync<JsonObject>(Ct))!["people"]!.AsArray().Select(p => (string)p!["email"]!));
            var link = page.Headers.TryGetValues("Link", out var links) ? links.Single() : null;
            next = link is null ? null : new Uri(link[1..link.IndexOf('>', StringComparison.Ordinal)], UriKind.Relative);
            // Between two pages, in turn: someone new whose name comes first, or one already shown erased.
            if (round % 2 == 0) await ImportAsync(FormattableString.Invariant($"Aaron {round},new{round}@example.org,tutor,,\n"));
            else
            {
                var gone = app.Get<DirectoryStore>().FindByEmail(seen[round])!.Id;
                (await Admin.DeleteAsync(new Uri($"/api/admin/people/{gone}", UriKind.Relative), Ct)).EnsureSuccessStatusCode();
            }
        }

        Assert.Equal(seen.Count, seen.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(40, seen.Count(e => e.StartsWith('t')));
    }

    [Theory]
    [InlineData("after=not-a-cursor")]
    [InlineData("after=QUJD&offset=3")]
    public async Task A_page_address_HitBot_did_not_give_is_a_400_that_says_to_follow_the_Link_header(string query)
    {
        await FiveTutorsAsync();

        var refused = await Admin.GetAsync(new Uri("/api/admin/reach?" + query, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Link header", (string)(await refused.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!["after"]![0]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_People_pages_counts_alone_list_nobody_and_follow_each_change_to_the_roster()
    {
        await FiveTutorsAsync();
        var first = await Admin.GetAsync(new Uri("/api/admin/reach?limit=0", UriKind.Relative), Ct);
        var before = (await first.Content.ReadFromJsonAsync<JsonObject>(Ct))!;

        await OptOutAsync("eve@example.org");
        await ImportAsync("Fay Lund,fay@example.org,tutor,,\n");
        var after = await Admin.GetAsync(new Uri("/api/admin/reach?limit=0", UriKind.Relative), Ct);

        var report = (await after.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Empty(report["people"]!.AsArray());
        Assert.False(after.Headers.Contains("Link"));
        Assert.Equal((0, 5), (Count(before, ReachStates.OptedOut), Count(before, ReachStates.NoChatYet)));
        Assert.Equal((1, 5), (Count(report, ReachStates.OptedOut), Count(report, ReachStates.NoChatYet)));
        Assert.Equal(("5", "6"), (first.Headers.GetValues("X-Total-Count").Single(), after.Headers.GetValues("X-Total-Count").Single()));
        Assert.Equal(ReachStates.All, report["counts"]!.AsObject().Select(c => c.Key));
    }

    [Theory]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("offset=-5", "offset")]
    public async Task A_page_that_cannot_be_is_refused_naming_the_parameter(string query, string parameter)
    {
        await FiveTutorsAsync();

        var response = await Admin.GetAsync(new Uri("/api/admin/reach?" + query, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]![parameter]);
    }

    /// <summary>
    /// The People page counted "4 not reached yet" and the update page sent the coordinator there to see why, but nothing
    /// listed who they were short of paging through the whole roster: the list now takes a reach state.
    /// </summary>
    [Fact]
    public async Task The_people_not_reached_are_listed_by_their_reach_state_a_page_at_a_time()
    {
        await FiveTutorsAsync();
        await OptOutAsync("dan@example.org");

        var first = await Admin.GetAsync(new Uri("/api/admin/people?reach=no-chat-yet&limit=2", UriKind.Relative), Ct);
        var link = first.Headers.GetValues("Link").Single();
        var second = await Admin.GetAsync(new Uri(link[1..link.IndexOf('>', StringComparison.Ordinal)], UriKind.Relative), Ct);
        var optedOut = await Admin.GetFromJsonAsync<JsonArray>("/api/admin/people?reach=opted-out", Ct);

        static async Task<IEnumerable<string>> Names(HttpResponseMessage page) =>
            (await page.Content.ReadFromJsonAsync<JsonArray>(Ct))!.Select(p => (string)p!["name"]!);
        Assert.Equal(["Ana Ruiz", "Ben Cole"], await Names(first));
        Assert.Equal("4", first.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(["Cy Park", "Eve Stone"], await Names(second));
        Assert.Equal(["Dan Webb"], optedOut!.Select(p => (string)p!["name"]!));
    }

    [Fact]
    public async Task A_reach_state_HitBot_does_not_have_is_a_400_naming_the_states()
    {
        await FiveTutorsAsync();

        var refused = await Admin.GetAsync(new Uri("/api/admin/people?reach=not-reached", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var said = (string)(await refused.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!["reach"]![0]!;
        Assert.Contains("no-chat-yet", said, StringComparison.Ordinal);
    }

    /// <summary>"No chat yet" or "Opted out" alone left the district's IT person with a ticket and no next step.</summary>
    [Fact]
    public async Task Each_person_not_reached_comes_with_what_to_do_next()
    {
        await FiveTutorsAsync();
        await OptOutAsync("dan@example.org");

        var report = (await Admin.GetFromJsonAsync<JsonObject>("/api/admin/reach", Ct))!;
        var ana = await Admin.GetFromJsonAsync<JsonObject>($"/api/admin/people/{app.Get<DirectoryStore>().FindByEmail("ana@example.org")!.Id}", Ct);

        string Step(string name) => (string)report["people"]!.AsArray().Single(p => (string)p!["name"]! == name)!["nextStep"]!;
        Assert.Contains("ask them to open HitBot", Step("Ana Ruiz"), StringComparison.Ordinal);
        Assert.Contains("type start", Step("Dan Webb"), StringComparison.Ordinal);
        Assert.Equal(Step("Ana Ruiz"), (string)ana!["reachNextStep"]!);
    }
}
