using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Updates;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>Issue 19: every 400 of the admin API has one shape, title, status 400 and errors { field: [message] }, and changes nothing.</summary>
public sealed class ValidationProblemShapeTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Bad_input_to_updates_the_phase_the_roster_and_the_inbox_answers_one_validation_shape_and_changes_nothing()
    {
        using var app = new HitBotApp();
        var admin = app.CreateAdminClient();

        var update = await admin.PostAsJsonAsync("/api/admin/updates",
            new JsonObject { ["title"] = "", ["body"] = "Hello", ["imageUrl"] = "http://example.org/a.png", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") } }, Ct);
        var phase = await admin.PutAsJsonAsync("/api/admin/program-phase", new JsonObject { ["phase"] = "harvest" }, Ct);
        using var csv = new StringContent("name,email,role\nMaya Lopez,maya@example.org,tutor\nSam Ortiz,sam-at-example,tutor\n", Encoding.UTF8, "text/csv");
        var roster = await admin.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), csv, Ct);
        var inbox = await admin.GetAsync(new Uri("/api/admin/feedback?status=lost", UriKind.Relative), Ct);

        var updateProblem = await ShapeAsync(update);
        Assert.Equal("The update was not saved: fix the fields listed in 'errors'.", (string?)updateProblem["title"]);
        Assert.Equal(["title: give the update a title."], Messages(updateProblem, "title"));
        Assert.Equal(["imageUrl: must be an https:// address."], Messages(updateProblem, "imageUrl"));

        var phaseProblem = await ShapeAsync(phase);
        var phaseMessage = "phase: installation, initial-implementation or scaling-and-sustainability. Nothing was changed.";
        Assert.Equal(phaseMessage, (string?)phaseProblem["title"]);
        Assert.Equal([phaseMessage], Messages(phaseProblem, "phase"));

        var rosterProblem = await ShapeAsync(roster);
        Assert.Equal(["line 3"], rosterProblem["errors"]!.AsObject().Select(e => e.Key));
        Assert.StartsWith("Line 3: ", Messages(rosterProblem, "line 3").Single(), StringComparison.Ordinal);

        Assert.Equal(["'lost' is not a feedback status; use open, new, replied or handled."], Messages(await ShapeAsync(inbox), "status"));

        Assert.Empty(app.Get<UpdateStore>().Page(0, 1000).Updates);
        Assert.Equal(0, app.Get<DirectoryStore>().Count());
        Assert.Null((await admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/program-phase", UriKind.Relative), Ct))!["phase"]);
    }

    static async Task<JsonObject> ShapeAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal(400, (int)problem["status"]!);
        Assert.Equal(JsonValueKind.Object, problem["errors"]!.GetValueKind());
        Assert.All(problem["errors"]!.AsObject(), field => Assert.NotEmpty(field.Value!.AsArray()));
        return problem;
    }

    static List<string?> Messages(JsonObject problem, string field) => [.. problem["errors"]![field]!.AsArray().Select(m => (string?)m)];
}
