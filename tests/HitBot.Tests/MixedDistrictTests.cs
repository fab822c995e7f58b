using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// A district on Teams and Slack at once: schools in Teams, a partner organisation in Slack, and people linked in both.
/// Each test walks one part of a term through both stand-ins.
/// </summary>
public sealed class MixedDistrictTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    TwoChannelApp both = null!;
    TeamsTestApp teams => both.Teams;
    TeamsActivities maya = null!;
    Person mayaPerson = null!;

    public async ValueTask InitializeAsync()
    {
        both = await TwoChannelApp.StartAsync();
        await teams.ImportRosterAsync(
            "Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n" +
            "Ana Ruiz,ana@example.org,tutor,Lincoln,ReadCorps\n" +
            "Lena Park,lena@example.org,central team,,");
        maya = teams.NewUser();
        var directory = teams.App.Get<PeopleDirectory>();
        directory.Link(both.TeamsAddress(maya.UserId), "maya@example.org");
        mayaPerson = directory.Link(TwoChannelApp.SlackAddress("U1MAYA"), "maya@example.org")!;
        directory.Link(TwoChannelApp.SlackAddress("U1ANA"), "ana@example.org");
    }

    public ValueTask DisposeAsync() => both.DisposeAsync();

    HttpClient Admin => teams.App.CreateAdminClient();

    static JsonObject Tutors => new() { ["roles"] = new JsonArray("tutor") };

    async Task<string> SendUpdateAsync(string title)
    {
        var created = await Admin.PostAsJsonAsync("/api/admin/updates", new JsonObject { ["title"] = title, ["body"] = "Hello **tutors**", ["audience"] = Tutors }, Ct);
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var sent = await Admin.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        await teams.DeliveredAsync();
        return id;
    }

    [Fact]
    public async Task A_tutor_in_both_chats_who_blocked_HitBot_in_Teams_gets_the_update_in_Slack_once()
    {
        teams.Connector.Block(maya.UserId);

        var id = await SendUpdateAsync("Week 1");

        var delivery = Assert.Single(teams.App.Get<OutboxStore>().ForCampaign("update:" + id), d => d.PersonId == mayaPerson.Id);
        Assert.Equal(DeliveryState.Sent, delivery.State);
        Assert.Single(both.Slack.CallsTo("chat.postMessage"), c => (string?)c.Json["channel"] == "DU1MAYA");
        Assert.Equal(ReachStates.Slack, PersonReach.Of(teams.App.Get<DirectoryStore>().Find(mayaPerson.Id)!).State);
        // The People page says why her copies now go to Slack.
        var row = (await Admin.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/people/{mayaPerson.Id}", UriKind.Relative), Ct))!;
        Assert.Equal(("slack", "Teams refuses HitBot's messages, so they go to Slack."), ((string?)row["reach"], (string?)row["reachDetail"]));
    }

    async Task<JsonObject> ReportAsync(string id) =>
        (await Admin.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/updates/{id}", UriKind.Relative), Ct))!["report"]!.AsObject();

    [Fact]
    public async Task While_Slack_is_down_Teams_tutors_get_the_update_and_Slack_tutors_get_it_once_when_Slack_is_back()
    {
        both.Slack.ServerErrorNext("chat.postMessage");

        var id = await SendUpdateAsync("Week 1");

        Assert.Single(await teams.PostedActivitiesAsync());
        var ana = teams.App.Get<DirectoryStore>().FindByEmail("ana@example.org")!;
        var waiting = Assert.Single(teams.App.Get<OutboxStore>().ForCampaign("update:" + id), d => d.PersonId == ana.Id);
        Assert.Equal(DeliveryState.Failed, waiting.State);
        var report = await ReportAsync(id);
        Assert.Contains("503", report.ToJsonString(), StringComparison.Ordinal);

        teams.App.Time.Advance(TimeSpan.FromMinutes(10));
        await teams.WaitForAsync(waiting.Id, DeliveryState.Sent);

        Assert.Equal(2, both.Slack.CallsTo("chat.postMessage").Count(c => (string?)c.Json["channel"] == "DU1ANA"));
        Assert.Single(await teams.PostedActivitiesAsync());
        Assert.Equal(2, (int)(await ReportAsync(id))["sent"]!);
    }

    [Fact]
    public async Task While_the_Teams_connector_answers_500_Slack_tutors_get_the_update_and_Teams_tutors_get_it_once_when_Teams_is_back()
    {
        teams.Connector.FailNext(1, status: 500, retryAfter: null);

        var id = await SendUpdateAsync("Week 1");

        Assert.Single(both.Slack.CallsTo("chat.postMessage"), c => (string?)c.Json["channel"] == "DU1ANA");
        var waiting = Assert.Single(teams.App.Get<OutboxStore>().ForCampaign("update:" + id), d => d.PersonId == mayaPerson.Id);
        Assert.Equal((DeliveryState.Failed, ChannelKind.Teams), (waiting.State, waiting.Address.Channel));
        Assert.Contains("500", (await ReportAsync(id)).ToJsonString(), StringComparison.Ordinal);

        teams.App.Time.Advance(TimeSpan.FromMinutes(10));
        await teams.WaitForAsync(waiting.Id, DeliveryState.Sent);

        // Two posts reached the connector, the refused one and the one it took: Maya has the update once.
        Assert.Equal(2, (await teams.PostedActivitiesAsync()).Count);
        Assert.Equal(1, teams.Connector.ActivityCount);
        Assert.DoesNotContain(both.Slack.CallsTo("chat.postMessage"), c => (string?)c.Json["channel"] == "DU1MAYA");
        Assert.Equal(ReachStates.Teams, PersonReach.Of(teams.App.Get<DirectoryStore>().Find(mayaPerson.Id)!).State);
    }

    /// <summary>
    /// Ben reads HitBot in Teams; the partner's Slack workspace adds him later and the daily roster pass links him there.
    /// Everything still goes to his Teams chat, so a Slack welcome promising updates there would be wrong, and it would take
    /// one of his week's few non-urgent messages.
    /// </summary>
    [Fact]
    public async Task Someone_HitBot_already_reaches_in_Teams_gets_no_welcome_in_Slack_when_the_roster_pass_links_them_there()
    {
        var progress = teams.App.Get<HitBot.Slack.SlackRosterLinker>().Progress;
        await teams.ImportRosterAsync("Ben Ode,ben@example.org,tutor,Lincoln,CityTutors");
        var ben = teams.App.Get<DirectoryStore>().FindByEmail("ben@example.org")!;
        await progress.WaitForAsync(() => teams.App.Get<DirectoryStore>().Find(ben.Id)!.ReachNotes.Any(n => n.State == ReachStates.NotInWorkspace),
            TimeSpan.FromSeconds(60), Ct);
        var bensTeams = teams.NewUser();
        teams.App.Get<PeopleDirectory>().Link(both.TeamsAddress(bensTeams.UserId), "ben@example.org");
        both.Slack.AddUser("U2BEN", "ben@example.org");
        var passes = progress.Passes;

        teams.App.Time.Advance(TimeSpan.FromDays(1));
        await progress.WaitForAsync(() => progress.Passes > passes
                                           && teams.App.Get<DirectoryStore>().Find(ben.Id)!.IdentityOn(Core.Messaging.ChannelKind.Slack) is not null,
            TimeSpan.FromSeconds(60), Ct);

        Assert.DoesNotContain(teams.App.Get<OutboxStore>().ForCampaign("welcome"), d => d.PersonId == ben.Id);
        Assert.Equal(ReachStates.Teams, PersonReach.Of(teams.App.Get<DirectoryStore>().Find(ben.Id)!).State);
    }

    [Fact]
    public async Task Feedback_Maya_writes_in_Slack_is_answered_in_Slack_though_her_updates_go_to_Teams()
    {
        await teams.Client.SendAsync(SlackRequests.Event(
            SlackRequests.DirectMessage("EvMaya1", "U1MAYA", "feedback The Lincoln room is locked on Fridays"), teams.App.Time.GetUtcNow()), Ct);
        await both.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);
        var item = Assert.Single((await Admin.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/feedback", UriKind.Relative), Ct))!)!;

        var replied = await Admin.PostAsJsonAsync($"/api/admin/feedback/{(string)item["id"]!}/reply", new { text = "Facilities will unlock it by 3 pm." }, Ct);
        await both.Slack.WaitForAsync(calls => calls.Count(c => c.Method == "chat.postMessage") == 2, Ct);
        await teams.DeliveredAsync();

        Assert.Equal(HttpStatusCode.Accepted, replied.StatusCode);
        var reply = both.Slack.CallsTo("chat.postMessage")[1].Json;
        Assert.Equal("DU1MAYA", (string?)reply["channel"]);
        Assert.Contains("unlock it by 3 pm", reply.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(await teams.PostedActivitiesAsync());
    }

    [Fact]
    public async Task Stop_typed_in_Slack_ends_updates_in_Teams_too_and_start_in_Teams_brings_them_back()
    {
        await teams.Client.SendAsync(SlackRequests.Event(SlackRequests.DirectMessage("EvMaya2", "U1MAYA", "stop"), teams.App.Time.GetUtcNow()), Ct);
        await both.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);

        await SendUpdateAsync("Week 1");
        Assert.Empty(await teams.PostedActivitiesAsync());

        await teams.PostAsync(maya.Text("start"));
        await SendUpdateAsync("Week 2");
        var posted = await teams.PostedActivitiesAsync();
        Assert.Contains(posted, a => a.ToJsonString().Contains("Week 2", StringComparison.Ordinal));
        Assert.DoesNotContain(posted, a => a.ToJsonString().Contains("Week 1", StringComparison.Ordinal));
        Assert.DoesNotContain(both.Slack.CallsTo("chat.postMessage"), c => c.Body.Contains("Week", StringComparison.Ordinal) && (string?)c.Json["channel"] == "DU1MAYA");
    }

    /// <summary>The district changed Maya's e-mail: the new roster has the new one, and the old entry is deactivated.</summary>
    async Task ReimportWithMayasNewEmailAsync()
    {
        using var file = new StringContent("name,email,role,site,partner\n" +
            "Maya Lopez,maya.lopez@example.org,tutor,Lincoln,CityTutors\n" +
            "Ana Ruiz,ana@example.org,tutor,Lincoln,ReadCorps\n" +
            "Lena Park,lena@example.org,central team,,", System.Text.Encoding.UTF8, "text/csv");
        var imported = await Admin.PostAsync(new Uri("/api/admin/people/import?deactivateMissing=true", UriKind.Relative), file, Ct);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.True(teams.App.Get<DirectoryStore>().Find(mayaPerson.Id)!.Inactive);
    }

    [Fact]
    public async Task After_a_roster_changes_Mayas_email_her_Teams_chat_follows_her_new_entry_instead_of_saying_she_left()
    {
        teams.Connector.AddMember(maya.UserId, "maya.lopez@example.org", "Maya Lopez");
        await ReimportWithMayasNewEmailAsync();

        await teams.PostAsync(maya.Text("latest update"));

        var answer = Assert.Single(await teams.PostedActivitiesAsync()).ToJsonString();
        Assert.DoesNotContain("no longer on the program", answer, StringComparison.Ordinal);
        var store = teams.App.Get<DirectoryStore>();
        Assert.Equal(maya.UserId, store.FindByEmail("maya.lopez@example.org")!.IdentityOn(Core.Messaging.ChannelKind.Teams)?.UserId);
        Assert.Null(store.Find(mayaPerson.Id)!.IdentityOn(Core.Messaging.ChannelKind.Teams));
    }
}
