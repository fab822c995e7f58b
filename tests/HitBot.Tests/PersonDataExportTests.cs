using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;
using HitBot.Core.Updates;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// A tutor asks the district "what does HitBot hold about me?": the central team downloads one file with all of it,
/// nothing of a colleague's, and nothing she sent anonymously.
/// </summary>
public sealed class PersonDataExportTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    TwoChannelApp both = null!;
    TeamsTestApp teams => both.Teams;
    TeamsActivities maya = null!, sam = null!;
    Person mayaPerson = null!, samPerson = null!;
    string anonymousRunId = "";

    public async ValueTask InitializeAsync()
    {
        both = await TwoChannelApp.StartAsync();
        await teams.ImportRosterAsync(
            "Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n" +
            "Sam Ortiz,sam@example.org,tutor,Lincoln,CityTutors\n" +
            "Lena Park,lena@example.org,central team,,\n" +
            "Cara Diaz,cara@example.org,site champion,Lincoln,\n" +
            "Paul Reed,paul@example.org,partner lead,,CityTutors");
        (maya, sam) = (teams.NewUser(), teams.NewUser());
        var directory = teams.App.Get<PeopleDirectory>();
        mayaPerson = directory.Link(both.TeamsAddress(maya.UserId), "maya@example.org")!;
        samPerson = directory.Link(both.TeamsAddress(sam.UserId), "sam@example.org")!;
        directory.Link(TwoChannelApp.SlackAddress("U1MAYA"), "maya@example.org");
    }

    public ValueTask DisposeAsync() => both.DisposeAsync();

    HttpClient Admin => teams.App.CreateAdminClient();

    Task<HttpResponseMessage> ExportAsync(string id, HttpClient? client = null) =>
        (client ?? Admin).GetAsync(new Uri($"/api/admin/people/{id}/data", UriKind.Relative), Ct);

    /// <summary>Maya and Sam both write, get thanked, answer a named and an anonymous survey, react and own an item.</summary>
    async Task BothTakePartAsync()
    {
        await teams.PostAsync(maya.Text("feedback Can we get more workbooks?"));
        await teams.PostAsync(maya.Text("feedback anonymously The Friday room is double-booked"));
        await teams.PostAsync(sam.Text("feedback Sam needs a quieter room"));
        var inbox = await Admin.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/feedback?q=workbooks", UriKind.Relative), Ct);
        (await Admin.PostAsJsonAsync($"/api/admin/feedback/{(string)inbox![0]!["id"]!}/reply", new { text = "Workbooks ship Monday." }, Ct)).EnsureSuccessStatusCode();

        var thanks = new JsonObject
        {
            ["id"] = "friday-cover", ["message"] = "Thank you for covering Friday!", ["audience"] = new JsonObject { ["people"] = new JsonArray(mayaPerson.Id, samPerson.Id) },
        };
        (await Admin.PostAsJsonAsync("/api/admin/appreciation", thanks, Ct)).EnsureSuccessStatusCode();
        (await Admin.PatchAsJsonAsync("/api/admin/action-items/data-plan", new JsonObject { ["ownerEmail"] = "maya@example.org" }, Ct)).EnsureSuccessStatusCode();
        (await Admin.PatchAsJsonAsync("/api/admin/action-items/walkthroughs", new JsonObject { ["ownerEmail"] = "sam@example.org" }, Ct)).EnsureSuccessStatusCode();

        var surveys = teams.App.Get<SurveyStore>();
        var named = surveys.FindRun(await teams.LaunchRetentionPulseToTutorsAsync(anonymous: false))!;
        var anonymous = surveys.FindRun(await teams.LaunchRetentionPulseToTutorsAsync(anonymous: true))!;
        anonymousRunId = anonymous.Id;
        Answer(surveys, named, mayaPerson, "Maya wants more coaching");
        Answer(surveys, named, samPerson, "Sam wants fewer hours");
        Answer(surveys, anonymous, mayaPerson, "Maya says the pay is too low");
        // As the chat leaves them: her receipt of the anonymous answer is a private row, and the run's reminders go to those who had not answered.
        var outbox = teams.App.Get<OutboxStore>();
        var now = teams.App.Time.GetUtcNow();
        // Her receipt waits for her morning: until it goes, its row holds the words.
        outbox.TryEnqueue(Delivery.Send("receipt-maya", anonymous.Campaign, mayaPerson.Id, both.TeamsAddress(maya.UserId), Message.Text("You answered: Maya says the pay is too low"), now)
            with { Private = true, DueAt = now.AddDays(1).UtcDateTime });
        outbox.TryEnqueue(Delivery.Send("reminder-sam", anonymous.Campaign + ":reminders", samPerson.Id, both.TeamsAddress(sam.UserId), Message.Text("A reminder: the pulse closes soon"), now));

        var updates = teams.App.Get<UpdateStore>();
        var draft = await Admin.PostAsJsonAsync("/api/admin/updates", new JsonObject { ["title"] = "Week 12 news", ["body"] = "Hello", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") } }, Ct);
        var updateId = (string)(await draft.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        updates.React(updateId, mayaPerson.Id, Reaction.Helpful, now);
        updates.React(updateId, samPerson.Id, Reaction.NotHelpful, now);
        await teams.DeliveredAsync();
    }

    void Answer(SurveyStore surveys, SurveyRun run, Person person, string words)
    {
        var question = run.Questions.First(q => q.Type == QuestionType.FreeText);
        surveys.Save(new SurveyResponse
        {
            Id = SurveyStore.ResponseId(run.Id, surveys.RespondentKey(run, person.Id)), RunId = run.Id, PersonId = run.Anonymous ? null : person.Id,
            Answers = new() { [question.Id] = words }, SubmittedAt = teams.App.Time.GetUtcNow().UtcDateTime,
        }, person.Id);
    }

    [Fact]
    public async Task The_central_team_downloads_everything_HitBot_holds_about_a_tutor_and_nothing_about_her_colleague()
    {
        await BothTakePartAsync();

        var response = await ExportAsync(mayaPerson.Id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"attachment; filename=\"hitbot-data-{mayaPerson.Id}.json\"", response.Content.Headers.ContentDisposition?.ToString());
        var document = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        var text = document.ToJsonString();
        Assert.Equal("Maya Lopez", (string)document["person"]!["name"]!);
        Assert.Equal(2, document["chats"]!.AsArray().Count);
        Assert.Contains(maya.ConversationId, text, StringComparison.Ordinal);
        var feedback = Assert.Single(document["feedback"]!.AsArray())!;
        Assert.Equal("Can we get more workbooks?", (string)feedback["text"]!);
        Assert.Equal("central team", (string)feedback["replies"]![0]!["by"]!);
        Assert.Equal("Thank you for covering Friday!", (string)document["thankYous"]![0]!["message"]!);
        Assert.Contains(document["messagesToThem"]!.AsArray(), m => m!["words"]!.ToJsonString().Contains("Workbooks ship Monday.", StringComparison.Ordinal));
        Assert.Equal("Maya wants more coaching", (string)Assert.Single(document["surveyAnswers"]!.AsArray())!["answers"]![0]!["answer"]!);
        Assert.Equal("data-plan", (string)Assert.Single(document["actionItems"]!.AsArray())!["id"]!);
        Assert.Equal("Helpful", (string)Assert.Single(document["reactions"]!.AsArray())!["reaction"]!);
        foreach (var theirs in new[] { samPerson.Id, "Sam Ortiz", "sam@example.org", sam.UserId, "Sam needs a quieter room", "Sam wants fewer hours", "the pulse closes soon" })
            Assert.DoesNotContain(theirs, text, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// An item she handed on is in her file with her own lines only: the notes its new owner wrote there are his, not hers.
    /// </summary>
    [Fact]
    public async Task An_item_she_no_longer_owns_shows_her_own_notes_and_not_those_of_the_colleague_who_took_it_over()
    {
        var changes = teams.App.Get<HitBot.Core.ActionPlan.ActionItemChanges>();
        (await Admin.PatchAsJsonAsync("/api/admin/action-items/data-plan", new JsonObject { ["ownerEmail"] = "maya@example.org" }, Ct)).EnsureSuccessStatusCode();
        Assert.Equal(HitBot.Core.ActionPlan.ChangeOutcome.Changed, changes.AddNote("data-plan", "Asked the principal for a room", mayaPerson.Id).Outcome);
        (await Admin.PatchAsJsonAsync("/api/admin/action-items/data-plan", new JsonObject { ["ownerEmail"] = "sam@example.org" }, Ct)).EnsureSuccessStatusCode();
        Assert.Equal(HitBot.Core.ActionPlan.ChangeOutcome.Changed, changes.AddNote("data-plan", "Sam is behind on his own caseload", samPerson.Id).Outcome);

        var document = (await (await ExportAsync(mayaPerson.Id)).Content.ReadFromJsonAsync<JsonObject>(Ct))!;

        var item = Assert.Single(document["actionItems"]!.AsArray())!;
        Assert.False((bool)item["owner"]!);
        var line = Assert.Single(item["history"]!.AsArray())!;
        Assert.Equal(("Note: Asked the principal for a room", "them"), ((string)line["text"]!, (string)line["by"]!));
        Assert.DoesNotContain("caseload", document.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_a_tutor_sent_anonymously_is_not_in_her_data_and_the_file_says_why()
    {
        await BothTakePartAsync();

        var document = (await (await ExportAsync(mayaPerson.Id)).Content.ReadFromJsonAsync<JsonObject>(Ct))!;

        var text = document.ToJsonString();
        Assert.DoesNotContain("double-booked", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pay is too low", text, StringComparison.Ordinal);
        // Only the invitation everyone in the run's audience got: nothing says she answered it.
        Assert.Single(document["messagesToThem"]!.AsArray(), m => (string)m!["about"]! == "survey:" + anonymousRunId);
        // Nor that Sam had not: a reminder goes only to those who have not answered.
        Assert.DoesNotContain("the pulse closes soon", await (await ExportAsync(samPerson.Id)).Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains(document["notIncluded"]!.AsArray(), n => ((string)n!["what"]!).Contains("anonymous", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_site_champion_or_partner_lead_cannot_download_a_tutors_data_even_at_their_own_site()
    {
        var directory = teams.App.Get<DirectoryStore>();
        var refusals = new List<HttpStatusCode>();
        foreach (var email in new[] { "cara@example.org", "paul@example.org" })
        {
            var issued = await Admin.PostAsync(new Uri($"/api/admin/people/{directory.FindByEmail(email)!.Id}/api-token", UriKind.Relative), null, Ct);
            var token = (string)(await issued.Content.ReadFromJsonAsync<JsonObject>(Ct))!["token"]!;
            var client = teams.App.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            refusals.Add((await ExportAsync(mayaPerson.Id, client)).StatusCode);
        }

        var anonymous = await ExportAsync(mayaPerson.Id, teams.App.CreateClient());

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], refusals);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_staff_members_file_says_when_their_token_was_issued_but_never_the_token()
    {
        var cara = teams.App.Get<DirectoryStore>().FindByEmail("cara@example.org")!;
        var issued = await Admin.PostAsync(new Uri($"/api/admin/people/{cara.Id}/api-token", UriKind.Relative), null, Ct);
        var token = (string)(await issued.Content.ReadFromJsonAsync<JsonObject>(Ct))!["token"]!;

        var text = await (await ExportAsync(cara.Id)).Content.ReadAsStringAsync(Ct);

        Assert.NotNull(JsonNode.Parse(text)!["personalTokenIssuedAt"]);
        Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        Assert.DoesNotContain(PersonalTokens.Hash(token), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_or_erased_person_has_no_data_to_download()
    {
        await BothTakePartAsync();
        (await Admin.DeleteAsync(new Uri($"/api/admin/people/{mayaPerson.Id}", UriKind.Relative), Ct)).EnsureSuccessStatusCode();

        var erased = await ExportAsync(mayaPerson.Id);
        var unknown = await ExportAsync("nobody-42");

        Assert.Equal(HttpStatusCode.NotFound, erased.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("'nobody-42'", (string)(await unknown.Content.ReadFromJsonAsync<JsonObject>(Ct))!["title"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await ExportAsync(samPerson.Id)).StatusCode);
    }

    /// <summary>
    /// Everything her erasure would take off or delete is in her file: the updates, survey runs and series addressed to
    /// her by name, an answer HitBot sent to her chat before she was linked (a row with no person id), and the chat she was
    /// linked to before. Sam's are not.
    /// </summary>
    [Fact]
    public async Task Her_file_lists_what_was_addressed_to_her_by_name_and_what_went_to_her_chats_and_nothing_of_Sams()
    {
        var now = teams.App.Time.GetUtcNow();
        var directory = teams.App.Get<DirectoryStore>();
        directory.Change(mayaPerson.Id, p => p with { FormerChatKeys = ["slack:T0OLD:U0MAYAOLD"] });
        var updates = teams.App.Get<UpdateStore>();
        var surveys = teams.App.Get<SurveyStore>();
        var series = teams.App.Get<SeriesStore>();
        foreach (var (person, name) in new[] { (mayaPerson, "Maya"), (samPerson, "Sam") })
        {
            var audience = new Audience { People = [person.Id] };
            updates.Save(new Update { Id = "only-" + name, Title = $"Just for {name}", Audience = audience, CreatedAt = now.UtcDateTime });
            // Opening tomorrow: a scheduled run due now was the survey runner's to open (and invite them to) while the test read.
            surveys.Save(new SurveyRun
            {
                Id = "check-in-" + name, Title = $"Check-in with {name}", Audience = audience, CreatedAt = now.UtcDateTime,
                OpensAt = now.AddDays(1).UtcDateTime, ClosesAt = now.AddDays(8).UtcDateTime,
            });
            series.Save(new UpdateSeries { Id = "weekly-" + name, Name = $"{name}'s weekly note", Audience = audience, CreatedAt = now.UtcDateTime });
        }
        var outbox = teams.App.Get<OutboxStore>();
        outbox.TryEnqueue(Delivery.Send("before-linked-maya", "reply", null, TwoChannelApp.SlackAddress("U1MAYA"), Message.Text("Ask your coordinator to add you"), now));
        outbox.TryEnqueue(Delivery.Send("old-chat-maya", "reply", null,
            new ChannelAddress { Channel = ChannelKind.Slack, TeamId = "T0OLD", UserId = "U0MAYAOLD" }, Message.Text("Sent to her old chat"), now));
        outbox.TryEnqueue(Delivery.Send("before-linked-sam", "reply", null, both.TeamsAddress(sam.UserId), Message.Text("Sam wrote before he was linked"), now));

        var document = (await (await ExportAsync(mayaPerson.Id)).Content.ReadFromJsonAsync<JsonObject>(Ct))!;

        var audiences = document["audiencesNamingThem"]!.AsArray().Select(a => ((string)a!["kind"]!, (string)a["title"]!)).Order().ToList();
        Assert.Equal([("series", "Maya's weekly note"), ("survey", "Check-in with Maya"), ("update", "Just for Maya")], audiences);
        var words = document["messagesToThem"]!.ToJsonString();
        Assert.Contains("Ask your coordinator to add you", words, StringComparison.Ordinal);
        Assert.Contains("Sent to her old chat", words, StringComparison.Ordinal);
        Assert.Equal("slack:T0OLD:U0MAYAOLD", (string)Assert.Single(document["formerChats"]!.AsArray())!);
        Assert.DoesNotContain("Sam", document.ToJsonString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Lena of the central team stopped messages for Sam, removed a student's name from a survey's answers and last changed
    /// a series: her erasure takes her id off each, so her file says she did them, and when, but never whom or what words.
    /// </summary>
    [Fact]
    public async Task A_coordinators_file_lists_what_she_did_for_others_without_naming_them()
    {
        var now = teams.App.Time.GetUtcNow().UtcDateTime;
        var directory = teams.App.Get<DirectoryStore>();
        var lena = directory.FindByEmail("lena@example.org")!;
        directory.Change(samPerson.Id, p => p with { OptedOut = true, OptedOutAt = now, OptedOutBy = lena.Name, OptedOutById = lena.Id });
        teams.App.Get<SurveyStore>().Save(new SurveyRun
        {
            // Closed last week: a run saved due to open now was the survey runner's to open while the test read.
            Id = "pulse-lena", Title = "Spring pulse", CreatedAt = now.AddDays(-8), OpensAt = now.AddDays(-8), ClosesAt = now.AddDays(-1), Status = RunStatus.Closed,
            WordsRemoved = [new AnswerWordsRemoved { QuestionId = "help", At = now, ByPersonId = lena.Id, Note = "Sam's student named" }],
        });
        teams.App.Get<SeriesStore>().Save(new UpdateSeries { Id = "weekly-lena", Name = "Monday notes", CreatedAt = now, ChangedBy = lena.Id, ChangedAt = now });

        var document = (await (await ExportAsync(lena.Id)).Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        var mayas = (await (await ExportAsync(mayaPerson.Id)).Content.ReadFromJsonAsync<JsonObject>(Ct))!;

        var actions = document["staffActions"]!.AsArray().Select(a => (string)a!["what"]!).Order().ToList();
        Assert.Equal(3, actions.Count);
        Assert.Contains(actions, a => a.Contains("Monday notes", StringComparison.Ordinal));
        Assert.Contains(actions, a => a.Contains("Spring pulse", StringComparison.Ordinal));
        Assert.Contains(actions, a => a.StartsWith("Stopped or restarted", StringComparison.Ordinal));
        Assert.DoesNotContain("Sam", document.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(mayas["staffActions"]!.AsArray());
    }
}
