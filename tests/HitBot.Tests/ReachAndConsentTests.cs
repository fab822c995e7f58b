using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Directory.Chat;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using HitBot.Core.Surveys;
using HitBot.Core.Updates;
using HitBot.Slack;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// Issue 15, over HTTP with the Teams and Slack stand-ins: stop and start, people who block the app, people who leave,
/// erasing a person, the reach report, and updates shown only to the people they were sent to.
/// </summary>
public sealed class ReachAndConsentTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    TwoChannelApp both = null!;
    TeamsTestApp teams => both.Teams;
    TeamsActivities maya = null!, sam = null!;
    Person mayaPerson = null!, samPerson = null!;

    public async ValueTask InitializeAsync()
    {
        both = await TwoChannelApp.StartAsync();
        await teams.ImportRosterAsync(
            "Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n" +
            "Sam Ortiz,sam@example.org,tutor,Roosevelt,CityTutors\n" +
            "Ana Ruiz,ana@example.org,tutor,Lincoln,ReadCorps\n" +
            "Lena Park,lena@example.org,central team,,");
        (maya, sam) = (teams.NewUser(), teams.NewUser());
        var directory = teams.App.Get<PeopleDirectory>();
        mayaPerson = directory.Link(both.TeamsAddress(maya.UserId), "maya@example.org")!;
        samPerson = directory.Link(both.TeamsAddress(sam.UserId), "sam@example.org")!;
        directory.Link(TwoChannelApp.SlackAddress("U1ANA"), "ana@example.org");
    }

    public ValueTask DisposeAsync() => both.DisposeAsync();

    HttpClient Admin => teams.App.CreateAdminClient();

    Person Find(string id) => teams.App.Get<DirectoryStore>().Find(id)!;

    async Task<JsonObject> SendUpdateAsync(string title, JsonObject audience)
    {
        var created = await Admin.PostAsJsonAsync("/api/admin/updates", new JsonObject { ["title"] = title, ["body"] = "Hello **tutors**", ["audience"] = audience }, Ct);
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var sent = await Admin.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        await teams.DeliveredAsync();
        var report = (await Admin.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/updates/{id}", UriKind.Relative), Ct))!["report"]!.AsObject();
        report["id"] = id;
        return report;
    }

    static JsonObject Tutors => new() { ["roles"] = new JsonArray("tutor") };

    [Fact]
    public async Task Stop_in_Teams_ends_updates_says_reminders_keep_coming_and_start_brings_them_back()
    {
        var stop = await teams.PostAsync(maya.Text("stop"));
        var answer = (await teams.PostedActivitiesAsync()).Last().ToJsonString();

        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.Contains("Type **start**", answer, StringComparison.Ordinal);
        Assert.Contains("action items you own still come", answer, StringComparison.Ordinal);
        Assert.Equal((true, "self"), (Find(mayaPerson.Id).OptedOut, Find(mayaPerson.Id).OptedOutBy));
        var report = await SendUpdateAsync("Week 1", Tutors);
        Assert.Equal(1, (int)report["optedOut"]!);
        Assert.DoesNotContain(teams.App.Get<OutboxStore>().ForCampaign("update:" + (string)report["id"]!), d => d.PersonId == mayaPerson.Id);

        await teams.PostAsync(maya.Text("start"));

        Assert.False(Find(mayaPerson.Id).OptedOut);
    }

    [Fact]
    public async Task A_question_button_naming_an_update_sent_to_another_site_stores_nothing_and_shows_nothing_of_it()
    {
        var report = await SendUpdateAsync("Lincoln only: library closed", new JsonObject { ["sites"] = new JsonArray("Lincoln") });

        // Sam (Roosevelt) never had the update; a forged "Ask a question" with its id and a typed question.
        var asked = await teams.PostAsync(sam.Execute(UpdateCards.AskQuestionVerb, new JsonObject { ["update"] = (string)report["id"]! }, "activity-ask",
            new JsonObject { ["text"] = "What happened at Lincoln?" }));

        var said = await asked.Content.ReadAsStringAsync(Ct) + string.Concat((await teams.PostedActivitiesAsync()).Select(a => a.ToJsonString()));
        Assert.Contains("no longer available", said, StringComparison.Ordinal);
        Assert.Empty(await Admin.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/feedback", UriKind.Relative), Ct) ?? []);
    }

    [Theory]
    [InlineData("Opt out", "opt in")]
    [InlineData("opt-out please", "Opt-in")]
    [InlineData("unsubscribe", "start")]
    public async Task Stop_said_in_other_words_opts_out_and_start_in_other_words_opts_back_in(string stop, string start)
    {
        await teams.PostAsync(maya.Text(stop));
        var answer = (await teams.PostedActivitiesAsync()).Last().ToJsonString();

        Assert.True(Find(mayaPerson.Id).OptedOut, $"'{stop}' did not stop: HitBot answered {answer}");
        Assert.Contains("Type **start**", answer, StringComparison.Ordinal);
        await teams.PostAsync(maya.Text(start));
        Assert.False(Find(mayaPerson.Id).OptedOut, $"'{start}' did not start again");
    }

    /// <summary>
    /// A tutor who asked the central team something and then says stop still gets the answer: the confirmation says so, or
    /// they would take "you won't get updates, surveys or thank-yous" to mean the answer is lost too.
    /// </summary>
    [Fact]
    public async Task Stop_says_replies_to_what_you_wrote_still_come_and_the_reply_does()
    {
        await teams.PostAsync(maya.Text("feedback Is the Friday session still on?"));
        var item = (await Admin.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/feedback", UriKind.Relative), Ct))![0]!;
        // Its thank-you sent first: queued together with stop's answer on a busy machine, either could reach Teams last.
        await teams.DeliveredAsync();

        await teams.PostAsync(maya.Text("Stop"));
        var stopped = (await teams.PostedActivitiesAsync()).Last().ToJsonString();
        await Admin.PostAsJsonAsync($"/api/admin/feedback/{(string)item["id"]!}/reply", new { text = "Yes, as usual." }, Ct);

        Assert.Contains("Replies to questions and feedback you send us still come", stopped, StringComparison.Ordinal);
        Assert.Contains("Yes, as usual.", (await teams.PostedActivitiesAsync()).Last().ToJsonString(), StringComparison.Ordinal);
    }

    /// <summary>"start" is what many people type first to a bot: someone who never said stop is not welcomed "back".</summary>
    [Fact]
    public async Task Start_from_someone_who_never_stopped_says_they_already_get_everything_not_welcome_back()
    {
        await teams.PostAsync(maya.Text("Start"));

        var answer = (await teams.PostedActivitiesAsync()).Last().ToJsonString();
        Assert.DoesNotContain("Welcome back", answer, StringComparison.Ordinal);
        Assert.Contains("already", answer, StringComparison.Ordinal);
        Assert.Contains("**help**", answer, StringComparison.Ordinal);
        Assert.False(Find(mayaPerson.Id).OptedOut);
    }

    [Fact]
    public async Task Start_from_someone_who_left_the_program_does_not_promise_updates_and_says_whom_to_ask()
    {
        var left = await Admin.PatchAsJsonAsync($"/api/admin/people/{mayaPerson.Id}", new JsonObject { ["active"] = false }, Ct);
        Assert.Equal(HttpStatusCode.OK, left.StatusCode);

        await teams.PostAsync(maya.Text("start"));

        var answer = (await teams.PostedActivitiesAsync()).Last().ToJsonString();
        Assert.DoesNotContain("Welcome back", answer, StringComparison.Ordinal);
        Assert.Contains("ask your program coordinator", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_who_left_the_program_asking_for_items_updates_or_surveys_is_told_they_left_not_shown_them()
    {
        var left = await Admin.PatchAsJsonAsync($"/api/admin/people/{mayaPerson.Id}", new JsonObject { ["active"] = false }, Ct);
        Assert.Equal(HttpStatusCode.OK, left.StatusCode);

        foreach (var command in new[] { "my items", "latest update", "updates", "surveys" })
        {
            await teams.PostAsync(maya.Text(command));
            var answer = (await teams.PostedActivitiesAsync()).Last().ToJsonString();
            Assert.True(answer.Contains("no longer on the program", StringComparison.Ordinal), $"'{command}' answered: {answer}");
        }
    }

    [Fact]
    public async Task Helpful_pressed_on_an_old_update_by_someone_who_left_the_program_is_not_counted_and_says_why()
    {
        var update = await SendUpdateAsync("Week 1", Tutors);
        var id = (string)update["id"]!;
        await Admin.PatchAsJsonAsync($"/api/admin/people/{mayaPerson.Id}", new JsonObject { ["active"] = false }, Ct);

        var response = await teams.PostAsync(maya.Execute(UpdateCards.ReactVerb, new JsonObject { ["update"] = id, ["reaction"] = UpdateCards.Helpful }, "card-1"));

        Assert.Contains("no longer on the program", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Null(teams.App.Get<UpdateStore>().ReactionOf(id, mayaPerson.Id));
        var report = (await Admin.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/updates/{id}", UriKind.Relative), Ct))!["report"]!;
        Assert.Equal(0, (int?)report["helpful"]);
    }

    [Fact]
    public async Task Slash_hitbot_stop_in_Slack_and_the_cards_stop_button_opt_people_out()
    {
        var command = await teams.Client.SendAsync(SlackRequests.Command("U1ANA", "stop", teams.App.Time.GetUtcNow()), Ct);
        var button = await teams.PostAsync(sam.Execute(ConsentRoutes.StopVerb, new JsonObject(), "card-1"));

        Assert.Contains("Type *start*", await command.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, button.StatusCode);
        var people = teams.App.Get<DirectoryStore>().All().Where(p => p.OptedOut).Select(p => p.Email).Order().ToList();
        Assert.Equal(["ana@example.org", "sam@example.org"], people);
    }

    [Fact]
    public async Task Someone_who_blocked_the_app_is_marked_skipped_and_counted_and_reachable_again_once_they_write()
    {
        teams.Connector.Block(maya.UserId);
        await SendUpdateAsync("Week 1", Tutors);
        Assert.Equal(ReachStates.Blocked, PersonReach.Of(Find(mayaPerson.Id)).State);

        var second = await SendUpdateAsync("Week 2", Tutors);
        Assert.Equal(1, (int)second["notInChatBy"]![ReachStates.Blocked]!);
        Assert.DoesNotContain(teams.App.Get<OutboxStore>().ForCampaign("update:" + (string)second["id"]!), d => d.PersonId == mayaPerson.Id);

        teams.Connector.Unblock(maya.UserId);
        await teams.PostAsync(maya.Text("help"));
        Assert.Equal(ReachStates.Teams, PersonReach.Of(Find(mayaPerson.Id)).State);
    }

    [Fact]
    public async Task A_tutor_who_blocked_HitBot_in_the_chat_they_wrote_from_is_reachable_again_once_they_write_from_it()
    {
        await teams.ImportRosterAsync("Rosa Diaz,rosa@example.org,tutor,Lincoln,CityTutors");
        var rosa = teams.NewUser();
        teams.Connector.AddMember(rosa.UserId, "rosa@example.org", "Rosa Diaz");
        await teams.PostAsync(rosa.Text("help"));
        var rosaId = teams.App.Get<DirectoryStore>().FindByEmail("rosa@example.org")!.Id;
        teams.Connector.Block(rosa.UserId);
        await SendUpdateAsync("Week 1", Tutors);
        Assert.Equal(ReachStates.Blocked, PersonReach.Of(Find(rosaId)).State);

        teams.Connector.Unblock(rosa.UserId);
        await teams.PostAsync(rosa.Text("help"));

        Assert.Equal(ReachStates.Teams, PersonReach.Of(Find(rosaId)).State);
        var next = await SendUpdateAsync("Week 2", Tutors);
        Assert.Contains(teams.App.Get<OutboxStore>().ForCampaign("update:" + (string)next["id"]!), d => d.PersonId == rosaId);
    }

    [Fact]
    public async Task A_tutor_whose_Teams_chat_with_HitBot_is_gone_gets_the_update_in_the_chat_Teams_opens_again_and_is_not_marked_blocked()
    {
        teams.Connector.ForgetChat(maya.UserId);

        var report = await SendUpdateAsync("Week 1", Tutors);

        Assert.Equal(ReachStates.Teams, PersonReach.Of(Find(mayaPerson.Id)).State);
        var delivery = Assert.Single(teams.App.Get<OutboxStore>().ForCampaign("update:" + (string)report["id"]!), d => d.PersonId == mayaPerson.Id);
        Assert.Equal(DeliveryState.Sent, delivery.State);
        Assert.Contains(teams.Connector.ConnectorCalls, c => c.Method == "POST" && c.Path.EndsWith("/v3/conversations", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_reach_report_gives_one_state_per_person()
    {
        teams.App.Get<PeopleDirectory>().SetOptOut(samPerson.Id, optedOut: true, by: "self");
        // The Slack roster linker looks Lena up by e-mail after the import: wait for its pass, on its own reports.
        var linker = teams.App.Get<HitBot.Slack.SlackRosterLinker>().Progress;
        await linker.WaitForAsync(() => Find(teams.App.Get<DirectoryStore>().FindByEmail("lena@example.org")!.Id).ReachNotes.Count > 0,
            TimeSpan.FromSeconds(60), Ct);

        var report = await Admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/reach", UriKind.Relative), Ct);

        var states = report!["people"]!.AsArray().ToDictionary(p => (string)p!["email"]!, p => (string)p!["state"]!);
        Assert.Equal(ReachStates.Teams, states["maya@example.org"]);
        Assert.Equal(ReachStates.OptedOut, states["sam@example.org"]);
        Assert.Equal(ReachStates.Slack, states["ana@example.org"]);
        // Lena is on no chat: the Slack roster linker looked her up by e-mail and found no one.
        Assert.Equal(ReachStates.NotInWorkspace, states["lena@example.org"]);
        Assert.NotNull(report["people"]!.AsArray().Single(p => (string)p!["email"]! == "lena@example.org")!["lastAttempt"]);
        Assert.Equal(1, (int)report["counts"]![ReachStates.NotInWorkspace]!);
    }

    [Fact]
    public async Task An_import_can_preview_and_then_deactivate_everyone_missing_from_the_new_file()
    {
        Func<StringContent> file = () => new StringContent("name,email,role,site,partner\nMaya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n" +
            "Ana Ruiz,ana@example.org,tutor,Lincoln,ReadCorps\nLena Park,lena@example.org,central team,,\n", System.Text.Encoding.UTF8, "text/csv");

        var preview = await (await Admin.PostAsync(new Uri("/api/admin/people/import?deactivateMissing=true&preview=true", UriKind.Relative), file(), Ct))
            .Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal("Sam Ortiz", (string)Assert.Single(preview!["deactivated"]!.AsArray())!["name"]!);
        Assert.False(Find(samPerson.Id).Inactive);

        var done = await Admin.PostAsync(new Uri("/api/admin/people/import?deactivateMissing=true", UriKind.Relative), file(), Ct);

        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.True(Find(samPerson.Id).Inactive);
        var report = await SendUpdateAsync("Week 1", Tutors);
        Assert.Equal(2, (int)report["matched"]!);
    }

    /// <summary>
    /// An update to two sites, no role named, does not reach the tutor who left the program there. An audience with a role
    /// leaves him out anyway (someone who left holds no role), so a send to places or to named people rests on this alone.
    /// </summary>
    [Fact]
    public async Task An_update_sent_to_sites_does_not_reach_a_tutor_there_who_left_the_program()
    {
        (await Admin.PatchAsJsonAsync($"/api/admin/people/{samPerson.Id}", new JsonObject { ["active"] = false }, Ct)).EnsureSuccessStatusCode();

        var report = await SendUpdateAsync("Both schools", new JsonObject { ["sites"] = new JsonArray("Lincoln", "Roosevelt") });

        Assert.Equal(2, (int)report["matched"]!);
        var rows = teams.App.Get<OutboxStore>().ForCampaign("update:" + (string)report["id"]!).ToList();
        Assert.Equal(2, rows.Count);
        Assert.DoesNotContain(rows, d => d.PersonId == samPerson.Id);
    }

    [Fact]
    public async Task A_person_is_edited_field_by_field_and_a_bad_field_changes_nothing()
    {
        var bad = await Admin.PatchAsJsonAsync($"/api/admin/people/{samPerson.Id}", new JsonObject { ["name"] = "Samuel Ortiz", ["roles"] = new JsonArray("astronaut") }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("Sam Ortiz", Find(samPerson.Id).Name);

        var good = await Admin.PatchAsJsonAsync($"/api/admin/people/{samPerson.Id}",
            new JsonObject { ["name"] = "Samuel Ortiz", ["roles"] = new JsonArray("Site Champion"), ["site"] = "Grant", ["active"] = false, ["optedOut"] = true }, Ct);

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        var view = await good.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal(("Samuel Ortiz", "Grant", false, true), ((string)view!["name"]!, (string)view["site"]!, (bool)view["active"]!, (bool)view["optedOut"]!));
        Assert.Equal("central team (admin token)", (string)view["optedOutBy"]!);
        Assert.Equal([Roles.SiteChampion], Find(samPerson.Id).Roles);
    }

    [Fact]
    public async Task Erasing_a_person_takes_them_out_of_a_newsletter_series_addressed_to_them_by_name()
    {
        var created = await Admin.PostAsJsonAsync("/api/admin/series", new JsonObject
        {
            ["name"] = "Lincoln mentors", ["rhythm"] = "weekly", ["day"] = "Monday", ["time"] = "08:00",
            ["audience"] = new JsonObject { ["people"] = new JsonArray(mayaPerson.Id, samPerson.Id) },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;

        var erased = await Admin.DeleteAsync(new Uri($"/api/admin/people/{mayaPerson.Id}", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Equal([samPerson.Id], teams.App.Get<SeriesStore>().Find(id)!.Audience.People);
        foreach (var (collection, json) in teams.App.Get<HitBotDb>().AllDocuments())
            Assert.False(json.Contains(mayaPerson.Id, StringComparison.Ordinal), $"{collection} still holds Maya's id: {json}");
    }

    [Fact]
    public async Task Erasing_a_coordinator_takes_their_name_off_the_opt_outs_they_made()
    {
        var lenaId = Find(teams.App.Get<DirectoryStore>().FindByEmail("lena@example.org")!.Id).Id;
        var issued = await Admin.PostAsync(new Uri($"/api/admin/people/{lenaId}/api-token", UriKind.Relative), null, Ct);
        using var asLena = teams.App.CreateClient();
        asLena.DefaultRequestHeaders.Authorization = new("Bearer", (string)(await issued.Content.ReadFromJsonAsync<JsonObject>(Ct))!["token"]!);
        (await asLena.PatchAsJsonAsync($"/api/admin/people/{samPerson.Id}", new JsonObject { ["optedOut"] = true }, Ct)).EnsureSuccessStatusCode();
        Assert.Equal("Lena Park", Find(samPerson.Id).OptedOutBy);

        var erased = await Admin.DeleteAsync(new Uri($"/api/admin/people/{lenaId}", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.True(Find(samPerson.Id).OptedOut);
        foreach (var (collection, json) in teams.App.Get<HitBotDb>().AllDocuments())
            Assert.False(json.Contains("Lena Park", StringComparison.Ordinal), $"{collection} still holds Lena's name: {json}");
    }

    [Fact]
    public async Task Erasing_a_coordinator_renamed_since_they_opted_someone_out_takes_their_old_name_off_it_and_leaves_a_namesakes_alone()
    {
        var lenaId = Find(teams.App.Get<DirectoryStore>().FindByEmail("lena@example.org")!.Id).Id;
        await teams.ImportRosterAsync("Lena Park,lena.park@example.org,central team,,");
        var namesakeId = teams.App.Get<DirectoryStore>().FindByEmail("lena.park@example.org")!.Id;
        async Task OptOutAsync(string coordinatorId, string personId)
        {
            var issued = await Admin.PostAsync(new Uri($"/api/admin/people/{coordinatorId}/api-token", UriKind.Relative), null, Ct);
            using var asCoordinator = teams.App.CreateClient();
            asCoordinator.DefaultRequestHeaders.Authorization = new("Bearer", (string)(await issued.Content.ReadFromJsonAsync<JsonObject>(Ct))!["token"]!);
            (await asCoordinator.PatchAsJsonAsync($"/api/admin/people/{personId}", new JsonObject { ["optedOut"] = true }, Ct)).EnsureSuccessStatusCode();
        }
        await OptOutAsync(lenaId, samPerson.Id);
        await OptOutAsync(namesakeId, mayaPerson.Id);
        // Married since: the People page now calls her Lena Park-Ortiz, but Sam's opt-out was written with the name she had then.
        (await Admin.PatchAsJsonAsync($"/api/admin/people/{lenaId}", new JsonObject { ["name"] = "Lena Park-Ortiz" }, Ct)).EnsureSuccessStatusCode();

        var erased = await Admin.DeleteAsync(new Uri($"/api/admin/people/{lenaId}", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Equal((true, DirectoryStore.OptedOutByWhoLeft), (Find(samPerson.Id).OptedOut, Find(samPerson.Id).OptedOutBy));
        Assert.Equal((true, "Lena Park"), (Find(mayaPerson.Id).OptedOut, Find(mayaPerson.Id).OptedOutBy));
        foreach (var (collection, json) in teams.App.Get<HitBotDb>().AllDocuments().Where(d => !d.Json.Contains(namesakeId, StringComparison.Ordinal)))
            Assert.False(json.Contains("Lena Park", StringComparison.Ordinal) || json.Contains(lenaId, StringComparison.Ordinal), $"{collection} still leads to the erased Lena: {json}");
    }

    [Fact]
    public async Task Erasing_a_person_leaves_nothing_in_any_collection_that_leads_to_them()
    {
        var update = await SendUpdateAsync("Week 1", Tutors);
        await teams.PostAsync(maya.Execute(UpdateCards.ReactVerb, new JsonObject { ["update"] = (string)update["id"]!, ["reaction"] = UpdateCards.Helpful }, "card-1"));
        await teams.PostAsync(maya.Text("feedback The Friday room is double-booked"));
        await Admin.PostAsync(new Uri($"/api/admin/people/{mayaPerson.Id}/api-token", UriKind.Relative), null, Ct);
        await teams.DeliveredAsync();

        var erased = await Admin.DeleteAsync(new Uri($"/api/admin/people/{mayaPerson.Id}", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var report = await erased.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.True(report!["chatAddresses"] is not null, report.ToJsonString());
        Assert.Equal((1, 1, 1), ((int)report!["chatAddresses"]!, (int)report["feedbackMadeAnonymous"]!, (int)report["reactions"]!));
        var clues = new[] { mayaPerson.Id, "Maya Lopez", "maya@example.org", maya.UserId };
        foreach (var (collection, json) in teams.App.Get<HitBotDb>().AllDocuments())
            foreach (var clue in clues)
                Assert.False(json.Contains(clue, StringComparison.OrdinalIgnoreCase), $"{collection} still holds '{clue}': {json}");
        Assert.Contains("The Friday room is double-booked", string.Join('\n', teams.App.Get<HitBotDb>().AllDocuments().Select(d => d.Json)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.DeleteAsync(new Uri($"/api/admin/people/{mayaPerson.Id}", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task Latest_update_shows_a_person_only_updates_that_were_sent_to_them()
    {
        await SendUpdateAsync("Lincoln only: library closed", new JsonObject { ["sites"] = new JsonArray("Lincoln") });

        await teams.PostAsync(sam.Text("latest update"));
        await teams.PostAsync(maya.Text("latest update"));

        var posted = (await teams.PostedActivitiesAsync()).Select(a => a.ToJsonString()).ToList();
        Assert.Contains(posted, p => p.Contains("No updates have been sent to you yet", StringComparison.Ordinal));
        // Maya's copy from the send, and again on "latest update"; Sam (Roosevelt) never sees it.
        Assert.Equal(2, posted.Count(p => p.Contains("Lincoln only: library closed", StringComparison.Ordinal)));
    }

    /// <summary>
    /// "Update" typed on a phone by a tutor asks for the update, not to post one: "update" is the staff's short form of
    /// "post update" (Slack's /hitbot update), and answered tutors "Only the central team and partner leads can post updates".
    /// </summary>
    [Fact]
    public async Task A_tutor_who_types_update_gets_the_latest_update_not_a_refusal_to_post_one()
    {
        await SendUpdateAsync("Week 5: new pacing guide", Tutors);

        await teams.PostAsync(maya.Text("Update"));

        var answer = (await teams.PostedActivitiesAsync()).Last().ToJsonString();
        Assert.DoesNotContain("can post updates", answer, StringComparison.Ordinal);
        Assert.Contains("Week 5: new pacing guide", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_stop_a_digest_of_held_updates_and_a_thank_you_still_waiting_for_room_are_not_sent()
    {
        foreach (var title in new[] { "Week 1", "Week 2", "Week 3" }) await SendUpdateAsync(title, new JsonObject { ["people"] = new JsonArray(mayaPerson.Id) });
        var created = await Admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "Week 4: held for the digest", ["body"] = "Hello", ["audience"] = new JsonObject { ["people"] = new JsonArray(mayaPerson.Id) },
        }, Ct);
        var held = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        await Admin.PostAsync(new Uri($"/api/admin/updates/{held}/send", UriKind.Relative), null, Ct);
        await Admin.PostAsJsonAsync("/api/admin/appreciation", new JsonObject
        {
            ["id"] = "term-thanks", ["message"] = "Thank you for a great term!", ["audience"] = new JsonObject { ["people"] = new JsonArray(mayaPerson.Id) },
        }, Ct);
        var outbox = teams.App.Get<OutboxStore>();
        var digest = Assert.Single(outbox.ForCampaign(UpdateDigests.Campaign), d => d.PersonId == mayaPerson.Id);
        var thanks = $"thanks:term-thanks:{mayaPerson.Id}";
        Assert.Equal(DeliveryState.Queued, outbox.Find(thanks)?.State);

        await teams.PostAsync(maya.Text("stop"));
        teams.App.Time.Advance(TimeSpan.FromDays(8));
        await teams.App.Get<DispatcherProgress>().WaitForAsync(
            () => outbox.Find(digest.Id)?.State is DeliveryState.Cancelled or DeliveryState.Sent
                && outbox.Find(thanks)?.State is DeliveryState.Cancelled or DeliveryState.Sent,
            TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(DeliveryState.Cancelled, outbox.Find(digest.Id)?.State);
        Assert.Equal(DeliveryState.Cancelled, outbox.Find(thanks)?.State);
        Assert.Contains("opted out", outbox.Find(thanks)?.LastError, StringComparison.Ordinal);
        var posted = (await teams.PostedActivitiesAsync()).Select(a => a.ToJsonString()).ToList();
        Assert.DoesNotContain(posted, p => p.Contains("Week 4", StringComparison.Ordinal) || p.Contains("great term", StringComparison.Ordinal));
    }
}
