using System.Net;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging.Routing;
using HitBot.Core.Surveys;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// The dashboard's first page of a large district, as a coordinator opens it on a phone several times a day while a named
/// retention pulse is open: what it carries grows with the sites, not with how many tutors answered.
/// </summary>
public sealed class LargeDistrictOverviewTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    const int Tutors = 400;

    TeamsTestApp teams = null!;

    public async ValueTask InitializeAsync()
    {
        teams = await TeamsTestApp.StartAsync();
        await teams.ImportRosterAsync(string.Join("\n", Enumerable.Range(0, Tutors).Select(i => $"Tutor {i:D3},tutor{i}@example.org,tutor,Site {i % 20},")));
        var directory = teams.App.Get<PeopleDirectory>();
        foreach (var i in Enumerable.Range(0, Tutors))
            directory.Link(new Core.Messaging.ChannelAddress
            {
                Channel = Core.Messaging.ChannelKind.Teams, UserId = $"29:tutor-{i}", ConversationId = FakeBotConnector.ConversationFor($"29:tutor-{i}"),
                ServiceUrl = teams.Connector.ServiceUrl, TenantId = TeamsActivities.TenantId, BotId = TeamsActivities.BotId,
            }, $"tutor{i}@example.org");
    }

    public ValueTask DisposeAsync() => teams.DisposeAsync();

    /// <summary>Every tutor answers "No" to staying and writes why: each is at risk, with their answers.</summary>
    void EveryTutorAnswersAtRisk(string runId)
    {
        var run = teams.App.Get<SurveyStore>().FindRun(runId)!;
        var router = teams.App.Get<InteractionRouter>();
        var directory = teams.App.Get<DirectoryStore>();
        foreach (var i in Enumerable.Range(0, Tutors))
        {
            var person = directory.FindByEmail($"tutor{i}@example.org")!;
            var result = router.Handle(new Interaction
            {
                Verb = SurveyCards.AnswerVerb, From = person.Identities[0], Person = person, Data = new() { ["run"] = runId },
                Inputs = new() { ["intent"] = "no", ["satisfaction"] = "1", ["support"] = "1", ["help-stay"] = $"Tutor {i:D3} needs a closer site" },
            });
            Assert.Null(result.Notice);
        }
        Assert.Equal(Tutors, teams.App.Get<SurveyResults>().For(run).AtRisk.Count);
    }

    [Fact]
    public async Task The_overview_of_an_open_named_pulse_counts_the_tutors_at_risk_without_carrying_each_ones_name_and_answers()
    {
        var runId = await teams.LaunchRetentionPulseToTutorsAsync(anonymous: false);
        EveryTutorAnswersAtRisk(runId);

        var response = await teams.App.CreateAdminClient().GetAsync(new Uri("/api/admin/overview", UriKind.Relative), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The open run and the latest retention run are the same one: it carried 400 names and answers twice (1 MB for 3,000 tutors).
        Assert.DoesNotContain("needs a closer site", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Tutor 123", text, StringComparison.Ordinal);
        Assert.True(text.Length < 20_000, $"The overview is {text.Length:N0} characters for {Tutors} tutors at risk.");
        var overview = JsonNode.Parse(text)!;
        var open = overview["openSurveys"]!.AsArray().Single()!;
        Assert.Equal((Tutors, Tutors, Tutors), ((int)open["invited"]!, (int)open["responses"]!, (int)open["atRiskCount"]!));
        Assert.Equal(20, overview["retention"]!["intentBySite"]!.AsArray().Count);
        // The list itself stays on the run's own page.
        var atRisk = await teams.App.CreateAdminClient().GetStringAsync(new Uri($"/api/admin/survey-runs/{runId}/at-risk", UriKind.Relative), Ct);
        Assert.Contains("Tutor 123 needs a closer site", atRisk, StringComparison.Ordinal);
    }
}
