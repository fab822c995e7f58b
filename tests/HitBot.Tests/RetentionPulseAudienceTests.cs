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
/// The retention pulse asks whether someone will keep tutoring, and its answers put people on the at-risk lists: launched
/// through the admin API to a site with no role named, it asked Lincoln's site champion and school leader too.
/// </summary>
public sealed class RetentionPulseAudienceTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    TeamsTestApp teams = null!;

    public async ValueTask InitializeAsync()
    {
        teams = await TeamsTestApp.StartAsync();
        await teams.ImportRosterAsync(
            "Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n" +
            "Ben Okafor,ben@example.org,site champion,Lincoln,\n" +
            "Pat Quinn,pat@example.org,school leader,Lincoln,\n" +
            "Kim Lee,kim@example.org,tutor,Grant,CityTutors");
        var directory = teams.App.Get<PeopleDirectory>();
        foreach (var name in new[] { "maya", "ben", "pat", "kim" })
        {
            var userId = teams.NewUser().UserId;
            directory.Link(new ChannelAddress
            {
                Channel = ChannelKind.Teams, UserId = userId, ConversationId = FakeBotConnector.ConversationFor(userId),
                ServiceUrl = teams.Connector.ServiceUrl, TenantId = TeamsActivities.TenantId, BotId = TeamsActivities.BotId,
            }, name + "@example.org");
        }
    }

    public ValueTask DisposeAsync() => teams.DisposeAsync();

    HttpClient Admin => teams.App.CreateAdminClient();

    [Fact]
    public async Task The_retention_pulse_launched_to_a_site_without_a_role_goes_to_its_tutors_and_the_answer_says_so()
    {
        var survey = await CreateAsync(new JsonObject { ["template"] = "retention-pulse" });

        var (run, audience) = await LaunchAsync(survey, new JsonObject { ["sites"] = new JsonArray("Lincoln") });

        Assert.Equal(["tutor"], audience["roles"]!.AsArray().Select(r => (string)r!));
        Assert.Equal(["Lincoln"], audience["sites"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(["maya"], await InvitedAsync(run));
    }

    [Fact]
    public async Task Roles_named_in_the_launch_are_kept_and_a_survey_of_other_questions_goes_to_everyone_at_the_site()
    {
        var pulse = await CreateAsync(new JsonObject { ["template"] = "retention-pulse" });
        var training = await CreateAsync(new JsonObject
        {
            ["title"] = "Training day", ["questions"] = new JsonArray(new JsonObject
            {
                ["id"] = "useful", ["text"] = "Was the training day useful?", ["type"] = "YesNoUnsure", ["required"] = true,
            }),
        });

        var (pulseRun, _) = await LaunchAsync(pulse, new JsonObject { ["roles"] = new JsonArray("tutor", "site-champion"), ["sites"] = new JsonArray("Lincoln") });
        var (trainingRun, audience) = await LaunchAsync(training, new JsonObject { ["sites"] = new JsonArray("Lincoln") });

        Assert.Equal(["ben", "maya"], await InvitedAsync(pulseRun));
        Assert.Empty(audience["roles"]!.AsArray());
        Assert.Equal(["ben", "maya", "pat"], await InvitedAsync(trainingRun));
    }

    async Task<string> CreateAsync(JsonObject survey)
    {
        var created = await Admin.PostAsJsonAsync("/api/admin/surveys", survey, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
    }

    async Task<(string Run, JsonObject Audience)> LaunchAsync(string surveyId, JsonObject audience)
    {
        var launched = await Admin.PostAsJsonAsync($"/api/admin/surveys/{surveyId}/runs", new JsonObject
        {
            ["audience"] = audience, ["closesAt"] = teams.App.Time.GetUtcNow().AddDays(7).ToString("O"),
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, launched.StatusCode);
        var run = (await launched.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        return ((string)run["id"]!, run["audience"]!.AsObject());
    }

    /// <summary>Whom the run invited, by their e-mail's name, once it is open (its invitations queued).</summary>
    async Task<List<string>> InvitedAsync(string runId)
    {
        var surveys = teams.App.Get<SurveyStore>();
        await teams.App.Get<SurveyRunnerProgress>().WaitForAsync(() => surveys.FindRun(runId)?.Status == RunStatus.Open, TimeSpan.FromSeconds(60), Ct);
        var directory = teams.App.Get<DirectoryStore>();
        return [.. teams.App.Get<OutboxStore>().ForCampaign(surveys.FindRun(runId)!.Campaign)
            .Select(d => directory.Find(d.PersonId!)!.Email.Split('@')[0]).Order(StringComparer.Ordinal)];
    }
}
