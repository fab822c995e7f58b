using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// Where a closing retention pulse's lists go: Lincoln has a site champion (Ben), Grant has none; the central team (Lena)
/// hears about Grant's tutors and about everyone who wants a coaching role or more hours.
/// </summary>
public sealed class SurveyCloseTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    TeamsTestApp teams = null!;
    TeamsActivities maya = null!, kim = null!;
    readonly Dictionary<string, Person> people = [];

    public async ValueTask InitializeAsync()
    {
        teams = await TeamsTestApp.StartAsync();
        await teams.ImportRosterAsync(
            "Maya Lopez,maya@example.org,tutor,Lincoln,\n" +
            "Kim Lee,kim@example.org,tutor,Grant,\n" +
            "Ben Okafor,ben@example.org,site champion,Lincoln,\n" +
            "Lena Park,lena@example.org,central team,,");
        (maya, kim) = (teams.NewUser(), teams.NewUser());
        var directory = teams.App.Get<PeopleDirectory>();
        people["maya"] = directory.Link(Address(maya.UserId), "maya@example.org")!;
        people["kim"] = directory.Link(Address(kim.UserId), "kim@example.org")!;
        people["ben"] = directory.Link(Address(teams.NewUser().UserId), "ben@example.org")!;
        people["lena"] = directory.Link(Address(teams.NewUser().UserId), "lena@example.org")!;
    }

    public ValueTask DisposeAsync() => teams.DisposeAsync();

    ChannelAddress Address(string userId) => new()
    {
        Channel = ChannelKind.Teams, UserId = userId, ConversationId = FakeBotConnector.ConversationFor(userId),
        ServiceUrl = teams.Connector.ServiceUrl, TenantId = TeamsActivities.TenantId, BotId = TeamsActivities.BotId,
    };

    HttpClient Admin => teams.App.CreateAdminClient();

    Task<string> LaunchAsync(bool anonymous = false) => teams.LaunchRetentionPulseToTutorsAsync(anonymous);

    async Task AnswerAsync(TeamsActivities who, string runId, string intent, string interests)
    {
        var response = await teams.PostAsync(who.Execute(SurveyCards.AnswerVerb, new JsonObject { ["run"] = runId }, "card-1",
            new JsonObject { ["intent"] = intent, ["satisfaction"] = "4", ["support"] = "4", ["interests"] = interests }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    async Task CloseAsync(string runId)
    {
        teams.App.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromHours(1));
        var progress = teams.App.Get<SurveyRunnerProgress>();
        await progress.WaitForAsync(() => teams.App.Get<SurveyStore>().FindRun(runId)?.Status == RunStatus.Closed, Guard, Ct);
    }

    List<Delivery> Sent(string campaign) => teams.App.Get<OutboxStore>().ForCampaign(campaign);

    [Fact]
    public async Task A_site_without_a_champion_has_its_at_risk_list_sent_to_the_central_team_and_the_summary_says_so()
    {
        var runId = await LaunchAsync();
        await AnswerAsync(maya, runId, intent: "no", interests: "");
        await AnswerAsync(kim, runId, intent: "unsure", interests: "");

        await CloseAsync(runId);

        var atRisk = Sent($"survey:{runId}:at-risk");
        var toBen = Assert.Single(atRisk, d => d.PersonId == people["ben"].Id);
        Assert.Contains("Maya Lopez", toBen.MessageJson, StringComparison.Ordinal);
        Assert.DoesNotContain("Kim Lee", toBen.MessageJson, StringComparison.Ordinal);
        var toLena = Assert.Single(atRisk, d => d.PersonId == people["lena"].Id);
        Assert.Contains("Kim Lee", toLena.MessageJson, StringComparison.Ordinal);
        Assert.Contains("Grant has no site champion", toLena.MessageJson, StringComparison.Ordinal);
        var summary = Assert.Single(Sent($"survey:{runId}:summary")).MessageJson;
        Assert.Contains("the site champions of Lincoln got their lists", summary, StringComparison.Ordinal);
        Assert.Contains("Grant has no site champion in chat, so the central team got that list", summary, StringComparison.Ordinal);
    }

    /// <summary>
    /// The run closes on Friday night and Lincoln's list (Maya by name, "not continuing") waits for its champion's Monday
    /// 09:00. Over the weekend Ben moves to Grant, and Lincoln gets a new champion. Monday morning Ben still got Lincoln's
    /// tutors' names and answers: waiting work was checked only against leaving the program, not against the post it was for.
    /// </summary>
    [Fact]
    public async Task A_site_champion_who_moved_to_another_school_before_Monday_does_not_get_the_old_schools_at_risk_list()
    {
        var created = await Admin.PostAsJsonAsync("/api/admin/surveys", new JsonObject { ["template"] = "retention-pulse" }, Ct);
        var surveyId = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var launched = await Admin.PostAsJsonAsync($"/api/admin/surveys/{surveyId}/runs", new JsonObject
        {
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") }, ["closesAt"] = "2026-03-06T23:59",
        }, Ct);
        var runId = (string)(await launched.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var runs = teams.App.Get<SurveyRunnerProgress>();
        await runs.WaitForAsync(() => teams.App.Get<SurveyStore>().FindRun(runId)?.Status == RunStatus.Open, Guard, Ct);
        await AnswerAsync(maya, runId, intent: "no", interests: "");
        await teams.DeliveredAsync();

        teams.App.Time.Advance(TimeSpan.Parse("4.16:30:00", System.Globalization.CultureInfo.InvariantCulture)); // Saturday 06:30Z: Friday 23:59 in Chicago has passed
        await runs.WaitForAsync(() => teams.App.Get<SurveyStore>().FindRun(runId)?.Status == RunStatus.Closed, Guard, Ct);
        var waiting = Assert.Single(Sent($"survey:{runId}:at-risk"), d => d.PersonId == people["ben"].Id);
        Assert.Equal(DeliveryState.Queued, waiting.State);
        (await Admin.PatchAsJsonAsync($"/api/admin/people/{people["ben"].Id}", new JsonObject { ["site"] = "Grant" }, Ct)).EnsureSuccessStatusCode();

        teams.App.Time.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(9)); // Monday 15:30Z, 10:30 in Chicago
        var posted = await teams.PostedActivitiesAsync();

        var row = Assert.Single(Sent($"survey:{runId}:at-risk"), d => d.PersonId == people["ben"].Id);
        Assert.Equal(DeliveryState.Cancelled, row.State);
        Assert.Equal("Not sent: they are no longer the site champion of Lincoln, the post it was for", row.LastError);
        Assert.DoesNotContain(posted, a => a.ToJsonString().Contains("Maya Lopez", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tutors_who_want_a_coaching_role_or_more_hours_are_listed_for_the_central_team_at_close_and_can_be_reached_as_an_audience()
    {
        var runId = await LaunchAsync();
        await AnswerAsync(maya, runId, intent: "yes", interests: "coaching,other-subjects");
        await AnswerAsync(kim, runId, intent: "yes", interests: "other-subjects");

        await CloseAsync(runId);

        var talent = Assert.Single(Sent($"survey:{runId}:talent"));
        Assert.Equal(people["lena"].Id, talent.PersonId);
        Assert.Contains("Maya Lopez", talent.MessageJson, StringComparison.Ordinal);
        Assert.Contains("a coaching role", talent.MessageJson, StringComparison.Ordinal);
        Assert.DoesNotContain("Kim Lee", talent.MessageJson, StringComparison.Ordinal);
        var preview = await Admin.PostAsJsonAsync("/api/admin/updates/preview", new JsonObject
        {
            ["title"] = "Coaching pathway", ["body"] = "Interested?", ["audience"] = new JsonObject { ["interestedIn"] = new JsonArray("coaching") },
        }, Ct);
        Assert.Equal(1, (int)(await preview.Content.ReadFromJsonAsync<JsonObject>(Ct))!["reach"]!["recipients"]!);
        var bad = await Admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "Coaching pathway", ["body"] = "Interested?", ["audience"] = new JsonObject { ["interestedIn"] = new JsonArray("astronaut") },
        }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("interestedIn", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    /// <summary>
    /// Two pulses open at once (a mid-year check launched before the term's pulse closed, whose closing was then moved
    /// later): what a tutor would like more of is their latest answer, not that of whichever run closed last. The older
    /// run's close put back "coaching", which Maya had dropped, and the "interested in coaching" audience reached her again.
    /// </summary>
    [Fact]
    public async Task A_tutors_interests_are_their_latest_answer_though_an_older_run_closes_after_a_newer_one()
    {
        var older = await LaunchAsync();
        await AnswerAsync(maya, older, intent: "yes", interests: "coaching");
        var moved = await Admin.PatchAsJsonAsync($"/api/admin/survey-runs/{older}",
            new JsonObject { ["closesAt"] = teams.App.Time.GetUtcNow().AddDays(10).ToString("O") }, Ct);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        teams.App.Time.Advance(TimeSpan.FromDays(1));
        var newer = await LaunchAsync();
        await AnswerAsync(maya, newer, intent: "yes", interests: "more-hours");

        await CloseAsync(newer); // day 8: the newer run closes first
        Assert.Equal(RunStatus.Open, teams.App.Get<SurveyStore>().FindRun(older)?.Status);
        teams.App.Time.Advance(TimeSpan.FromDays(2));
        await teams.App.Get<SurveyRunnerProgress>().WaitForAsync(() => teams.App.Get<SurveyStore>().FindRun(older)?.Status == RunStatus.Closed, Guard, Ct);

        Assert.Equal([Interests.MoreHours], teams.App.Get<DirectoryStore>().Find(people["maya"].Id)!.Interests);
    }

    [Fact]
    public async Task An_anonymous_run_names_nobody_who_wants_more()
    {
        var runId = await LaunchAsync(anonymous: true);
        await AnswerAsync(maya, runId, intent: "yes", interests: "coaching");

        await CloseAsync(runId);

        Assert.Empty(Sent($"survey:{runId}:talent"));
        Assert.Empty(teams.App.Get<DirectoryStore>().Find(people["maya"].Id)!.Interests);
    }
}
