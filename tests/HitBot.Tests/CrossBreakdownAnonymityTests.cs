using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Surveys;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// An anonymous pulse where a site and a partner hold nearly the same tutors: Lincoln has six (five of CityTutors, and
/// Lena of ReadCorps), Grant five (all ReadCorps). Each breakdown alone has no group under five, but Lincoln's counts
/// minus CityTutors' are Lena's answer, and so are ReadCorps' minus Grant's. Nobody with the results in hand may read it.
/// </summary>
public sealed class CrossBreakdownAnonymityTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly string[] LincolnCityTutors = ["l1", "l2", "l3", "l4", "l5"];
    static readonly string[] GrantReadCorps = ["g1", "g2", "g3", "g4", "g5"];
    const string Lena = "lena";

    TwoChannelApp both = null!;
    TeamsTestApp teams => both.Teams;
    readonly Dictionary<string, TeamsActivities> chats = [];

    public async ValueTask InitializeAsync()
    {
        both = await TwoChannelApp.StartAsync();
        var roster = LincolnCityTutors.Select(n => $"Tutor {n},{n}@example.org,tutor,Lincoln,CityTutors")
            .Append($"Lena Ortiz,{Lena}@example.org,tutor,Lincoln,ReadCorps")
            .Concat(GrantReadCorps.Select(n => $"Tutor {n},{n}@example.org,tutor,Grant,ReadCorps"))
            .Append("Cara Champion,cara@example.org,site-champion,Lincoln,")
            .Append("Pat Lead,pat@example.org,partner-lead,,CityTutors");
        await teams.ImportRosterAsync(string.Join('\n', roster));
        var directory = teams.App.Get<PeopleDirectory>();
        foreach (var name in LincolnCityTutors.Append(Lena).Concat(GrantReadCorps))
        {
            var chat = teams.NewUser();
            directory.Link(both.TeamsAddress(chat.UserId), $"{name}@example.org");
            chats[name] = chat;
        }
    }

    public ValueTask DisposeAsync() => both.DisposeAsync();

    HttpClient Admin => teams.App.CreateAdminClient();

    Task<string> LaunchAnonymousAsync() => AnonymousPulse.LaunchAsync(teams, Ct);

    async Task AnswerAsync(string name, string runId, string intent)
    {
        var answers = new JsonObject { ["intent"] = intent, ["satisfaction"] = "4", ["support"] = "4" };
        var response = await teams.PostAsync(chats[name].Execute(SurveyCards.AnswerVerb, new JsonObject { ["run"] = runId }, "card-1", answers));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    static Dictionary<string, JsonObject> Groups(JsonObject results, string breakdown) =>
        results[breakdown]!.AsArray().ToDictionary(g => (string)g!["group"]!, g => g!.AsObject());

    /// <summary>A group's counts as the reader can have them: shown, or, when it alone of its breakdown is hidden, the overall minus the rest.</summary>
    static int? NotContinuing(Dictionary<string, JsonObject> breakdown, string group, int overall)
    {
        if (!(bool)breakdown[group]["hidden"]!) return (int)breakdown[group]["no"]!;
        var others = breakdown.Where(g => g.Key != group).ToList();
        return others.Any(g => (bool)g.Value["hidden"]!) ? null : overall - others.Sum(g => (int)g.Value["no"]!);
    }

    [Fact]
    public async Task A_site_and_a_partner_that_differ_by_one_tutor_do_not_both_show_so_neither_gives_that_tutors_answer_away()
    {
        var runId = await LaunchAnonymousAsync();
        foreach (var name in LincolnCityTutors.Concat(GrantReadCorps)) await AnswerAsync(name, runId, "yes");
        await AnswerAsync(Lena, runId, "no");

        var results = (await Admin.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/survey-runs/{runId}/results", UriKind.Relative), Ct))!;

        var intent = results["questions"]!.AsArray().Single(q => (string)q!["id"]! == RetentionPulse.IntentQuestion)!;
        var overallNo = (int)intent["options"]!.AsArray().Single(o => (string)o!["value"]! == "no")!["count"]!;
        Assert.Equal(1, overallNo);
        var (bySite, byPartner) = (Groups(results, "intentBySite"), Groups(results, "intentByPartner"));
        Assert.Equal(["grant", "lincoln"], bySite.Keys.Order());
        Assert.Equal(["citytutors", "readcorps"], byPartner.Keys.Order());
        // Lincoln minus CityTutors, and ReadCorps minus Grant: each pair is Lena alone.
        Assert.False(NotContinuing(bySite, "lincoln", overallNo) is not null && NotContinuing(byPartner, "citytutors", overallNo) is not null,
            $"Lincoln's and CityTutors' counts both show: Lincoln minus CityTutors is Lena's answer. {results.ToJsonString()}");
        Assert.False(NotContinuing(byPartner, "readcorps", overallNo) is not null && NotContinuing(bySite, "grant", overallNo) is not null,
            $"ReadCorps' and Grant's counts both show: ReadCorps minus Grant is Lena's answer. {results.ToJsonString()}");

        // Lincoln's champion and CityTutors' lead read their slice beside the central team's breakdown: hidden there as here.
        var hiddenSites = bySite.Where(g => (bool)g.Value["hidden"]!).Select(g => g.Key).ToHashSet();
        var cara = await teams.App.ClientOfAsync("cara@example.org");
        var mySite = (await cara.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/my-site/survey-runs/{runId}/results", UriKind.Relative), Ct))!;
        Assert.Equal(hiddenSites.Contains("lincoln"), (bool)mySite["results"]!["hidden"]!);
        var hiddenPartners = byPartner.Where(g => (bool)g.Value["hidden"]!).Select(g => g.Key).ToHashSet();
        var pat = await teams.App.ClientOfAsync("pat@example.org");
        var myCohort = (await pat.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/my-cohort/survey-runs/{runId}/results", UriKind.Relative), Ct))!;
        Assert.Equal(hiddenPartners.Contains("citytutors"), (bool)myCohort["results"]!["hidden"]!);
    }
}
