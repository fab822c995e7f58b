using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Surveys;

namespace HitBot.Tests.Infrastructure;

/// <summary>An anonymous retention pulse sent to every tutor for a week, as the central team launches it, once it is open.</summary>
static class AnonymousPulse
{
    public static async Task<string> LaunchAsync(TeamsTestApp teams, CancellationToken ct)
    {
        var admin = teams.App.CreateAdminClient();
        var created = await admin.PostAsJsonAsync("/api/admin/surveys", new JsonObject { ["template"] = "retention-pulse" }, ct);
        var surveyId = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!;
        var launched = await admin.PostAsJsonAsync($"/api/admin/surveys/{surveyId}/runs", new JsonObject
        {
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
            ["closesAt"] = teams.App.Time.GetUtcNow().AddDays(7).ToString("O"), ["anonymous"] = true,
        }, ct);
        var runId = (string)(await launched.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!;
        await teams.App.Get<SurveyRunnerProgress>().WaitForAsync(
            () => teams.App.Get<SurveyStore>().FindRun(runId)?.Status == RunStatus.Open, TimeSpan.FromSeconds(60), ct);
        return runId;
    }
}
