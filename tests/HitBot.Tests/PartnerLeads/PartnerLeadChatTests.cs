using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests.PartnerLeads;

/// <summary>
/// What a partner lead hears in chat when a named run closes, and what their tutors are told. CityTutors (lead Pia) has
/// Maya (Teams) and Sam (Slack) at Lincoln (champion Ben); ReadCorps has Kim at Grant and no lead; Lena is the central team.
/// </summary>
public sealed class PartnerLeadChatTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    TwoChannelApp both = null!;
    TeamsTestApp teams => both.Teams;
    readonly Dictionary<string, Person> people = [];
    readonly Dictionary<string, TeamsActivities> chats = [];

    public async ValueTask InitializeAsync()
    {
        both = await TwoChannelApp.StartAsync();
        await teams.ImportRosterAsync(
            "Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n" +
            "Sam Ortiz,sam@example.org,tutor,Lincoln,CityTutors\n" +
            "Kim Lee,kim@example.org,tutor,Grant,ReadCorps\n" +
            "Ben Okafor,ben@example.org,site champion,Lincoln,\n" +
            "Pia Chen,pia@example.org,partner lead,,CityTutors\n" +
            "Lena Park,lena@example.org,central team,,");
        var directory = teams.App.Get<PeopleDirectory>();
        foreach (var name in new[] { "maya", "kim", "ben", "pia", "lena" })
        {
            chats[name] = teams.NewUser();
            people[name] = directory.Link(both.TeamsAddress(chats[name].UserId), $"{name}@example.org")!;
        }
        people["sam"] = directory.Link(TwoChannelApp.SlackAddress("U1SAM"), "sam@example.org")!;
    }

    public ValueTask DisposeAsync() => both.DisposeAsync();

    HttpClient Admin => teams.App.CreateAdminClient();

    Task<string> LaunchAsync(bool anonymous) => teams.LaunchRetentionPulseToTutorsAsync(anonymous);

    async Task<JsonNode?> AnswerAsync(string name, string runId, string intent)
    {
        var response = await teams.PostAsync(chats[name].Execute(SurveyCards.AnswerVerb, new JsonObject { ["run"] = runId }, "card-1",
            new JsonObject { ["intent"] = intent, ["satisfaction"] = "4", ["support"] = "4", ["interests"] = "" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct));
    }

    async Task CloseAsync(string runId)
    {
        teams.App.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromHours(1));
        await teams.App.Get<SurveyRunnerProgress>().WaitForAsync(() => teams.App.Get<SurveyStore>().FindRun(runId)?.Status == RunStatus.Closed, Guard, Ct);
    }

    List<Delivery> Sent(string campaign) => teams.App.Get<OutboxStore>().ForCampaign(campaign);

    const string WithLead = "your site champion, your partner lead and the central team see your name";
    const string WithoutLead = "your site champion and the central team see your name";

    /// <summary>
    /// Kim's invitation said only her site champion and the central team would see her name: ReadCorps had no lead. A lead
    /// added before she answers does not change the card she answers on, so her name does not go to that lead at the close
    /// (the answer's ToldPartnerLead was worked out from the roster at the answer, not from what her card said).
    /// </summary>
    [Fact]
    public async Task A_partner_lead_added_after_a_tutors_card_came_does_not_get_the_name_that_card_did_not_promise_them()
    {
        var runId = await LaunchAsync(anonymous: false);
        var toKim = await teams.Connector.WaitForAsync(c => c.Path.Contains(FakeBotConnector.ConversationFor(chats["kim"].UserId), StringComparison.Ordinal)
            && c.Body?.ToJsonString().Contains("Send my answers", StringComparison.Ordinal) == true, Ct);
        Assert.Contains(WithoutLead, toKim.Body!.ToJsonString(), StringComparison.Ordinal);
        var rae = new Person { Id = "p-rae", Name = "Rae Moss", Email = "rae@example.org", Roles = [Roles.PartnerLead], Partner = people["kim"].Partner };
        teams.App.Get<DirectoryStore>().Save(rae);
        chats["rae"] = teams.NewUser();
        teams.App.Get<PeopleDirectory>().Link(both.TeamsAddress(chats["rae"].UserId), rae.Email);

        // Kim presses Send on the card she got, with the data it carries.
        var data = Descendants(toKim.Body!).OfType<JsonObject>()
            .First(o => (string?)o["type"] == "Action.Execute" && (string?)o["verb"] == SurveyCards.AnswerVerb)["data"]!["d"]!.AsObject();
        var response = await teams.PostAsync(chats["kim"].Execute(SurveyCards.AnswerVerb, (JsonObject)data.DeepClone(), "card-1",
            new JsonObject { ["intent"] = "no", ["satisfaction"] = "4", ["support"] = "4", ["interests"] = "" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("partner lead", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await CloseAsync(runId);

        Assert.DoesNotContain(Sent(runId + ":at-risk").Concat(Sent(teams.App.Get<SurveyStore>().FindRun(runId)!.Campaign + ":at-risk")),
            d => d.PersonId == rae.Id);
        Assert.False(teams.App.Get<SurveyStore>().ResponsesTo(runId).Single(r => r.PersonId == people["kim"].Id).ToldPartnerLead);
    }

    static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        var children = node switch { JsonObject o => o.Select(p => p.Value), JsonArray a => a.AsEnumerable(), _ => [] };
        foreach (var child in children.OfType<JsonNode>())
            foreach (var descendant in Descendants(child)) yield return descendant;
    }

    [Fact]
    public async Task A_named_runs_card_tells_a_tutor_whose_partner_has_a_lead_that_the_lead_sees_their_name_in_Teams_and_Slack()
    {
        var runId = await LaunchAsync(anonymous: false);

        var toMaya = await teams.Connector.WaitForAsync(c => c.Path.Contains(FakeBotConnector.ConversationFor(chats["maya"].UserId), StringComparison.Ordinal)
            && c.Body?.ToJsonString().Contains("Send my answers", StringComparison.Ordinal) == true, Ct);
        var toKim = await teams.Connector.WaitForAsync(c => c.Path.Contains(FakeBotConnector.ConversationFor(chats["kim"].UserId), StringComparison.Ordinal)
            && c.Body?.ToJsonString().Contains("Send my answers", StringComparison.Ordinal) == true, Ct);
        await both.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage" && c.Body.Contains("DU1SAM", StringComparison.Ordinal)), Ct);
        var toSam = both.Slack.CallsTo("chat.postMessage").First(c => c.Body.Contains("DU1SAM", StringComparison.Ordinal)).Body;
        var thanks = await AnswerAsync("maya", runId, "yes");

        Assert.Contains(WithLead, toMaya.Body!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(WithLead, toSam, StringComparison.Ordinal);
        Assert.Contains(WithoutLead, toKim.Body!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("partner lead", toKim.Body!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(SurveyCards.NamedNoticeWithPartnerLead, thanks!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_a_named_runs_close_the_partner_lead_gets_their_cohorts_list_and_the_summary_says_so()
    {
        var runId = await LaunchAsync(anonymous: false);
        await AnswerAsync("maya", runId, "no");
        await AnswerAsync("kim", runId, "unsure");

        await CloseAsync(runId);

        var atRisk = Sent($"survey:{runId}:at-risk");
        var toPia = Assert.Single(atRisk, d => d.PersonId == people["pia"].Id);
        Assert.Contains("Maya Lopez", toPia.MessageJson, StringComparison.Ordinal);
        Assert.Contains("these tutors of **CityTutors** may not stay", toPia.MessageJson, StringComparison.Ordinal);
        Assert.DoesNotContain("Kim Lee", toPia.MessageJson, StringComparison.Ordinal);
        Assert.Contains(people["maya"].Id, toPia.Names ?? []);
        Assert.Single(atRisk, d => d.PersonId == people["ben"].Id);
        var summary = Assert.Single(Sent($"survey:{runId}:summary")).MessageJson;
        Assert.Contains("the partner lead of CityTutors got their cohort", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("ReadCorps", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_early_check_in_sends_the_partner_lead_their_cohorts_tutors_who_feel_unsupported()
    {
        // Ada started on 26 January, so this week (from Monday 2 March) is her sixth: her check-in opens at 09:00 today.
        using var roster = new StringContent("name,email,role,site,partner,start date\nAda Kim,ada@example.org,tutor,Lincoln,CityTutors,1/26/2026\n",
            System.Text.Encoding.UTF8, "text/csv");
        (await Admin.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), roster, Ct)).EnsureSuccessStatusCode();
        chats["ada"] = teams.NewUser();
        people["ada"] = teams.App.Get<PeopleDirectory>().Link(both.TeamsAddress(chats["ada"].UserId), "ada@example.org")!;
        const string runId = "early-check-in-w6-20260302";
        teams.App.Time.Advance(TimeSpan.FromHours(2));
        await teams.App.Get<SurveyRunnerProgress>().WaitForAsync(() => teams.App.Get<SurveyStore>().FindRun(runId)?.Status == RunStatus.Open, Guard, Ct);
        var answered = await teams.PostAsync(chats["ada"].Execute(SurveyCards.AnswerVerb, new JsonObject { ["run"] = runId }, "card-1",
            new JsonObject { ["going"] = "3", ["support"] = "2", ["have-what-you-need"] = "yes" }));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);

        await CloseAsync(runId);

        var toPia = Assert.Single(Sent($"survey:{runId}:at-risk"), d => d.PersonId == people["pia"].Id);
        Assert.Contains("Ada Kim", toPia.MessageJson, StringComparison.Ordinal);
        Assert.Contains("rates support 2 of 5", toPia.MessageJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_anonymous_run_sends_the_partner_lead_no_list_and_its_card_names_no_lead()
    {
        var runId = await LaunchAsync(anonymous: true);
        await AnswerAsync("maya", runId, "no");

        await CloseAsync(runId);

        Assert.DoesNotContain(Sent($"survey:{runId}:at-risk"), d => d.PersonId == people["pia"].Id);
        var card = Assert.Single(Sent($"survey:{runId}"), d => d.PersonId == people["maya"].Id).MessageJson;
        Assert.DoesNotContain("partner lead", card, StringComparison.Ordinal);
    }
}
