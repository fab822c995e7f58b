using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Storage;
using HitBot.Core.Surveys;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// The retention pulse promises anonymity. Seven tutors answer: five from Lincoln (CityTutors), two from Grant (ReadCorps).
/// Nothing stored or exported may lead from an answer to a person in a group of fewer than five.
/// </summary>
public sealed class SurveyAnonymityTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly string[] Lincoln = ["l1", "l2", "l3", "l4", "l5"];
    static readonly string[] Grant = ["g1", "g2"];

    TwoChannelApp both = null!;
    TeamsTestApp teams => both.Teams;
    readonly Dictionary<string, (Person Person, TeamsActivities Chat)> tutors = [];

    public async ValueTask InitializeAsync()
    {
        both = await TwoChannelApp.StartAsync();
        var roster = Lincoln.Select(n => $"Tutor {n},{n}@example.org,tutor,Lincoln,CityTutors")
            .Concat(Grant.Select(n => $"Tutor {n},{n}@example.org,tutor,Grant,ReadCorps"));
        await teams.ImportRosterAsync(string.Join('\n', roster));
        var directory = teams.App.Get<PeopleDirectory>();
        foreach (var name in Lincoln.Concat(Grant))
        {
            var chat = teams.NewUser();
            tutors[name] = (directory.Link(both.TeamsAddress(chat.UserId), $"{name}@example.org")!, chat);
        }
    }

    public ValueTask DisposeAsync() => both.DisposeAsync();

    HttpClient Admin => teams.App.CreateAdminClient();

    Task<string> LaunchAnonymousAsync() => AnonymousPulse.LaunchAsync(teams, Ct);

    async Task AnswerAsync(string name, string runId)
    {
        var answers = new JsonObject
        {
            ["intent"] = "unsure", ["satisfaction"] = "3", ["support"] = "2", ["help-stay"] = $"secret-of-{name}-xyz",
        };
        var response = await teams.PostAsync(tutors[name].Chat.Execute(SurveyCards.AnswerVerb, new JsonObject { ["run"] = runId }, "card-1", answers));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    async Task<(string Csv, JsonObject Results)> ReadAsync(string runId) =>
        (await Admin.GetStringAsync(new Uri($"/api/admin/survey-runs/{runId}/responses.csv", UriKind.Relative), Ct),
         (await Admin.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/survey-runs/{runId}/results", UriKind.Relative), Ct))!);

    [Fact]
    public async Task An_anonymous_answer_keeps_only_the_program_day_it_was_given_not_the_instant_its_thank_you_went_out()
    {
        var runId = await LaunchAnonymousAsync();
        // Monday 2 March, 08:17 to 08:42 in Chicago (the program's zone); UTC's day is the same, its midnight the day before there.
        teams.App.Time.Advance(TimeSpan.FromMinutes(77));
        foreach (var name in Lincoln)
        {
            await AnswerAsync(name, runId);
            teams.App.Time.Advance(TimeSpan.FromMinutes(5));
        }
        await AnswerAsync("l1", runId);

        // The thank-you's delivery keeps the chat it went to and when: an answer stamped to the instant would match it.
        var responses = teams.App.Get<SurveyStore>().ResponsesTo(runId).ToList();
        Assert.Single(responses.Select(r => r.SubmittedAt).Concat(responses.Select(r => r.ChangedAt).OfType<DateTime>()).Distinct());
        var (csv, _) = await ReadAsync(runId);
        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[1..];
        Assert.Equal(5, rows.Length);
        Assert.All(rows, row => Assert.Equal("2026-03-02", row.Split(',')[1]));
    }

    [Fact]
    public async Task Under_five_answers_nothing_is_broken_down_and_the_CSV_has_no_rows()
    {
        var runId = await LaunchAnonymousAsync();
        foreach (var name in Lincoln.Take(4)) await AnswerAsync(name, runId);

        var (csv, results) = await ReadAsync(runId);

        Assert.Single(csv.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.All(results["questions"]!.AsArray(), q => Assert.True((bool)q!["hidden"]!));
        Assert.All(results["questions"]!.AsArray(), q => Assert.Empty(q!["options"]!.AsArray()));
        Assert.All(results["intentBySite"]!.AsArray(), g => Assert.True((bool)g!["hidden"]!));
    }

    [Fact]
    public async Task No_collection_and_no_export_leads_from_an_anonymous_answer_to_a_person_in_a_group_under_five()
    {
        var runId = await LaunchAnonymousAsync();
        foreach (var name in Lincoln.Concat(Grant)) await AnswerAsync(name, runId);
        await teams.DeliveredAsync();

        var (csv, results) = await ReadAsync(runId);

        // The file: wherever an answer is stored, nothing names its writer, and only Lincoln (five people) is kept as a group.
        var documents = teams.App.Get<HitBotDb>().AllDocuments().ToList();
        foreach (var name in Lincoln.Concat(Grant))
        {
            var (person, chat) = tutors[name];
            var clues = new[] { person.Id, person.Name, person.Email, chat.UserId, "Grant", "ReadCorps" };
            var holding = documents.Where(d => d.Json.Contains($"secret-of-{name}-xyz", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(holding);
            foreach (var (collection, json) in holding)
                foreach (var clue in clues)
                    Assert.False(json.Contains(clue, StringComparison.OrdinalIgnoreCase), $"{collection} holds '{clue}' next to {name}'s answer: {json}");
        }
        // The key that would turn a person into their respondent key is not in the file, and not in its folder.
        Assert.DoesNotContain(documents, d => d.Json.Contains("survey-respondent-key", StringComparison.Ordinal));
        Assert.True(File.Exists(teams.App.AnonymityKeyPath));
        Assert.False(teams.App.AnonymityKeyPath.StartsWith(teams.App.Folder + Path.DirectorySeparatorChar, StringComparison.Ordinal));

        // The CSV: seven rows with the free text, and no name, e-mail, site or partner.
        Assert.Equal(8, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("secret-of-g1-xyz", csv, StringComparison.Ordinal);
        foreach (var clue in tutors.Values.SelectMany(t => new[] { t.Person.Name, t.Person.Email }).Concat(["Lincoln", "Grant", "CityTutors", "ReadCorps"]))
            Assert.DoesNotContain(clue, csv, StringComparison.OrdinalIgnoreCase);

        // The results: the two from Grant only as a hidden "(other)", and Lincoln (five) hidden with them, since the overall
        // counts minus Lincoln's would be those two answers.
        var bySite = results["intentBySite"]!.AsArray().ToDictionary(g => (string)g!["group"]!, g => (bool)g!["hidden"]!);
        Assert.Equal(new Dictionary<string, bool> { ["(other)"] = true, ["lincoln"] = true }, bySite);
        Assert.DoesNotContain(results["intentByPartner"]!.AsArray(), g => string.Equals((string?)g!["group"], "readcorps", StringComparison.OrdinalIgnoreCase));
        Assert.All(results["questions"]!.AsArray(), q => Assert.False((bool)q!["hidden"]!));
        Assert.Equal(HttpStatusCode.BadRequest, (await Admin.GetAsync(new Uri($"/api/admin/survey-runs/{runId}/at-risk", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task A_named_survey_says_on_the_card_who_sees_the_answers()
    {
        var created = await Admin.PostAsJsonAsync("/api/admin/surveys", new JsonObject { ["template"] = "retention-pulse" }, Ct);
        var surveyId = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        await Admin.PostAsJsonAsync($"/api/admin/surveys/{surveyId}/runs", new JsonObject
        {
            ["audience"] = new JsonObject { ["people"] = new JsonArray(tutors["l1"].Person.Id) },
            ["closesAt"] = teams.App.Time.GetUtcNow().AddDays(7).ToString("O"), ["anonymous"] = false,
        }, Ct);

        var card = await teams.Connector.WaitForAsync(c => c.Body?.ToJsonString().Contains("Send my answers", StringComparison.Ordinal) == true, Ct);

        Assert.Contains("your site champion and the central team see your name", card.Body!.ToJsonString(), StringComparison.Ordinal);
    }
}
