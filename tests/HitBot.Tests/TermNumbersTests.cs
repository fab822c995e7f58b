using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Surveys;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// A coordinator's numbers in one term: the same figure read from the run page, "who has not answered", the overview and
/// the update pages agrees, through the real host (Teams stand-in; America/Chicago; the clock starts Monday 2 March 2026).
/// </summary>
public sealed class TermNumbersTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    TeamsTestApp teams = null!;
    readonly Dictionary<string, (Person Person, TeamsActivities Chat)> tutors = [];

    static readonly string[] Names = ["Maya Lopez", "Sam Ortiz", "Ana Ruiz", "Kim Lee", "Ben Okafor", "Eve Stone", "Dan Webb", "Cy Park"];

    public async ValueTask InitializeAsync()
    {
        teams = await TeamsTestApp.StartAsync();
        await teams.ImportRosterAsync(string.Concat(Names.Select((n, i) =>
            $"{n},{Key(n)}@example.org,tutor,{(i % 2 == 0 ? "Lincoln" : "Grant")},{(i < 4 ? "CityTutors" : "ReadCorps")}\n"))
            + "Lena Park,lena@example.org,site champion,Lincoln,\n");
        var directory = teams.App.Get<PeopleDirectory>();
        foreach (var name in Names)
        {
            var chat = teams.NewUser();
            var address = new Core.Messaging.ChannelAddress
            {
                Channel = Core.Messaging.ChannelKind.Teams, UserId = chat.UserId, ConversationId = FakeBotConnector.ConversationFor(chat.UserId),
                ServiceUrl = teams.Connector.ServiceUrl, TenantId = TeamsActivities.TenantId, BotId = TeamsActivities.BotId,
            };
            tutors[Key(name)] = (directory.Link(address, Key(name) + "@example.org")!, chat);
        }
    }

    public ValueTask DisposeAsync() => teams.DisposeAsync();

    static string Key(string name) => name.Split(' ')[0].ToLowerInvariant();

    HttpClient Admin => teams.App.CreateAdminClient();

    async Task AnswerAsync(string tutor, string runId, string intent = "yes")
    {
        var answers = new JsonObject { ["intent"] = intent, ["satisfaction"] = "4", ["support"] = "4", ["interests"] = "more-hours" };
        var response = await teams.PostAsync(tutors[tutor].Chat.Execute(SurveyCards.AnswerVerb, new JsonObject { ["run"] = runId }, "card-1", answers));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var store = teams.App.Get<SurveyStore>();
        Assert.NotNull(store.FindRun(runId) is { } run ? store.FindResponse(SurveyStore.ResponseId(runId, store.RespondentKey(run, tutors[tutor].Person.Id))) : null);
    }

    /// <summary>
    /// A named retention pulse to every tutor, its cards delivered: closed while they still waited (the dispatcher busy on
    /// a loaded machine), it would cancel them, and count, by design, nobody as invited.
    /// </summary>
    async Task<string> LaunchedAndSentAsync(bool anonymous = false)
    {
        var runId = await teams.LaunchRetentionPulseToTutorsAsync(anonymous: anonymous);
        await teams.DeliveredAsync();
        return runId;
    }

    async Task<JsonObject> GetAsync(string path) => (await Admin.GetFromJsonAsync<JsonObject>(new Uri(path, UriKind.Relative), Ct))!;

    async Task EraseAsync(string tutor) =>
        Assert.Equal(HttpStatusCode.OK, (await Admin.DeleteAsync(new Uri($"/api/admin/people/{tutors[tutor].Person.Id}", UriKind.Relative), Ct)).StatusCode);

    async Task CloseAsync(string runId) =>
        Assert.Equal(HttpStatusCode.OK, (await Admin.PostAsync(new Uri($"/api/admin/survey-runs/{runId}/close", UriKind.Relative), null, Ct)).StatusCode);

    async Task<(int Invited, int Answered, int NotAnswered)> RunPageAsync(string runId)
    {
        var results = await GetAsync($"/api/admin/survey-runs/{runId}/results");
        return ((int)results["invited"]!, (int)results["responses"]!, (int)results["invited"]! - (int)results["responses"]!);
    }

    async Task<(int Invited, int Answered, int NotAnswered, bool Forgotten, int Listed)> NonRespondersAsync(string runId)
    {
        var body = await GetAsync($"/api/admin/survey-runs/{runId}/non-responders");
        return ((int)body["invited"]!, (int)body["answered"]!, (int)body["notAnswered"]!, (bool?)body["forgotten"] ?? false, body["people"]!.AsArray().Count);
    }

    [Fact]
    public async Task Erasing_a_tutor_who_did_not_answer_a_closed_run_keeps_its_list_of_who_did_not_answer()
    {
        var runId = await LaunchedAndSentAsync();
        await AnswerAsync("maya", runId);
        await AnswerAsync("sam", runId, intent: "unsure");
        await CloseAsync(runId);

        await EraseAsync("kim");

        var who = await NonRespondersAsync(runId);
        Assert.False(who.Forgotten);
        Assert.Equal(5, who.Listed);
        var page = await RunPageAsync(runId);
        Assert.Equal((page.Invited, page.Answered, page.NotAnswered), (who.Invited, who.Answered, who.NotAnswered));
    }

    [Fact]
    public async Task An_erased_tutors_answer_to_an_open_run_counts_them_as_invited_and_answered_on_every_page()
    {
        var runId = await LaunchedAndSentAsync();
        await AnswerAsync("maya", runId);
        await AnswerAsync("sam", runId);

        await EraseAsync("maya");

        var page = await RunPageAsync(runId);
        Assert.Equal((8, 2, 6), page);
        var who = await NonRespondersAsync(runId);
        Assert.Equal((8, 2, 6, false, 6), who);
        var overview = await GetAsync("/api/admin/overview");
        var open = overview["openSurveys"]!.AsArray().Single(r => (string)r!["runId"]! == runId)!;
        Assert.Equal((8, 2, 0.25), ((int)open["invited"]!, (int)open["responses"]!, (double)open["responseRate"]!));

        await CloseAsync(runId);

        Assert.Equal((8, 2, 6), await RunPageAsync(runId));
        Assert.Equal((8, 2, 6, false, 6), await NonRespondersAsync(runId));
    }
    /// <summary>
    /// The same in an anonymous run: Maya's invitation went with her erasure but her answer stayed, so the run page said 2
    /// answered of 7 invited (and a run everyone had answered said more than 100%), while nobody new had been asked.
    /// </summary>
    [Fact]
    public async Task An_erased_tutors_answer_to_an_open_anonymous_run_counts_them_as_invited_and_answered()
    {
        var runId = await LaunchedAndSentAsync(anonymous: true);
        await AnswerAsync("maya", runId);
        await AnswerAsync("sam", runId);

        await EraseAsync("maya");

        Assert.Equal((8, 2, 6), await RunPageAsync(runId));
        var who = await GetAsync($"/api/admin/survey-runs/{runId}/non-responders");
        Assert.Equal((8, 2, 6), ((int)who["invited"]!, (int)who["answered"]!, (int)who["notAnswered"]!));
        Assert.Null(who["people"]);

        await CloseAsync(runId);

        Assert.Equal((8, 2, 6), await RunPageAsync(runId));
        who = await GetAsync($"/api/admin/survey-runs/{runId}/non-responders");
        Assert.Equal((8, 2, 6, false), ((int)who["invited"]!, (int)who["answered"]!, (int)who["notAnswered"]!, (bool?)who["forgotten"] ?? false));
    }

    /// <summary>Moves the fake clock a day at a time, each time waiting until the update scheduler has looked at the new time.</summary>
    async Task AdvanceDaysAsync(int days)
    {
        var progress = teams.App.Get<Core.Updates.UpdateSchedulerProgress>();
        for (var i = 0; i < days; i++)
        {
            teams.App.Time.Advance(TimeSpan.FromDays(1));
            var now = teams.App.Time.GetUtcNow();
            await progress.WaitForAsync(() => progress.SettledAt >= now, Guard, Ct);
        }
    }

    [Fact]
    public async Task A_weekly_updates_page_says_its_delivery_counts_add_up_its_weeks_and_its_spreadsheet_names_each_rows_week()
    {
        var created = await Admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "Log your sessions", ["body"] = "Please log this week's sessions by Friday.",
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var scheduled = await Admin.PutAsJsonAsync($"/api/admin/updates/{id}/schedule",
            new JsonObject { ["weekly"] = new JsonObject { ["day"] = "Monday", ["time"] = "08:00" } }, Ct);
        Assert.Equal(HttpStatusCode.OK, scheduled.StatusCode);

        // Monday 9 March reaches the eight tutors; Kim leaves; Monday 16 March reaches seven.
        await AdvanceDaysAsync(7);
        await Admin.PatchAsJsonAsync($"/api/admin/people/{tutors["kim"].Person.Id}", new JsonObject { ["active"] = false }, Ct);
        await AdvanceDaysAsync(7);
        await teams.DeliveredAsync();

        var report = (await GetAsync($"/api/admin/updates/{id}"))["report"]!;
        Assert.Equal((7, 15, 2), ((int)report["matched"]!, (int)report["sent"]!, (int?)report["weeks"] ?? 0));
        var csv = await Admin.GetStringAsync(new Uri($"/api/admin/updates/{id}/deliveries.csv", UriKind.Relative), Ct);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var week = lines[0].Split(',').ToList().IndexOf("week");
        Assert.True(week >= 0, lines[0]);
        Assert.Equal([("2026-03-09", 8), ("2026-03-16", 7)],
            lines.Skip(1).GroupBy(l => l.Split(',')[week]).Select(g => (g.Key, g.Count())).OrderBy(g => g.Key, StringComparer.Ordinal));
    }
    /// <summary>Lincoln's site champion, Lena, signed in with her own token.</summary>
    async Task<HttpClient> LincolnChampionAsync()
    {
        var lena = teams.App.Get<DirectoryStore>().FindByEmail("lena@example.org")!;
        var issued = await Admin.PostAsync(new Uri($"/api/admin/people/{lena.Id}/api-token", UriKind.Relative), null, Ct);
        var client = teams.App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", (string)(await issued.Content.ReadFromJsonAsync<JsonObject>(Ct))!["token"]!);
        return client;
    }

    [Fact]
    public async Task An_erased_tutors_answer_keeps_their_site_counted_on_the_site_champions_page_so_the_sites_add_up_to_the_run()
    {
        var runId = await LaunchedAndSentAsync();
        await AnswerAsync("maya", runId);
        await EraseAsync("maya");
        var lena = await LincolnChampionAsync();

        async Task<int> LincolnInvitedAsync() =>
            (int)(await lena.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/my-site/survey-runs/{runId}/results", UriKind.Relative), Ct))!["results"]!["invited"]!;

        // Maya, Ana, Eve and Dan at Lincoln; Sam, Kim, Ben and Cy at Grant: 8 invited, as the run page says.
        Assert.Equal(4, await LincolnInvitedAsync());
        Assert.Equal(8, (await RunPageAsync(runId)).Invited);
        await CloseAsync(runId);
        Assert.Equal(4, await LincolnInvitedAsync());
    }

    /// <summary>
    /// Maya answered as a Lincoln tutor, then moved to Grant. Her answer stays Lincoln's (it is in Lincoln's results and its
    /// at-risk list), but Lincoln's page counted only the people at Lincoln today as invited: 3 invited beside her answer,
    /// Grant 5 with one of them never among its answers, so a site where everyone answered read over 100%.
    /// </summary>
    [Fact]
    public async Task A_tutor_who_answered_then_moved_site_stays_counted_invited_where_their_answer_is_so_each_site_adds_up()
    {
        var runId = await LaunchedAndSentAsync();
        await AnswerAsync("maya", runId);
        await AnswerAsync("ana", runId);
        var moved = await Admin.PatchAsJsonAsync($"/api/admin/people/{tutors["maya"].Person.Id}", new JsonObject { ["site"] = "Grant" }, Ct);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var lena = await LincolnChampionAsync();

        async Task<int> LincolnInvitedAsync() =>
            (int)(await lena.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/my-site/survey-runs/{runId}/results", UriKind.Relative), Ct))!["results"]!["invited"]!;
        int GrantInvited() =>
            teams.App.Get<SiteResults>().For(teams.App.Get<SurveyStore>().FindRun(runId)!, Slice.Site("grant")).Invited;

        // Maya (answered here), Ana, Eve and Dan at Lincoln; Sam, Kim, Ben and Cy at Grant: 8 invited, as the run page says.
        Assert.Equal((4, 4), (await LincolnInvitedAsync(), GrantInvited()));
        Assert.Equal(8, (await RunPageAsync(runId)).Invited);
        await CloseAsync(runId);
        Assert.Equal((4, 4), (await LincolnInvitedAsync(), GrantInvited()));
    }
}
