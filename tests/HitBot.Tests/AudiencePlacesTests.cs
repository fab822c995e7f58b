using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;
using HitBot.Core.Updates;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// A site or partner typed wrong in an audience ("Grnat" for Grant), or a person named by something other than their id,
/// reached nobody there, silently: the rest of the audience got the message, so nothing looked wrong. Every audience written
/// through the admin API names only places and people on the roster, or is refused with a 400 that names the typo, and
/// nothing is saved or sent.
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

    [Theory]
    [InlineData("thank-you")]
    [InlineData("survey run")]
    public async Task An_audience_naming_a_person_by_e_mail_rather_than_id_is_a_400_naming_it_and_nothing_is_sent(string what)
    {
        // Kim by id, Maya by the e-mail a coordinator would have at hand: Maya was left out, and a thank-you to her alone said 202.
        var kim = teams.App.Get<HitBot.Core.Directory.DirectoryStore>().FindByEmail("kim@example.org")!.Id;
        var audience = new JsonObject { ["people"] = new JsonArray(kim, "maya@example.org") };

        var response = what == "thank-you"
            ? await Admin.PostAsJsonAsync("/api/admin/appreciation",
                new JsonObject { ["id"] = "spring-thanks", ["message"] = "Thank you for a great spring!", ["audience"] = audience }, Ct)
            : await Admin.PostAsJsonAsync($"/api/admin/surveys/{await SurveyAsync()}/runs",
                new JsonObject { ["audience"] = audience, ["closesAt"] = teams.App.Time.GetUtcNow().AddDays(10).ToString("O") }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal("audience.people: 'maya@example.org' is not a person on the roster: give each person's id (the id in GET /api/admin/people).",
            problem!["errors"]!["audience.people"]![0]!.GetValue<string>());
        Assert.Empty(teams.App.Get<OutboxStore>().ForCampaign("thanks:spring-thanks"));
        Assert.Empty(Enum.GetValues<RunStatus>().SelectMany(teams.App.Get<SurveyStore>().RunsIn));
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
