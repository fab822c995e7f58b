using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// "Conduct Regular Data Reflection Meetings" repeats every two weeks on Thursday. A retention pulse has closed first: six
/// tutors answered at Lincoln, two at Grant (too few to show). The clock starts on Monday 2 March 2026, 08:00 in Chicago.
/// </summary>
public sealed class RecurringItemTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

    TeamsTestApp teams = null!;
    readonly Dictionary<string, TeamsActivities> chats = [];

    public async ValueTask InitializeAsync()
    {
        teams = await TeamsTestApp.StartAsync();
        string[] lincoln = ["maya", "sam", "ana", "kim", "lee", "joy"];
        string[] grant = ["ivy", "max"];
        await teams.ImportRosterAsync(
            string.Concat(lincoln.Select(n => $"{n},{n}@example.org,tutor,Lincoln,\n")) +
            string.Concat(grant.Select(n => $"{n},{n}@example.org,tutor,Grant,\n")) +
            "Lena Park,lena@example.org,central team,,");
        var directory = teams.App.Get<PeopleDirectory>();
        foreach (var name in lincoln.Concat(grant).Append("lena"))
        {
            chats[name] = teams.NewUser();
            directory.Link(new ChannelAddress
            {
                Channel = ChannelKind.Teams, UserId = chats[name].UserId, ConversationId = FakeBotConnector.ConversationFor(chats[name].UserId),
                ServiceUrl = teams.Connector.ServiceUrl, TenantId = TeamsActivities.TenantId, BotId = TeamsActivities.BotId,
            }, $"{name}@example.org");
        }
        await CloseRetentionPulseAsync(answers: new()
        {
            ["maya"] = "yes", ["sam"] = "yes", ["ana"] = "yes", ["kim"] = "yes", ["lee"] = "unsure", ["joy"] = "yes", ["ivy"] = "no", ["max"] = "yes",
        });
    }

    public ValueTask DisposeAsync() => teams.DisposeAsync();

    HttpClient Admin => teams.App.CreateAdminClient();

    async Task CloseRetentionPulseAsync(Dictionary<string, string> answers)
    {
        var created = await Admin.PostAsJsonAsync("/api/admin/surveys", new JsonObject { ["template"] = "retention-pulse" }, Ct);
        var surveyId = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var launched = await Admin.PostAsJsonAsync($"/api/admin/surveys/{surveyId}/runs", new JsonObject
        {
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") }, ["closesAt"] = teams.App.Time.GetUtcNow().AddHours(4).ToString("O"),
        }, Ct);
        var runId = (string)(await launched.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var runs = teams.App.Get<SurveyStore>();
        var progress = teams.App.Get<SurveyRunnerProgress>();
        await progress.WaitForAsync(() => runs.FindRun(runId)?.Status == RunStatus.Open, Guard, Ct);
        foreach (var (name, intent) in answers)
            await teams.PostAsync(chats[name].Execute(SurveyCards.AnswerVerb, new JsonObject { ["run"] = runId }, "card-1",
                new JsonObject { ["intent"] = intent, ["satisfaction"] = "4", ["support"] = "4" }));
        teams.App.Time.Advance(TimeSpan.FromHours(5));
        await progress.WaitForAsync(() => runs.FindRun(runId)?.Status == RunStatus.Closed, Guard, Ct);
    }

    /// <summary>Three hours at a time: every working day is looked at in working hours, and five weeks pass quickly.</summary>
    Task AdvanceHoursAsync(int hours) => teams.App.AdvanceRemindersAsync(hours, Guard, Ct, stepHours: 3);

    List<Delivery> Reminders(string item) => [.. teams.App.Get<OutboxStore>().ForCampaign("reminder:" + item)];

    static string Local(Delivery d) =>
        TimeZoneInfo.ConvertTimeFromUtc(d.CreatedAt, Chicago).ToString("ddd d MMM", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_repeating_meeting_steps_through_its_occurrences_with_one_reminder_and_a_pre_read_each_and_a_missed_one_is_closed_not_overdue()
    {
        var patched = await Admin.PatchAsJsonAsync("/api/admin/action-items/reflection-meetings",
            new JsonObject { ["ownerEmail"] = "lena@example.org", ["dueDate"] = "2026-03-12" }, Ct);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var store = teams.App.Get<ActionPlanStore>();

        await AdvanceHoursAsync(3 * 24);                      // to Thursday 5 March
        var first = "reflection-meetings-20260312";
        Assert.Equal(HttpStatusCode.OK, (await Admin.PatchAsJsonAsync($"/api/admin/action-items/{first}", new JsonObject { ["status"] = "in-progress" }, Ct)).StatusCode);
        await AdvanceHoursAsync(8 * 24);                      // past the first meeting (Thursday 12 March)
        await Admin.PatchAsJsonAsync($"/api/admin/action-items/{first}", new JsonObject { ["status"] = "done" }, Ct);
        await AdvanceHoursAsync(27 * 24);                     // past the second (26 March, never marked) to the day of the third (9 April)

        string[] occurrences = [first, "reflection-meetings-20260326", "reflection-meetings-20260409"];
        Assert.Equal(occurrences, store.All().Where(i => i.SeriesId == "reflection-meetings").OrderBy(i => i.DueDate).Select(i => i.Id));
        Assert.Equal([ItemStatus.Done, ItemStatus.Missed, ItemStatus.NotStarted], occurrences.Select(id => store.Find(id)!.Status));
        Assert.Equal(["Wed 11 Mar", "Wed 25 Mar", "Wed 8 Apr"], occurrences.Select(id => Local(Assert.Single(Reminders(id)))));
        Assert.Empty(Reminders("reflection-meetings"));
        foreach (var reminder in occurrences.Select(id => Reminders(id)[0].MessageJson))
        {
            Assert.Contains("Pre-read: Tutor retention pulse", reminder, StringComparison.Ordinal);
            Assert.True(reminder.Contains("6 of 6 answered (100%); 83% plan to keep tutoring", StringComparison.Ordinal), reminder);
            Assert.Contains("fewer than 5 answers (2 invited), not shown", reminder, StringComparison.Ordinal);
        }
        var digest = await Admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/action-items/digest", UriKind.Relative), Ct);
        Assert.DoesNotContain("reflection-meetings", digest!["overdue"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_repeat_is_refused_field_by_field_and_the_item_is_unchanged()
    {
        var bad = await Admin.PatchAsJsonAsync("/api/admin/action-items/walkthroughs", new JsonObject { ["repeatEveryWeeks"] = 40, ["dueDate"] = "2026-03-20" }, Ct);
        var badDay = await Admin.PatchAsJsonAsync("/api/admin/action-items/walkthroughs", new JsonObject { ["repeatEveryWeeks"] = 1, ["repeatOn"] = "Funday" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("repeatEveryWeeks: 1 to 12", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badDay.StatusCode);
        Assert.Contains("repeatOn", await badDay.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var item = teams.App.Get<ActionPlanStore>().Find("walkthroughs")!;
        Assert.Equal((null, null), (item.Repeat, item.DueDate));
    }
}
