using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Feedback;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;
using HitBot.Core.Updates;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>Markdown nested without end is refused where it is written (400 or a plain sentence in chat), never a 500.</summary>
public sealed class HostileMarkdownTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly string Nested = new string('>', 1000) + " hi";

    TwoChannelApp both = null!;
    TeamsTestApp teams => both.Teams;

    public async ValueTask InitializeAsync()
    {
        both = await TwoChannelApp.StartAsync();
        await teams.ImportRosterAsync("Lena Park,lena@example.org,central team,,\nMaya Lopez,maya@example.org,tutor,Lincoln,");
    }

    public ValueTask DisposeAsync() => both.DisposeAsync();

    static JsonObject Draft(string body) => new()
    {
        ["title"] = "Week 12", ["body"] = body, ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
    };

    [Theory]
    [InlineData("/api/admin/updates")]
    [InlineData("/api/admin/updates/preview")]
    public async Task A_draft_nested_too_deeply_is_a_400_that_says_so_and_nothing_is_saved(string path)
    {
        var response = await teams.App.CreateAdminClient().PostAsJsonAsync(path, Draft(Nested), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("nested too deeply", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(teams.App.Get<UpdateStore>().Page(0, 1000).Updates);
    }

    [Fact]
    public async Task A_reply_or_a_thank_you_nested_too_deeply_is_refused_with_400()
    {
        var admin = teams.App.CreateAdminClient();
        var thanks = await admin.PostAsJsonAsync("/api/admin/appreciation",
            new JsonObject { ["message"] = Nested, ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") } }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, thanks.StatusCode);
        Assert.Contains("nested too deeply", await thanks.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(0, teams.QueuedCount());
    }

    [Fact]
    public async Task A_survey_intro_nested_too_deeply_is_a_400_that_says_so_and_no_survey_is_saved()
    {
        var response = await teams.App.CreateAdminClient().PostAsJsonAsync("/api/admin/surveys", new JsonObject
        {
            ["title"] = "Spring check-in", ["intro"] = Nested,
            ["questions"] = new JsonArray(new JsonObject { ["id"] = "q1", ["text"] = "How is it going?", ["type"] = "Scale5" }),
        }, Ct);

        // The intro heads every tutor's survey card: Slack could never show it, so each Slack invitation would fail.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Contains("nested too deeply", problem!["errors"]!["intro"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(teams.App.Get<SurveyStore>().AllSurveys());
    }

    [Fact]
    public async Task A_survey_title_with_a_line_break_is_a_400_naming_title_and_no_survey_is_saved()
    {
        var response = await teams.App.CreateAdminClient().PostAsJsonAsync("/api/admin/surveys", new JsonObject
        {
            ["title"] = "Spring\ncheck-in",
            ["questions"] = new JsonArray(new JsonObject { ["id"] = "q1", ["text"] = "How is it going?", ["type"] = "Scale5" }),
        }, Ct);

        // "From **Spring" on one line and "check-in**: these tutors may not stay" on the next, in every at-risk list.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Contains("line break", problem!["errors"]!["title"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(teams.App.Get<SurveyStore>().AllSurveys());
    }

    [Fact]
    public async Task A_survey_intro_longer_than_a_card_can_carry_is_a_400_that_says_how_long_it_may_be()
    {
        var response = await teams.App.CreateAdminClient().PostAsJsonAsync("/api/admin/surveys", new JsonObject
        {
            ["title"] = "Spring check-in", ["intro"] = new string('a', Survey.MaxIntro + 1),
            ["questions"] = new JsonArray(new JsonObject { ["id"] = "q1", ["text"] = "How is it going?", ["type"] = "Scale5" }),
        }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Contains("at most 2,000 characters", problem!["errors"]!["intro"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(teams.App.Get<SurveyStore>().AllSurveys());
    }

    [Fact]
    public async Task An_action_items_description_nested_too_deeply_or_too_long_is_a_400_when_added_or_changed_and_nothing_changes()
    {
        var admin = teams.App.CreateAdminClient();
        var store = teams.App.Get<ActionPlanStore>();
        var before = store.All().Count;
        var item = store.All()[0];

        // The description is Markdown on the owner's every reminder: Slack could never show this one, so each would fail.
        var added = await admin.PostAsJsonAsync("/api/admin/action-items", new JsonObject { ["title"] = "Book rooms", ["description"] = Nested }, Ct);
        var tooLong = await admin.PostAsJsonAsync("/api/admin/action-items",
            new JsonObject { ["title"] = "Book rooms", ["description"] = new string('a', ActionItemChanges.MaxDescription + 1) }, Ct);
        var changed = await admin.PatchAsJsonAsync($"/api/admin/action-items/{item.Id}", new JsonObject { ["description"] = Nested }, Ct);

        foreach (var (response, says) in new[] { (added, "nested too deeply"), (tooLong, "at most 4,000 characters"), (changed, "nested too deeply") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
            Assert.Contains(says, problem!["errors"]!["description"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        }
        Assert.Equal(before, store.All().Count);
        Assert.Equal(item.Description, store.Find(item.Id)!.Description);
    }

    [Theory]
    [InlineData("/api/admin/updates")]
    [InlineData("/api/admin/action-items")]
    public async Task A_title_with_a_line_break_is_a_400_naming_title_and_nothing_is_saved(string path)
    {
        var items = teams.App.Get<HitBot.Core.ActionPlan.ActionPlanStore>().All().Count;
        var draft = path.EndsWith("updates", StringComparison.Ordinal) ? Draft("Sessions resume Monday.") : new JsonObject();
        draft["title"] = "Week 12:\nsessions resume";

        // A title is one line on every card: "Sent: **Week 12:" and "sessions resume**" broke its bold in two.
        var response = await teams.App.CreateAdminClient().PostAsJsonAsync(path, draft, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Contains("line break", problem!["errors"]!["title"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(teams.App.Get<UpdateStore>().Page(0, 1000).Updates);
        Assert.Equal(items, teams.App.Get<HitBot.Core.ActionPlan.ActionPlanStore>().All().Count);
    }

    /// <summary>
    /// A series' name is bold in the coordinator's "nothing is queued for **Tutor newsletter**" warning, and a thank-you's
    /// title heads its card and is the first words of the chat's notification: a line break split them in two.
    /// </summary>
    [Theory]
    [InlineData("/api/admin/series", "name")]
    [InlineData("/api/admin/appreciation", "title")]
    public async Task A_series_name_or_thank_you_title_with_a_line_break_is_a_400_and_nothing_is_saved_or_sent(string path, string field)
    {
        var request = field == "name"
            ? new JsonObject { ["rhythm"] = "weekly", ["day"] = "Tuesday", ["time"] = "08:00" }
            : new JsonObject { ["id"] = "spring-thanks", ["message"] = "Thank you for a great spring term!" };
        request[field] = "Spring\nthanks";
        request["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") };

        var response = await teams.App.CreateAdminClient().PostAsJsonAsync(path, request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Contains("line break", problem!["errors"]![field]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(teams.App.Get<SeriesStore>().All());
        Assert.Null(teams.App.Get<OutboxStore>().ForCampaign("thanks:spring-thanks").FirstOrDefault());
    }

    [Fact]
    public async Task Feedback_typed_in_chat_nested_too_deeply_gets_a_plain_answer_and_reaches_no_inbox()
    {
        var maya = teams.NewUser();
        teams.App.Get<PeopleDirectory>().Link(both.TeamsAddress(maya.UserId), "maya@example.org");

        var response = await teams.PostAsync(maya.Text("feedback " + Nested));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = Assert.Single(await teams.PostedActivitiesAsync()).ToJsonString();
        Assert.Contains("too deeply", answer, StringComparison.Ordinal);
        Assert.Empty(teams.App.Get<FeedbackStore>().NewestFirst(FeedbackStore.InInbox));
    }

    /// <summary>Every "text" string of a card or Block Kit message, wherever it sits.</summary>
    static IEnumerable<string> Texts(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(kv => kv.Key == "text" && kv.Value is JsonValue v && v.TryGetValue<string>(out var s) ? [s] : Texts(kv.Value)),
        JsonArray a => a.SelectMany(Texts),
        _ => [],
    };

    [Fact]
    public async Task A_link_a_tutor_typed_reaches_the_central_teams_inbox_as_she_typed_it_not_as_a_link_whose_words_hide_where_it_goes()
    {
        const string Typed = "Please [reset your district password](https://evil.example/login) before Monday";
        var (maya, lena) = (teams.NewUser(), teams.NewUser());
        var directory = teams.App.Get<PeopleDirectory>();
        directory.Link(both.TeamsAddress(maya.UserId), "maya@example.org");
        directory.Link(both.TeamsAddress(lena.UserId), "lena@example.org");
        directory.Link(TwoChannelApp.SlackAddress("U1LENA"), "lena@example.org");

        await teams.PostAsync(maya.Text("feedback " + Typed));
        await teams.PostAsync(lena.Text("feedback inbox"));
        var inSlack = await teams.Client.SendAsync(SlackRequests.Command("U1LENA", "feedback inbox", teams.App.Time.GetUtcNow()), Ct);

        // Teams: the brackets are escaped, so the card shows them as typed and makes no link of them.
        var inTeams = Texts((await teams.PostedActivitiesAsync()).Single(a => a.ToJsonString().Contains("Feedback inbox", StringComparison.Ordinal))).ToList();
        Assert.Contains(inTeams, t => t.Contains(@"\[reset your district password\](https://evil.example/login)", StringComparison.Ordinal));
        Assert.DoesNotContain(inTeams, t => t.Contains("password](", StringComparison.Ordinal));
        // Slack: the words as typed, and no <url|label> link.
        var slackText = string.Join("\n", Texts(JsonNode.Parse(await inSlack.Content.ReadAsStringAsync(Ct))));
        Assert.Contains("[reset your district password](https://evil.example/login)", slackText, StringComparison.Ordinal);
        Assert.DoesNotContain("|reset your district password>", slackText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_markdown_link_to_a_slack_mention_reaches_slack_as_text_and_pings_nobody()
    {
        teams.App.Get<PeopleDirectory>().Link(TwoChannelApp.SlackAddress("U1MAYA"), "maya@example.org");

        var sent = await teams.App.CreateAdminClient().PostAsJsonAsync("/api/admin/appreciation", new JsonObject
        {
            ["message"] = "Thanks to [everyone](!channel), to [our lead](@U0LEAD) and to [the team](#C0TEAM); see [the guide](https://example.org/guide).",
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        await both.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);

        Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync(Ct));
        var text = string.Join("\n", Texts(both.Slack.CallsTo("chat.postMessage").Single().Json));
        // <!channel|…>, <@U…|…> and <#C…|…> are Slack's mention syntax, not links: they stay the words written.
        Assert.DoesNotContain("<!channel", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<@U0LEAD", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<#C0TEAM", text, StringComparison.Ordinal);
        Assert.Contains("everyone", text, StringComparison.Ordinal);
        Assert.Contains("<https://example.org/guide|the guide>", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_Slack_can_never_show_is_given_up_at_once_with_its_reason_not_retried()
    {
        var outbox = teams.App.Get<OutboxStore>();
        var message = new Message("Hello", new Card("Hello", [new TextBlock(Nested)], []));
        outbox.TryEnqueue(Delivery.Send("nested-slack", "test", null, TwoChannelApp.SlackAddress("U1MAYA"), message, teams.App.Time.GetUtcNow()));
        teams.App.Get<OutboxSignal>().Notify();

        await teams.WaitForAsync("nested-slack", DeliveryState.Dead);

        var row = teams.Queued("nested-slack")!;
        Assert.Equal(1, row.Attempts);
        Assert.Contains("too deeply", row.LastError, StringComparison.Ordinal);
    }
}
