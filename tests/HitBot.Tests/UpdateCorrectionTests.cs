using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Updates;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// Correcting and recalling an update already sent, through the admin API: Maya reads it in Teams, Sam (U1SAM) in Slack,
/// and the stand-ins record every PUT/DELETE to the Connector and every chat.update/chat.delete to Slack.
/// </summary>
public sealed class UpdateCorrectionTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    const string Title = "Week 12: sessions resume Monday";
    const string Fixed = "Sessions resume on **Tuesday**, not Monday.";
    /// <summary>The report's keys per chat platform.</summary>
    const string TeamsChat = "teams", SlackChat = "slack";

    TwoChannelApp both = null!;
    TeamsTestApp teams => both.Teams;
    FakeSlackApi slack => both.Slack;
    TeamsActivities maya = null!;

    public async ValueTask InitializeAsync()
    {
        both = await TwoChannelApp.StartAsync();
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,,\nSam Ortiz,sam@example.org,tutor,,");
        maya = teams.NewUser();
        teams.App.Get<PeopleDirectory>().Link(both.TeamsAddress(maya.UserId), "maya@example.org");
        teams.App.Get<PeopleDirectory>().Link(TwoChannelApp.SlackAddress("U1SAM"), "sam@example.org");
    }

    public ValueTask DisposeAsync() => both.DisposeAsync();

    HttpClient Admin => teams.App.CreateAdminClient();
    OutboxStore Outbox => teams.App.Get<OutboxStore>();

    async Task<string> CreateAsync()
    {
        var response = await Admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = Title, ["body"] = "Sessions resume on Monday.", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))?["id"] ?? throw new InvalidOperationException("no id");
    }

    async Task<string> SentToBothAsync()
    {
        var id = await CreateAsync();
        await PostAsync($"/api/admin/updates/{id}/send");
        await teams.DeliveredAsync();
        return id;
    }

    Task<HttpResponseMessage> PostAsync(string path) => Admin.PostAsync(new Uri(path, UriKind.Relative), null, Ct);

    Task<HttpResponseMessage> CorrectAsync(string id, JsonObject patch) => Admin.PostAsJsonAsync($"/api/admin/updates/{id}/correct", patch, Ct);

    async Task<JsonObject> ReportAsync(string id) =>
        (await Admin.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/updates/{id}", UriKind.Relative), Ct))?["report"]?.AsObject()
        ?? throw new InvalidOperationException("no report");

    /// <summary>Waits on the dispatcher's reports until it is idle and <paramref name="done"/> holds; never a sleep.</summary>
    Task SettledAsync(Func<bool> done)
    {
        var progress = teams.App.Get<DispatcherProgress>();
        return progress.WaitForAsync(() => progress.SettledAt is not null && done(), TimeSpan.FromSeconds(30), Ct);
    }

    bool AllSent(string campaign) => Outbox.ForCampaign(campaign) is { Count: > 0 } rows && rows.All(r => r.State == DeliveryState.Sent);

    List<ConnectorCall> Calls(string method) => [.. teams.Connector.ConnectorCalls.Where(c => c.Method == method)];

    /// <summary>The channel and ts Slack gave Sam's message when it was posted.</summary>
    (string?, string?) SlackMessageOf(string id) =>
        Outbox.ForCampaign("update:" + id).Single(r => r.Address.Channel == ChannelKind.Slack) is var row ? (row.SentConversationId, row.SentMessageId) : default;

    string MayasMessagePath => $"/amer/v3/conversations/{maya.ConversationId}/activities/activity-1";

    [Fact]
    public async Task A_correction_replaces_the_card_once_in_every_chat_it_reached_marked_edited()
    {
        var id = await SentToBothAsync();
        var posted = SlackMessageOf(id);

        var corrected = await CorrectAsync(id, new JsonObject { ["body"] = Fixed });
        await SettledAsync(() => AllSent(Update.CorrectionCampaign(id, 1)));

        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        var put = Assert.Single(Calls("PUT"));
        Assert.Equal(MayasMessagePath, put.Path);
        Assert.Contains("Tuesday", put.Body?.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(UpdateCards.EditedNote, put.Body?.ToJsonString(), StringComparison.Ordinal);
        var update = Assert.Single(slack.CallsTo("chat.update")).Json;
        Assert.Equal(posted, ((string?)update["channel"], (string?)update["ts"]));
        Assert.Contains("Tuesday", update.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(UpdateCards.EditedNote, update.ToJsonString(), StringComparison.Ordinal);
        var report = await ReportAsync(id);
        Assert.Equal((2, 2, 0), ((int?)report["sent"], (int?)report["edited"], (int?)report["editsWaiting"]));
        Assert.Equal((1, 1), ((int?)report["byChat"]?[TeamsChat]?["edited"], (int?)report["byChat"]?[SlackChat]?["edited"]));
    }

    [Fact]
    public async Task Corrections_and_recalls_the_platforms_throttle_are_retried_after_their_wait_and_reach_each_chat_once()
    {
        var id = await SentToBothAsync();
        teams.Connector.FailNext(1, status: 429, retryAfter: "7");
        slack.RateLimitNext("chat.update", 7);

        await CorrectAsync(id, new JsonObject { ["body"] = Fixed });
        await SettledAsync(() => Outbox.ForCampaign(Update.CorrectionCampaign(id, 1)).All(r => r.State == DeliveryState.Failed));
        teams.App.Time.Advance(TimeSpan.FromSeconds(7));
        await SettledAsync(() => AllSent(Update.CorrectionCampaign(id, 1)));
        teams.Connector.FailNext(1, status: 429, retryAfter: "7");
        slack.RateLimitNext("chat.delete", 7);
        await PostAsync($"/api/admin/updates/{id}/recall");
        await SettledAsync(() => Outbox.ForCampaign("update-recall:" + id).All(r => r.State == DeliveryState.Failed));
        teams.App.Time.Advance(TimeSpan.FromSeconds(7));
        await SettledAsync(() => AllSent("update-recall:" + id));

        Assert.Equal(2, Calls("PUT").Count);
        Assert.Equal(2, slack.CallsTo("chat.update").Count);
        Assert.Equal(2, Calls("DELETE").Count);
        Assert.All(Calls("DELETE"), c => Assert.Equal(MayasMessagePath, c.Path));
        Assert.Equal(2, slack.CallsTo("chat.delete").Count);
        var report = await ReportAsync(id);
        Assert.Equal((2, 2), ((int?)report["edited"], (int?)report["recalled"]));
        Assert.Empty(report["failures"]!.AsArray());
    }

    [Fact]
    public async Task A_recalled_update_is_deleted_from_every_chat_and_no_longer_shown_in_chat_or_on_the_Slack_Home_tab()
    {
        var id = await SentToBothAsync();
        var posted = SlackMessageOf(id);

        var recall = await PostAsync($"/api/admin/updates/{id}/recall");
        await SettledAsync(() => AllSent("update-recall:" + id));
        await teams.PostAsync(maya.Text("latest update"));
        await teams.PostAsync(maya.Text("updates"));
        await teams.Client.SendAsync(SlackRequests.Event(SlackRequests.HomeOpened("Ev-home-recall", "U1SAM"), teams.App.Time.GetUtcNow()), Ct);
        await slack.WaitForAsync(calls => calls.Any(c => c.Method == "views.publish"), Ct);

        Assert.Equal(HttpStatusCode.OK, recall.StatusCode);
        Assert.Equal(MayasMessagePath, Assert.Single(Calls("DELETE")).Path);
        var deleted = Assert.Single(slack.CallsTo("chat.delete")).Json;
        Assert.Equal(posted, ((string?)deleted["channel"], (string?)deleted["ts"]));
        var replies = (await teams.PostedActivitiesAsync()).Skip(1).Select(a => a.ToJsonString()).ToList();
        Assert.Equal(2, replies.Count);
        Assert.All(replies, r => Assert.DoesNotContain(Title, r, StringComparison.Ordinal));
        Assert.DoesNotContain(Title, slack.CallsTo("views.publish").Single().Json.ToJsonString(), StringComparison.Ordinal);
        var report = await ReportAsync(id);
        Assert.Equal((2, 2), ((int?)report["sent"], (int?)report["recalled"]));
        Assert.Equal((1, 1), ((int?)report["byChat"]?[TeamsChat]?["recalled"], (int?)report["byChat"]?[SlackChat]?["recalled"]));
    }

    [Fact]
    public async Task A_second_correction_replaces_one_not_sent_yet_so_each_chat_gets_only_the_newest()
    {
        var id = await SentToBothAsync();
        teams.Connector.FailNext(1, status: 429, retryAfter: "60");
        slack.RateLimitNext("chat.update", 60);
        await CorrectAsync(id, new JsonObject { ["body"] = "First try at the fix." });
        await SettledAsync(() => Outbox.ForCampaign(Update.CorrectionCampaign(id, 1)).All(r => r.State == DeliveryState.Failed));

        await CorrectAsync(id, new JsonObject { ["body"] = Fixed });
        await SettledAsync(() => AllSent(Update.CorrectionCampaign(id, 2)));
        teams.App.Time.Advance(TimeSpan.FromSeconds(60));
        await teams.DeliveredAsync();

        Assert.Equal(2, Calls("PUT").Count);
        Assert.Contains("Tuesday", Calls("PUT")[1].Body?.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Tuesday", slack.CallsTo("chat.update")[1].Body, StringComparison.Ordinal);
        Assert.Equal(2, slack.CallsTo("chat.update").Count);
        Assert.All(Outbox.ForCampaign(Update.CorrectionCampaign(id, 1)), r => Assert.Equal(DeliveryState.Cancelled, r.State));
        var report = await ReportAsync(id);
        Assert.Equal((2, 0), ((int?)report["edited"], (int?)report["editsWaiting"]));
    }

    [Fact]
    public async Task A_send_still_waiting_for_a_retry_goes_out_already_corrected_and_a_recall_stops_it()
    {
        teams.Connector.FailNext(1, status: 503, retryAfter: "30");
        var id = await CreateAsync();
        await PostAsync($"/api/admin/updates/{id}/send");
        await SettledAsync(() => Outbox.ForCampaign("update:" + id).Any(r => r.State == DeliveryState.Failed));

        await CorrectAsync(id, new JsonObject { ["body"] = Fixed });
        teams.App.Time.Advance(TimeSpan.FromSeconds(30));
        await SettledAsync(() => AllSent("update:" + id) && AllSent(Update.CorrectionCampaign(id, 1)));

        var posts = teams.Connector.ConnectorCalls.Where(c => c.Method == "POST").ToList();
        Assert.Contains("Tuesday", posts[^1].Body?.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(Calls("PUT"));
        Assert.Single(slack.CallsTo("chat.update"));
        Assert.Equal(1, (int?)(await ReportAsync(id))["edited"]);
    }

    [Fact]
    public async Task A_recall_cancels_the_sends_not_gone_out_yet_and_deletes_only_what_was_delivered()
    {
        teams.Connector.FailNext(1, status: 503, retryAfter: "30");
        var id = await CreateAsync();
        await PostAsync($"/api/admin/updates/{id}/send");
        await SettledAsync(() => Outbox.ForCampaign("update:" + id).Any(r => r.State == DeliveryState.Failed));

        await PostAsync($"/api/admin/updates/{id}/recall");
        await SettledAsync(() => AllSent("update-recall:" + id));
        teams.App.Time.Advance(TimeSpan.FromSeconds(30));
        await teams.DeliveredAsync();

        Assert.Single(teams.Connector.ConnectorCalls, c => c.Method == "POST");
        Assert.Empty(Calls("DELETE"));
        Assert.Single(slack.CallsTo("chat.delete"));
        var report = await ReportAsync(id);
        Assert.Equal((1, 1, 1), ((int?)report["sent"], (int?)report["cancelled"], (int?)report["recalled"]));
    }

    [Fact]
    public async Task Resend_failed_on_a_recalled_update_is_refused_and_a_copy_that_had_failed_for_good_never_goes_out()
    {
        teams.Connector.FailNext(1, status: 400);
        var id = await CreateAsync();
        await PostAsync($"/api/admin/updates/{id}/send");
        await SettledAsync(() => Outbox.ForCampaign("update:" + id) is { Count: 2 } rows
            && rows.Any(r => r.State == DeliveryState.Dead) && rows.All(r => r.State is DeliveryState.Dead or DeliveryState.Sent));
        await PostAsync($"/api/admin/updates/{id}/recall");
        await SettledAsync(() => AllSent("update-recall:" + id));

        var resend = await PostAsync($"/api/admin/updates/{id}/resend-failed");
        await teams.DeliveredAsync();

        Assert.Equal(HttpStatusCode.Conflict, resend.StatusCode);
        Assert.Contains("recalled", await resend.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(DeliveryState.Dead, Assert.Single(Outbox.ForCampaign("update:" + id), r => r.Address.Channel == ChannelKind.Teams).State);
        Assert.Single(teams.Connector.ConnectorCalls, c => c.Method == "POST");
    }

    [Fact]
    public async Task A_message_already_gone_from_the_chat_counts_as_recalled()
    {
        var id = await SentToBothAsync();
        teams.Connector.FailNext(1, status: 404);
        slack.FailNext("chat.delete", "message_not_found");

        await PostAsync($"/api/admin/updates/{id}/recall");
        await SettledAsync(() => AllSent("update-recall:" + id));

        var report = await ReportAsync(id);
        Assert.Equal(2, (int?)report["recalled"]);
        Assert.Empty(report["failures"]!.AsArray());
    }

    [Fact]
    public async Task A_correction_Slack_cannot_apply_is_reported_as_a_failed_edit_with_its_class()
    {
        var id = await SentToBothAsync();
        slack.FailNext("chat.update", "message_not_found");

        await CorrectAsync(id, new JsonObject { ["body"] = Fixed });
        await SettledAsync(() => Outbox.ForCampaign(Update.CorrectionCampaign(id, 1)).All(r => r.State is DeliveryState.Sent or DeliveryState.Dead));

        var report = await ReportAsync(id);
        Assert.Equal(1, (int?)report["edited"]);
        var failure = Assert.Single(report["failures"]!.AsArray())!;
        Assert.Equal(("edit", "Dead", FailureClasses.NotFound), ((string?)failure["action"], (string?)failure["state"], (string?)failure["failureClass"]));
    }

    [Fact]
    public async Task Reactions_on_a_corrected_card_keep_working_and_a_recalled_card_says_it_was_withdrawn()
    {
        var id = await SentToBothAsync();
        var helpful = new JsonObject { ["update"] = id, ["reaction"] = UpdateCards.Helpful };
        await CorrectAsync(id, new JsonObject { ["body"] = Fixed });
        await SettledAsync(() => AllSent(Update.CorrectionCampaign(id, 1)));

        var onCorrected = await teams.PostAsync(maya.Execute(UpdateCards.ReactVerb, helpful, "activity-1"));
        await PostAsync($"/api/admin/updates/{id}/recall");
        var onRecalled = await teams.PostAsync(maya.Execute(UpdateCards.ReactVerb, helpful.DeepClone().AsObject(), "activity-1"));

        var corrected = await onCorrected.Content.ReadAsStringAsync(Ct);
        Assert.Contains("You found this helpful", corrected, StringComparison.Ordinal);
        Assert.Contains("Tuesday", corrected, StringComparison.Ordinal);
        Assert.Contains("withdrawn", await onRecalled.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(1, (int?)(await ReportAsync(id))["helpful"]);
    }

    [Fact]
    public async Task Ask_a_question_on_a_recalled_card_says_it_was_withdrawn_and_how_to_ask_anyway()
    {
        var id = await SentToBothAsync();
        await PostAsync($"/api/admin/updates/{id}/recall");

        var asked = await teams.PostAsync(maya.Execute(UpdateCards.AskQuestionVerb, new JsonObject { ["update"] = id }, "activity-1"));

        var answer = await asked.Content.ReadAsStringAsync(Ct);
        Assert.Contains("This update was withdrawn by the central team", answer, StringComparison.Ordinal);
        Assert.Contains("type **feedback** and your question", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_delivery_CSV_says_for_each_message_whether_it_was_edited_and_recalled()
    {
        var id = await SentToBothAsync();
        await CorrectAsync(id, new JsonObject { ["body"] = Fixed });
        await SettledAsync(() => AllSent(Update.CorrectionCampaign(id, 1)));
        await PostAsync($"/api/admin/updates/{id}/recall");
        await SettledAsync(() => AllSent("update-recall:" + id));

        var csv = await Admin.GetStringAsync(new Uri($"/api/admin/updates/{id}/deliveries.csv", UriKind.Relative), Ct);

        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.EndsWith(",edit,recall,week", lines[0], StringComparison.Ordinal);
        // Sent once, not weekly: no week.
        Assert.Equal(2, lines.Count(l => l.EndsWith(",sent,sent,", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_draft_or_a_recalled_update_cannot_be_corrected_or_recalled_or_sent_again_and_an_unknown_one_is_404()
    {
        var draft = await CreateAsync();
        var sent = await SentToBothAsync();
        await PostAsync($"/api/admin/updates/{sent}/recall");

        var answers = new[]
        {
            await CorrectAsync(draft, new JsonObject { ["body"] = Fixed }), await PostAsync($"/api/admin/updates/{draft}/recall"),
            await CorrectAsync(sent, new JsonObject { ["body"] = Fixed }), await PostAsync($"/api/admin/updates/{sent}/recall"),
            await PostAsync($"/api/admin/updates/{sent}/send"),
        };
        var unknown = await PostAsync("/api/admin/updates/no-such-update/recall");

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        Assert.Contains("edit the draft", await answers[0].Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("recalled", await answers[2].Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(("Sessions resume on Monday.", 0), (teams.App.Get<UpdateStore>().Find(sent)?.Body, teams.App.Get<UpdateStore>().Find(sent)?.Revision));
        Assert.Equal(2, Outbox.ForCampaign("update:" + sent).Count);
    }

    [Fact]
    public async Task A_correction_with_a_bad_field_a_new_audience_or_no_change_is_refused_and_changes_nothing()
    {
        var id = await SentToBothAsync();

        var bad = await CorrectAsync(id, new JsonObject { ["title"] = "", ["imageUrl"] = "http://example.org/plain.png" });
        var audience = await CorrectAsync(id, new JsonObject { ["body"] = Fixed, ["audience"] = new JsonObject { ["roles"] = new JsonArray("coach") } });
        var same = await CorrectAsync(id, new JsonObject { ["body"] = "Sessions resume on Monday." });

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (bad.StatusCode, audience.StatusCode, same.StatusCode));
        var problems = await bad.Content.ReadAsStringAsync(Ct);
        Assert.Contains("title:", problems, StringComparison.Ordinal);
        Assert.Contains("imageUrl:", problems, StringComparison.Ordinal);
        Assert.Contains("audience:", await audience.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("Nothing changed", await same.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var update = teams.App.Get<UpdateStore>().Find(id);
        Assert.Equal((Title, 0, (DateTime?)null), (update?.Title, update?.Revision, update?.EditedAt));
        Assert.Empty(Outbox.ForCampaign(Update.CorrectionCampaign(id, 1)));
    }

    /// <summary>
    /// The correction took these fields as a new draft does and dropped them without a word: a script that corrected the text
    /// and marked it urgent, or queued it in a series, was answered 200 and neither had happened.
    /// </summary>
    [Fact]
    public async Task A_correction_that_also_marks_the_update_urgent_or_names_a_series_is_refused_and_changes_nothing()
    {
        var id = await SentToBothAsync();

        var urgent = await CorrectAsync(id, new JsonObject { ["body"] = Fixed, ["urgent"] = true });
        var series = await CorrectAsync(id, new JsonObject { ["body"] = Fixed, ["seriesId"] = "weekly-news" });

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (urgent.StatusCode, series.StatusCode));
        Assert.Contains("urgent: a correction changes the text only", await urgent.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("seriesId: a correction changes the text only", await series.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var update = teams.App.Get<UpdateStore>().Find(id);
        Assert.Equal((0, (DateTime?)null), (update?.Revision, update?.EditedAt));
        Assert.Empty(Outbox.ForCampaign(Update.CorrectionCampaign(id, 1)));
    }
}
