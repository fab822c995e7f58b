using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>An id of one kind given where another belongs (a run's id for a survey's, and back) is a 404 naming the kind asked for.</summary>
public sealed class WrongKindIdTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_run_id_given_for_a_survey_and_a_survey_id_given_for_a_run_are_404s_that_say_which_was_not_found()
    {
        using var app = new HitBotApp();
        var admin = app.CreateAdminClient();
        using (var roster = new StringContent("name,email,role\nMaya Lopez,maya@example.org,tutor\n", Encoding.UTF8, "text/csv"))
            (await admin.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), roster, Ct)).EnsureSuccessStatusCode();
        var survey = await IdAsync(await admin.PostAsJsonAsync("/api/admin/surveys", new JsonObject { ["template"] = "retention-pulse" }, Ct));
        var run = await IdAsync(await admin.PostAsJsonAsync($"/api/admin/surveys/{survey}/runs",
            new JsonObject { ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") }, ["closesAt"] = "2026-03-20T17:00:00Z" }, Ct));

        var asSurvey = await admin.GetAsync(new Uri($"/api/admin/surveys/{run}", UriKind.Relative), Ct);
        var asRun = await admin.GetAsync(new Uri($"/api/admin/survey-runs/{survey}/results", UriKind.Relative), Ct);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (asSurvey.StatusCode, asRun.StatusCode));
        Assert.Equal($"There is no survey '{run}'.", await TitleAsync(asSurvey));
        Assert.Equal($"There is no survey run '{survey}'.", await TitleAsync(asRun));
    }

    static async Task<string> IdAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
    }

    static async Task<string?> TitleAsync(HttpResponseMessage response) => (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))?["title"];
}
