using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Storage;
using HitBot.Core.Surveys;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// A tutor named a student in a survey's free-text answer: the central team removes the words from the run's answers to
/// that question, picked by the words themselves (answers have no id the central team sees), and HitBot keeps them
/// nowhere. Through the real host, a real LiteDB file, Teams and Slack.
/// </summary>
public sealed class SurveyWordRemovalTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    const string Removed = "(words removed by the central team on 2026-03-02)";

    TwoChannelApp both = null!;
    TeamsTestApp teams => both.Teams;
    TeamsActivities maya = null!, kim = null!;

    public async ValueTask InitializeAsync()
    {
        both = await TwoChannelApp.StartAsync();
        await teams.ImportRosterAsync(
            "Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n" +
            "Kim Lee,kim@example.org,tutor,Grant,ReadCorps\n" +
            "Lena Park,lena@example.org,central team,,\n" +
            "Cara Diaz,cara@example.org,site champion,Lincoln,\n" +
            "Pia Chen,pia@example.org,partner lead,,CityTutors");
        (maya, kim) = (teams.NewUser(), teams.NewUser());
        var directory = teams.App.Get<PeopleDirectory>();
        directory.Link(both.TeamsAddress(maya.UserId), "maya@example.org");
        directory.Link(both.TeamsAddress(kim.UserId), "kim@example.org");
    }

    public ValueTask DisposeAsync() => both.DisposeAsync();

    HttpClient Admin => teams.App.CreateAdminClient();

    string IdOf(string email) => teams.App.Get<DirectoryStore>().FindByEmail(email)!.Id;

    Task<HttpClient> AsAsync(string email) => teams.App.ClientOfAsync(email);

    async Task<string> LaunchAsync(bool anonymous)
    {
        var created = await Admin.PostAsJsonAsync("/api/admin/surveys", new JsonObject { ["template"] = "retention-pulse" }, Ct);
        var surveyId = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var launched = await Admin.PostAsJsonAsync($"/api/admin/surveys/{surveyId}/runs", new JsonObject
        {
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
            ["closesAt"] = teams.App.Time.GetUtcNow().AddDays(7).ToString("O"),
            ["anonymous"] = anonymous,
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, launched.StatusCode);
        var runId = (string)(await launched.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        await teams.App.Get<SurveyRunnerProgress>().WaitForAsync(() => teams.App.Get<SurveyStore>().FindRun(runId)?.Status == RunStatus.Open, Guard, Ct);
        return runId;
    }

    async Task AnswerAsync(TeamsActivities who, string runId, string helpStay)
    {
        var answers = new JsonObject
        {
            ["intent"] = "unsure", ["satisfaction"] = "3", ["support"] = "3", ["interests"] = "coaching", ["help-stay"] = helpStay,
        };
        var response = await teams.PostAsync(who.Execute(SurveyCards.AnswerVerb, new JsonObject { ["run"] = runId }, "card-1", answers));
        response.EnsureSuccessStatusCode();
    }

    static Task<HttpResponseMessage> RemoveAsync(HttpClient client, string runId, string questionId, string words, string? note = null) =>
        client.PostAsJsonAsync($"/api/admin/survey-runs/{runId}/redact", new JsonObject { ["questionId"] = questionId, ["words"] = words, ["note"] = note }, Ct);

    /// <summary>Every stored document that still holds <paramref name="words"/>, in any case, anywhere in the database.</summary>
    List<string> Holding(string words) => [.. teams.App.Get<HitBotDb>().AllDocuments()
        .Where(d => d.Json.Contains(words, StringComparison.OrdinalIgnoreCase)).Select(d => $"{d.Collection}: {d.Json}")];

    string AnswerOf(string runId, string email) =>
        teams.App.Get<SurveyStore>().ResponsesTo(runId).Single(r => r.PersonId == IdOf(email)).Answers["help-stay"];

    [Fact]
    public async Task The_answers_naming_the_student_lose_their_words_everywhere_and_the_others_stay_as_written()
    {
        var runId = await LaunchAsync(anonymous: false);
        await AnswerAsync(maya, runId, "Jayden in 3rd period keeps leaving early");
        await AnswerAsync(kim, runId, "Fewer Friday sessions");
        // Maya's thank-you card is in her chat before the words go: one still queued then is sent without them, and there
        // is nothing in her chat to change (on a busy machine it had not gone yet, and no edit was made).
        await teams.DeliveredAsync();
        Assert.NotEmpty(Holding("Jayden"));

        using var asLena = await AsAsync("lena@example.org");
        var response = await RemoveAsync(asLena, runId, "help-stay", "jayden", "Named a student");
        var again = await RemoveAsync(Admin, runId, "help-stay", "Jayden");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal(1, (int)answer["removed"]!);
        Assert.Equal(("help-stay", "Lena Park", "Named a student"),
            ((string)answer["wordsRemoved"]![0]!["questionId"]!, (string)answer["wordsRemoved"]![0]!["by"]!, (string)answer["wordsRemoved"]![0]!["note"]!));
        Assert.Equal(0, (int)(await again.Content.ReadFromJsonAsync<JsonObject>(Ct))!["removed"]!);
        Assert.Equal(Removed, AnswerOf(runId, "maya@example.org"));
        Assert.Equal("Fewer Friday sessions", AnswerOf(runId, "kim@example.org"));
        var csv = await Admin.GetStringAsync(new Uri($"/api/admin/survey-runs/{runId}/responses.csv", UriKind.Relative), Ct);
        Assert.Contains(Removed, csv, StringComparison.Ordinal);
        Assert.Contains("Fewer Friday sessions", csv, StringComparison.Ordinal);
        Assert.Empty(Holding("Jayden"));
        // Maya's thank-you card in her chat listed the answer: it is changed there, her other answers and the button kept.
        var edit = Assert.Single(await teams.DeliveredAsync(), c => c.Method == "PUT" && c.Body!.ToJsonString().Contains("words removed", StringComparison.Ordinal));
        Assert.DoesNotContain("Jayden", edit.Body!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Not sure yet", edit.Body!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Change my answers", edit.Body!.ToJsonString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Two anonymous answers are under five: the central team never reads them (no spreadsheet rows), so how many held the
    /// words is not said, or anyone with the token could ask, word by word, what they say. The words still go.
    /// </summary>
    [Fact]
    public async Task In_a_small_anonymous_run_the_words_go_without_saying_how_many_answers_held_them()
    {
        var runId = await LaunchAsync(anonymous: true);
        await AnswerAsync(maya, runId, "Jayden in 3rd period keeps leaving early");
        await AnswerAsync(kim, runId, "Fewer Friday sessions");

        var response = await RemoveAsync(Admin, runId, "help-stay", "Jayden");
        // Kim's thank-you card still waiting to go holds her answer until it is sent: on a busy machine it had not gone yet.
        await teams.DeliveredAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null((await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["removed"]);
        Assert.Empty(Holding("Jayden"));
        Assert.Single(Holding("Fewer Friday sessions"));
    }

    [Fact]
    public async Task Only_the_central_team_removes_words_and_a_bad_request_names_the_field_and_changes_nothing()
    {
        var runId = await LaunchAsync(anonymous: false);
        await AnswerAsync(maya, runId, "Jayden in 3rd period keeps leaving early");
        using var cara = await AsAsync("cara@example.org");
        using var pia = await AsAsync("pia@example.org");

        var champion = await RemoveAsync(cara, runId, "help-stay", "Jayden");
        var lead = await RemoveAsync(pia, runId, "help-stay", "Jayden");
        var scale = await RemoveAsync(Admin, runId, "satisfaction", "Jayden");
        var tooShort = await RemoveAsync(Admin, runId, "help-stay", "Ja");
        var longNote = await RemoveAsync(Admin, runId, "help-stay", "Jayden", new string('x', 201));
        var unknown = await RemoveAsync(Admin, "no-such-run", "help-stay", "Jayden");

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.NotFound),
            (champion.StatusCode, lead.StatusCode, scale.StatusCode, tooShort.StatusCode, longNote.StatusCode, unknown.StatusCode));
        Assert.Contains("'satisfaction' is not a free-text question", await scale.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("at least 3 characters", await tooShort.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("at most 200 characters", await longNote.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal("Jayden in 3rd period keeps leaving early", AnswerOf(runId, "maya@example.org"));
        Assert.Null(teams.App.Get<SurveyStore>().FindRun(runId)!.WordsRemoved);
    }

    /// <summary>
    /// The run's record of removals is kept by the one write that makes them: the runner, which saves the whole run as it
    /// read it (a reminder, the close), does not drop it; and erasing the coordinator who removed them leaves "by nobody".
    /// </summary>
    [Fact]
    public async Task The_record_of_a_removal_outlives_a_save_of_the_run_read_before_it_and_the_erasure_of_its_coordinator()
    {
        var runId = await LaunchAsync(anonymous: false);
        await AnswerAsync(maya, runId, "Jayden in 3rd period keeps leaving early");
        var store = teams.App.Get<SurveyStore>();
        var readBefore = store.FindRun(runId)!;
        using (var asLena = await AsAsync("lena@example.org")) (await RemoveAsync(asLena, runId, "help-stay", "Jayden", "Named a student")).EnsureSuccessStatusCode();

        store.Save(readBefore with { MaxReminders = 3 });
        (await Admin.DeleteAsync(new Uri($"/api/admin/people/{IdOf("lena@example.org")}", UriKind.Relative), Ct)).EnsureSuccessStatusCode();

        var removal = Assert.Single(store.FindRun(runId)!.WordsRemoved!);
        Assert.Equal(("help-stay", "Named a student", (string?)null), (removal.QuestionId, removal.Note, removal.ByPersonId));
        Assert.Equal(3, store.FindRun(runId)!.MaxReminders);
    }
}
