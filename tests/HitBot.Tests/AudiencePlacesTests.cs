using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;
using HitBot.Core.Updates;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// A site or partner typed wrong in an audience ("Grnat" for Grant) reached nobody there, silently: the rest of the
/// audience got the message, so nothing looked wrong. Every audience written through the admin API names only places on
/// the roster, or is refused with a 400 that names the typo and the roster's places, and nothing is saved or sent.
/// </summary>
public sealed class AudiencePlacesTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    TeamsTestApp teams = null!;

    public async ValueTask InitializeAsync()
    {
        teams = await TeamsTestApp.StartAsync();
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,State University\nKim Lee,kim@example.org,tutor,Grant,City Year");
    }

    public ValueTask DisposeAsync() => teams.DisposeAsync();

    HttpClient Admin => teams.App.CreateAdminClient();

    [Theory]
    [InlineData("thank-you", "sites", "Grnat", "'Grnat' is not a site on the roster (its sites: Grant, Lincoln)")]
    [InlineData("thank-you", "partners", "State Univ", "'State Univ' is not a partner on the roster (its partners: City Year, State University)")]
    [InlineData("survey run", "sites", "Grnat", "'Grnat' is not a site on the roster")]
    [InlineData("series", "sites", "Grnat", "'Grnat' is not a site on the roster")]
    public async Task An_audience_naming_a_place_the_roster_does_not_have_is_a_400_naming_it_and_nothing_is_saved_or_sent(
        string what, string field, string typo, string says)
    {
        var audience = new JsonObject { [field] = new JsonArray(field == "sites" ? "Lincoln" : "City Year", typo) };

        var response = what switch
        {
            "thank-you" => await Admin.PostAsJsonAsync("/api/admin/appreciation",
                new JsonObject { ["id"] = "spring-thanks", ["message"] = "Thank you for a great spring!", ["audience"] = audience }, Ct),
            "survey run" => await Admin.PostAsJsonAsync($"/api/admin/surveys/{await SurveyAsync()}/runs",
                new JsonObject { ["audience"] = audience, ["closesAt"] = teams.App.Time.GetUtcNow().AddDays(10).ToString("O") }, Ct),
            _ => await Admin.PostAsJsonAsync("/api/admin/series",
                new JsonObject { ["name"] = "Tutor newsletter", ["rhythm"] = "weekly", ["day"] = "Tuesday", ["time"] = "08:00", ["audience"] = audience }, Ct),
        };

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Contains(says, problem!["errors"]!["audience." + field]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(teams.App.Get<OutboxStore>().ForCampaign("thanks:spring-thanks"));
        Assert.Empty(Enum.GetValues<RunStatus>().SelectMany(teams.App.Get<SurveyStore>().RunsIn));
        Assert.Empty(teams.App.Get<SeriesStore>().All());
    }

    [Fact]
    public async Task An_audience_naming_only_places_on_the_roster_in_any_case_is_sent()
    {
        var response = await Admin.PostAsJsonAsync("/api/admin/appreciation", new JsonObject
        {
            ["id"] = "spring-thanks", ["message"] = "Thank you for a great spring!",
            ["audience"] = new JsonObject { ["sites"] = new JsonArray("lincoln", "GRANT") },
        }, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(2, (int?)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["matched"]);
    }

    async Task<string> SurveyAsync()
    {
        var created = await Admin.PostAsJsonAsync("/api/admin/surveys", new JsonObject { ["template"] = "retention-pulse" }, Ct);
        return (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
    }
}
