using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using HitBot.Core.Updates;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>Weekly updates through the admin API, delivered to Teams and Slack, with reactions from real card payloads.</summary>
public sealed class UpdateTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    /// <summary>The preview's key for the Teams rendering (the card format's file suffix).</summary>
    const string TeamsFormat = "teams";
    const string SlackFormat = "slack";

    TwoChannelApp both = null!;
    FakeSlackApi slack => both.Slack;
    TeamsTestApp teams => both.Teams;

    public async ValueTask InitializeAsync()
    {
        both = await TwoChannelApp.StartAsync();
    }

    public ValueTask DisposeAsync() => both.DisposeAsync();

    HttpClient Admin => teams.App.CreateAdminClient();

    static JsonObject Draft(string title = "Week 12: sessions resume Monday", JsonObject? audience = null) => new()
    {
        ["title"] = title,
        ["body"] = "Thank you for a great term!\n\n- **Monday:** sessions resume",
        ["links"] = new JsonArray(new JsonObject { ["title"] = "Schedule", ["url"] = "https://example.org/schedule" }),
        ["audience"] = audience ?? new JsonObject { ["roles"] = new JsonArray("tutor") },
    };

    async Task<string> CreateAsync(JsonObject draft)
    {
        var response = await Admin.PostAsJsonAsync("/api/admin/updates", draft, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))?["id"] ?? throw new InvalidOperationException("no id");
    }

    async Task<JsonObject> SendAsync(string id)
    {
        var response = await Admin.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonObject>(Ct) ?? throw new InvalidOperationException("no report");
    }

    async Task<JsonObject> ReportAsync(string id) =>
        (await Admin.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/updates/{id}", UriKind.Relative), Ct))?["report"]?.AsObject()
        ?? throw new InvalidOperationException("no report");

    ChannelAddress TeamsAddress(string userId) => both.TeamsAddress(userId);

    static ChannelAddress SlackAddress(string userId) => TwoChannelApp.SlackAddress(userId);

    [Fact]
    public async Task An_update_to_2000_people_across_Teams_and_Slack_is_queued_once_even_when_send_is_pressed_twice()
    {
        await teams.ImportRosterAsync(string.Join("\n", Enumerable.Range(0, 2010).Select(i => $"Tutor {i},tutor{i}@example.org,tutor,,")));
        var directory = teams.App.Get<PeopleDirectory>();
        var store = teams.App.Get<DirectoryStore>();
        // People are changed under the directory's lock, taken before any transaction (the background linkers take it too).
        store.Locked(() => teams.App.Get<HitBotDb>().InTransaction(() =>
        {
            for (var i = 0; i < 2010; i++)
            {
                var person = directory.Link(i % 2 == 0 ? TeamsAddress($"29:tutor-{i}") : SlackAddress($"U{i:D6}"), $"tutor{i}@example.org")!;
                if (i >= 2000) store.Save(person with { OptedOut = true });
            }
            return 0;
        }));
        var id = await CreateAsync(Draft());

        var reports = await Task.WhenAll(SendAsync(id), SendAsync(id));
        await SendAsync(id);

        var rows = teams.App.Get<OutboxStore>().ForCampaign("update:" + id);
        Assert.Equal(2000, rows.Count);
        Assert.Equal(2000, rows.Select(r => r.PersonId).Distinct().Count());
        Assert.Equal((1000, 1000), (rows.Count(r => r.Address.Channel == ChannelKind.Teams), rows.Count(r => r.Address.Channel == ChannelKind.Slack)));
        Assert.All(reports, r => Assert.Equal((2010, 10), ((int?)r["matched"], (int?)r["optedOut"])));
    }

    /// <summary>Maya (Teams) and Sam (Slack, U1SAM) are tutors; an update to tutors has been sent to both.</summary>
    async Task<(TeamsActivities Maya, string UpdateId)> SentToMayaOnTeamsAndSamOnSlackAsync()
    {
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,,\nSam Ortiz,sam@example.org,tutor,,");
        var maya = teams.NewUser();
        teams.App.Get<PeopleDirectory>().Link(TeamsAddress(maya.UserId), "maya@example.org");
        teams.App.Get<PeopleDirectory>().Link(SlackAddress("U1SAM"), "sam@example.org");
        var id = await CreateAsync(Draft());
        await SendAsync(id);
        return (maya, id);
    }

    [Fact]
    public async Task Reactions_from_Teams_and_Slack_cards_are_recorded_once_per_person_and_can_change()
    {
        var (maya, id) = await SentToMayaOnTeamsAndSamOnSlackAsync();

        // Teams: the Helpful button of the card Maya got, clicked (Action.Execute).
        var posted = Assert.Single(await teams.PostedActivitiesAsync());
        var helpful = ButtonsOf(posted).Single(a => (string?)a["title"] == "Helpful");
        var teamsAnswer = await teams.PostAsync(maya.Execute((string)helpful["verb"]!, helpful["data"]!["d"]!.DeepClone().AsObject(), "activity-1"));
        // Slack: the Not helpful button of the message Sam got, clicked (block_actions).
        await slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);
        var notHelpful = slack.CallsTo("chat.postMessage").Single().Json["blocks"]!.AsArray()
            .SelectMany(b => b?["elements"]?.AsArray() ?? []).Single(e => (string?)e?["text"]?["text"] == "Not helpful")!;
        var slackAnswer = await teams.Client.SendAsync(SlackRequests.Interaction(
            SlackRequests.ButtonClick("U1SAM", (string)notHelpful["action_id"]!, (string)notHelpful["value"]!), teams.App.Time.GetUtcNow()), Ct);
        await slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.update"), Ct);
        // Maya changes her mind.
        await teams.PostAsync(maya.Execute((string)helpful["verb"]!, new JsonObject { ["update"] = id, ["reaction"] = "not-helpful" }, "activity-1"));

        Assert.Equal(HttpStatusCode.OK, teamsAnswer.StatusCode);
        Assert.Contains("You found this helpful", await teamsAnswer.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, slackAnswer.StatusCode);
        Assert.Contains("not helpful", slack.CallsTo("chat.update").Single().Body, StringComparison.Ordinal);
        var report = await ReportAsync(id);
        Assert.Equal((0, 2), ((int?)report["helpful"], (int?)report["notHelpful"]));
    }

    /// <summary>
    /// Sam presses Helpful under the latest update on his Slack Home tab: the tab shows it recorded, and his DM does not get
    /// the whole update a second time.
    /// </summary>
    [Fact]
    public async Task Helpful_pressed_on_the_Slack_Home_tab_shows_there_and_sends_no_second_copy_of_the_update()
    {
        var (_, id) = await SentToMayaOnTeamsAndSamOnSlackAsync();
        await slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);
        await teams.Client.SendAsync(SlackRequests.Event(SlackRequests.HomeOpened("EvHomeSam", "U1SAM"), teams.App.Time.GetUtcNow()), Ct);
        await slack.WaitForAsync(calls => calls.Any(c => c.Method == "views.publish"), Ct);
        var helpful = slack.CallsTo("views.publish").Single().Json["view"]!["blocks"]!.AsArray()
            .SelectMany(b => b?["elements"]?.AsArray() ?? []).Single(e => e?["text"] is JsonObject t && (string?)t["text"] == "Helpful")!;

        var click = SlackRequests.ButtonClick("U1SAM", (string)helpful["action_id"]!, (string)helpful["value"]!, actionTs: "4.1");
        click["container"] = new JsonObject { ["type"] = "view", ["view_id"] = "VHOME" };
        click["view"] = new JsonObject { ["id"] = "VHOME", ["type"] = "home" };
        click.Remove("channel");
        click.Remove("message");
        var answer = await teams.Client.SendAsync(SlackRequests.Interaction(click, teams.App.Time.GetUtcNow()), Ct);
        await slack.WaitForAsync(calls => calls.Count(c => c.Method == "views.publish") == 2 || calls.Count(c => c.Method == "chat.postMessage") == 2, Ct);
        var dispatcher = teams.App.Get<DispatcherProgress>();
        await dispatcher.WaitForAsync(() => dispatcher.SettledAt is not null, TimeSpan.FromSeconds(60), Ct);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Single(slack.CallsTo("chat.postMessage"));
        Assert.Contains("You found this helpful", slack.CallsTo("views.publish")[1].Body, StringComparison.Ordinal);
        Assert.Equal(1, (int?)(await ReportAsync(id))["helpful"]);
    }

    [Fact]
    public async Task Questions_asked_from_Teams_and_Slack_update_cards_land_in_the_feedback_inbox_tied_to_the_update_unless_anonymous_among_so_few()
    {
        var (maya, id) = await SentToMayaOnTeamsAndSamOnSlackAsync();

        // Teams: "Ask a question" answers with the question form; its Send carries the question back (Action.Execute).
        var posted = Assert.Single(await teams.PostedActivitiesAsync());
        var ask = ButtonsOf(posted).Single(a => (string?)a["title"] == "Ask a question");
        await teams.PostAsync(maya.Execute((string)ask["verb"]!, ask["data"]!["d"]!.DeepClone().AsObject(), "activity-1"));
        var form = (await teams.PostedActivitiesAsync()).Single(a => a.ToJsonString().Contains("Your question", StringComparison.Ordinal));
        var send = ButtonsOf(form).Single(a => (string?)a["title"] == "Send");
        var inputs = new JsonObject { ["text"] = "Do sessions on the holiday Monday still count?" };
        var sent = await teams.PostAsync(maya.Execute((string)send["verb"]!, send["data"]!["d"]!.DeepClone().AsObject(), "activity-2", inputs));
        await teams.PostAsync(maya.Execute((string)send["verb"]!, send["data"]!["d"]!.DeepClone().AsObject(), "activity-2", inputs));

        // Slack: the same button opens the question as a modal at once; its submission comes back as view_submission.
        var modal = await SamOpensTheSlackQuestionAsync();
        Assert.Equal("feedback.send", (string?)modal["callback_id"]);
        var submitted = await teams.Client.SendAsync(SlackRequests.Interaction(SlackRequests.ViewSubmission("U1SAM", "feedback.send",
            (string)modal["private_metadata"]!, new() { ["text"] = "Who covers my Tuesday group?" }, new() { ["anonymous"] = ["yes"] }),
            teams.App.Time.GetUtcNow()), Ct);
        await slack.WaitForAsync(calls => calls.Count(c => c.Method == "chat.postMessage") == 2, Ct);

        Assert.Contains("with the central team", await sent.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Contains("anonymously", slack.CallsTo("chat.postMessage")[1].Body, StringComparison.Ordinal);
        // The update went to Maya and Sam alone: tied to it, Sam's anonymous question would name him (FeedbackCards.UpdateNotNamed).
        Assert.Contains("fewer than five people", slack.CallsTo("chat.postMessage")[1].Body, StringComparison.Ordinal);
        var questions = await Admin.GetFromJsonAsync<JsonArray>(new Uri($"/api/admin/feedback?update={id}", UriKind.Relative), Ct) ?? [];
        var mayas = Assert.Single(questions)!;
        Assert.Equal(("Week 12: sessions resume Monday", "Maya Lopez"), ((string?)mayas["updateTitle"], (string?)mayas["from"]?["name"]));
        var sams = (await Admin.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/feedback", UriKind.Relative), Ct) ?? []).Single(q => (bool)q!["anonymous"]!)!;
        Assert.Equal(("Who covers my Tuesday group?", null), ((string?)sams["text"], (string?)sams["updateId"]));
        Assert.Equal(1, (int?)(await ReportAsync(id))["questions"]);
    }

    /// <summary>Sam presses "Ask a question" under the update in Slack; the modal Slack was asked to open.</summary>
    async Task<JsonNode> SamOpensTheSlackQuestionAsync()
    {
        await slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);
        var slackAsk = slack.CallsTo("chat.postMessage").Single().Json["blocks"]!.AsArray()
            .SelectMany(b => b?["elements"]?.AsArray() ?? []).Single(e => (string?)e?["text"]?["text"] == "Ask a question")!;
        await teams.Client.SendAsync(SlackRequests.Interaction(
            SlackRequests.ButtonClick("U1SAM", (string)slackAsk["action_id"]!, (string)slackAsk["value"]!), teams.App.Time.GetUtcNow()), Ct);
        return Assert.Single(slack.CallsTo("views.open")).Json["view"]!;
    }

    [Fact]
    public async Task A_question_submitted_twice_from_the_Slack_modal_is_one_question()
    {
        var (_, id) = await SentToMayaOnTeamsAndSamOnSlackAsync();
        var modal = await SamOpensTheSlackQuestionAsync();

        // Slack told Sam it could not reach HitBot in time (the first submission was slow), so he pressed Submit again.
        for (var i = 0; i < 2; i++)
            await teams.Client.SendAsync(SlackRequests.Interaction(SlackRequests.ViewSubmission("U1SAM", "feedback.send",
                (string)modal["private_metadata"]!, new() { ["text"] = "Who covers my Tuesday group?" }), teams.App.Time.GetUtcNow()), Ct);

        var questions = await Admin.GetFromJsonAsync<JsonArray>(new Uri($"/api/admin/feedback?update={id}", UriKind.Relative), Ct) ?? [];
        Assert.Single(questions);
    }

    /// <summary>
    /// After HitBot:Storage:RetentionDays the daily pass deletes the record of who received an update: a tutor pressing
    /// "Helpful" on that old card was told it was not sent to them, which is untrue and reads as a mistake about them.
    /// </summary>
    [Fact]
    public async Task A_reaction_to_an_update_older_than_RetentionDays_says_so_rather_than_that_it_was_not_sent_to_them()
    {
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,,");
        var maya = teams.NewUser();
        var person = teams.App.Get<PeopleDirectory>().Link(TeamsAddress(maya.UserId), "maya@example.org")!;
        var id = await CreateAsync(Draft());
        await SendAsync(id);
        await teams.WaitForAsync($"update:{id}:{person.Id}", DeliveryState.Sent);
        teams.App.Time.Advance(TimeSpan.FromDays(401));
        teams.App.Get<OutboxStore>().PruneFinishedBefore(teams.App.Time.GetUtcNow().AddDays(-400));

        var response = await teams.PostAsync(maya.Execute(UpdateCards.ReactVerb, new JsonObject { ["update"] = id, ["reaction"] = "helpful" }, "activity-8"));
        var said = await response.Content.ReadAsStringAsync(Ct);

        Assert.DoesNotContain("was not sent to you", said, StringComparison.Ordinal);
        Assert.Contains("older than the 400 days", said, StringComparison.Ordinal);
        Assert.Equal(0, (int?)(await ReportAsync(id))["helpful"]);
    }

    [Fact]
    public async Task Someone_the_update_was_not_sent_to_cannot_react_to_it()
    {
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,,\nBen Okafor,ben@example.org,site champion,,");
        var ben = teams.NewUser();
        teams.App.Get<PeopleDirectory>().Link(TeamsAddress(ben.UserId), "ben@example.org");
        var id = await CreateAsync(Draft());
        await SendAsync(id);

        var response = await teams.PostAsync(ben.Execute(UpdateCards.ReactVerb, new JsonObject { ["update"] = id, ["reaction"] = "helpful" }, "activity-7"));

        Assert.Contains("was not sent to you", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(0, (int?)(await ReportAsync(id))["helpful"]);
    }

    [Theory]
    [InlineData("""{"title": "Week 12", "body": "Hello", "links": [null], "audience": {"roles": ["tutor"]}}""")]
    [InlineData("""{"title": "Week 12", "body": "Hello", "audience": {"roles": null}}""")]
    [InlineData("""{"title": "Week 12", "body": "Hello", "audience": {"roles": ["tutor", null]}}""")]
    public async Task A_draft_with_a_null_where_a_link_or_a_list_belongs_is_a_400_naming_it_not_a_500(string json)
    {
        using var body = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        var created = await Admin.PostAsync(new Uri("/api/admin/updates", UriKind.Relative), body, Ct);
        using var again = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var previewed = await Admin.PostAsync(new Uri("/api/admin/updates/preview", UriKind.Relative), again, Ct);

        // The live preview answers as it does for any field still to fix: the card, and the problem listed.
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.OK), (created.StatusCode, previewed.StatusCode));
        Assert.NotEmpty((await previewed.Content.ReadFromJsonAsync<JsonObject>(Ct))!["problems"]!.AsArray());
        Assert.Empty(await Admin.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/updates", UriKind.Relative), Ct) ?? []);
    }

    [Theory]
    [InlineData("/api/admin/appreciation", """{"message": "Thank you!", "audience": {"people": [null]}}""")]
    [InlineData("/api/admin/appreciation", """{"message": "Thank you!", "audience": {"roles": null, "sites": ["lincoln", null]}}""")]
    [InlineData("/api/admin/series", """{"name": "News", "rhythm": "weekly", "day": "Monday", "time": "08:00", "audience": {"roles": ["tutor", null]}}""")]
    public async Task A_thank_you_or_a_series_with_a_null_in_its_audience_is_a_400_not_a_500(string path, string json)
    {
        using var body = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        var response = await Admin.PostAsync(new Uri(path, UriKind.Relative), body, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("audience", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_with_bad_fields_is_refused_field_by_field_and_nothing_is_saved()
    {
        var draft = Draft(title: "");
        draft["imageUrl"] = "http://example.org/not-https.png";
        draft["audience"] = new JsonObject { ["roles"] = new JsonArray("wizard") };

        var response = await Admin.PostAsJsonAsync("/api/admin/updates", draft, Ct);
        var unknown = await Admin.PostAsync(new Uri("/api/admin/updates/nope/send", UriKind.Relative), null, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))?["errors"]?.AsObject().SelectMany(field => field.Value!.AsArray()).Select(e => (string?)e).ToList() ?? [];
        Assert.Contains(errors, e => e!.StartsWith("title:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e!.StartsWith("imageUrl:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e!.Contains("'wizard'", StringComparison.Ordinal));
        Assert.Empty(await Admin.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/updates", UriKind.Relative), Ct) ?? []);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_preview_shows_the_card_for_each_platform_before_anything_is_sent()
    {
        var id = await CreateAsync(Draft());

        var preview = await Admin.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/updates/{id}/preview", UriKind.Relative), Ct);

        Assert.Equal("AdaptiveCard", (string?)preview?[TeamsFormat]?["attachments"]?[0]?["content"]?["type"]);
        Assert.Equal("Update: Week 12: sessions resume Monday", (string?)preview?[TeamsFormat]?["summary"]);
        Assert.NotNull(preview?[SlackFormat]?["blocks"]);
        Assert.Empty(teams.App.Get<OutboxStore>().ForCampaign("update:" + id));
    }

    [Fact]
    public async Task A_tutor_asks_for_the_latest_update_and_the_list_of_updates_in_chat()
    {
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,,");
        var maya = teams.NewUser();
        teams.App.Get<PeopleDirectory>().Link(TeamsAddress(maya.UserId), "maya@example.org");
        await SendAsync(await CreateAsync(Draft("Week 11: welcome back")));
        teams.App.Time.Advance(TimeSpan.FromDays(7));
        await SendAsync(await CreateAsync(Draft("Week 12: sessions resume Monday")));
        await teams.DeliveredAsync();

        await teams.PostAsync(maya.Text("latest update"));
        // Delivered before the next question: two replies in flight at once may reach Teams in either order.
        await teams.DeliveredAsync();
        await teams.PostAsync(maya.Text("updates"));

        var replies = (await teams.PostedActivitiesAsync()).Select(a => a.ToJsonString()).ToList();
        Assert.Equal(4, replies.Count);
        Assert.Contains("Week 12: sessions resume Monday", replies[2], StringComparison.Ordinal);
        Assert.Contains("Week 11: welcome back", replies[3], StringComparison.Ordinal);
        Assert.Contains("Week 12", replies[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tutor_in_Honolulu_sees_an_update_dated_by_their_own_day()
    {
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,,");
        var maya = teams.NewUser();
        var directory = teams.App.Get<PeopleDirectory>();
        var person = directory.Link(TeamsAddress(maya.UserId), "maya@example.org")!;
        directory.AdoptTimeZone(person.Id, "Pacific/Honolulu");
        // Sent Tuesday 3 March 2026 at 07:00 UTC: 01:00 on Tuesday in Chicago, 21:00 on Monday in Honolulu.
        teams.App.Time.SetUtcNow(new DateTimeOffset(2026, 3, 3, 7, 0, 0, TimeSpan.Zero));
        await SendAsync(await CreateAsync(Draft("Week 12: sessions resume Monday")));
        await teams.DeliveredAsync();

        await teams.PostAsync(maya.Text("updates"));

        var list = (await teams.PostedActivitiesAsync()).Select(a => a.ToJsonString()).Last();
        Assert.Contains("\"2 Mar\"", list, StringComparison.Ordinal);
        Assert.DoesNotContain("3 Mar", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Slack_App_Home_shows_the_latest_update_with_its_reaction_buttons()
    {
        await teams.ImportRosterAsync("Sam Ortiz,sam@example.org,tutor,,");
        teams.App.Get<PeopleDirectory>().Link(SlackAddress("U1SAM"), "sam@example.org");
        await SendAsync(await CreateAsync(Draft("Week 12: sessions resume Monday")));
        var opened = SlackRequests.HomeOpened("Ev-home", "U1SAM");

        await teams.Client.SendAsync(SlackRequests.Event(opened, teams.App.Time.GetUtcNow()), Ct);
        await slack.WaitForAsync(calls => calls.Any(c => c.Method == "views.publish"), Ct);

        var view = slack.CallsTo("views.publish").Single().Json["view"]?.ToJsonString() ?? "";
        Assert.Contains("Week 12: sessions resume Monday", view, StringComparison.Ordinal);
        Assert.Contains(UpdateCards.ReactVerb, view, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_test_send_without_a_person_says_which_field_to_give_and_sends_nothing()
    {
        var id = await CreateAsync(Draft());

        var response = await Admin.PostAsJsonAsync($"/api/admin/updates/{id}/test-send", new JsonObject(), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.StartsWith("personId: give the id of the person to send the test to", (string?)problem!["title"], StringComparison.Ordinal);
        Assert.DoesNotContain("''", (string?)problem["title"], StringComparison.Ordinal);
        Assert.Empty(await teams.DeliveredAsync());
    }

    [Fact]
    public async Task A_test_send_reaches_only_the_writer_marked_as_a_test_and_is_not_counted()
    {
        await teams.ImportRosterAsync("Cara Diaz,cara@example.org,central team,,\nMaya Lopez,maya@example.org,tutor,,");
        var cara = teams.App.Get<PeopleDirectory>().Link(TeamsAddress("29:cara"), "cara@example.org")!;
        teams.App.Get<PeopleDirectory>().Link(TeamsAddress("29:maya"), "maya@example.org");
        var id = await CreateAsync(Draft());

        var test = await Admin.PostAsJsonAsync($"/api/admin/updates/{id}/test-send", new JsonObject { ["personId"] = cara.Id }, Ct);
        var nobody = await Admin.PostAsJsonAsync($"/api/admin/updates/{id}/test-send", new JsonObject { ["personId"] = "nobody" }, Ct);

        Assert.Equal(HttpStatusCode.Accepted, test.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, nobody.StatusCode);
        var posted = Assert.Single(await teams.DeliveredAsync(), c => c.Method == "POST");
        Assert.Equal("[Test] Update: Week 12: sessions resume Monday", (string?)posted.Body?["summary"]);
        Assert.Equal($"/amer/v3/conversations/{FakeBotConnector.ConversationFor("29:cara")}/activities", posted.Path);
        var report = await ReportAsync(id);
        Assert.Equal((0, 0), ((int?)report["sent"], (int?)report["queued"]));
    }

    [Fact]
    public async Task A_delivery_that_failed_is_reported_with_its_reason_and_sent_again_on_request()
    {
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,,");
        var maya = teams.App.Get<PeopleDirectory>().Link(TeamsAddress("29:maya"), "maya@example.org")!;
        teams.Connector.Block("29:maya");
        var id = await CreateAsync(Draft());
        await SendAsync(id);
        var key = $"update:{id}:{maya.Id}";
        await teams.WaitForAsync(key, DeliveryState.Dead);
        var failed = await ReportAsync(id);
        teams.Connector.Unblock("29:maya");

        var resend = await Admin.PostAsync(new Uri($"/api/admin/updates/{id}/resend-failed", UriKind.Relative), null, Ct);
        await teams.WaitForAsync(key, DeliveryState.Sent);

        Assert.Equal((1, 0), ((int?)failed["dead"], (int?)failed["sent"]));
        Assert.Contains("removed or blocked the app", (string?)failed["failures"]?[0]?["reason"] ?? "", StringComparison.Ordinal);
        Assert.Equal(1, (int?)(await resend.Content.ReadFromJsonAsync<JsonObject>(Ct))?["requeued"]);
        Assert.Equal((0, 1), ((int?)(await ReportAsync(id))["dead"], (int?)(await ReportAsync(id))["sent"]));
    }

    static IEnumerable<JsonObject> ButtonsOf(JsonNode activity) =>
        activity["attachments"]![0]!["content"]!["actions"]!.AsArray().Select(a => a!.AsObject());
}
