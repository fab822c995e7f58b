using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Feedback;
using HitBot.Core.Messaging.Outbox;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// A tutor on Slack who writes in the thread under an update HitBot sent her is asking about that update. It was offered to
/// the central team as feedback about nothing: they lost which update she meant, and the update's report did not count it.
/// </summary>
public sealed class SlackThreadQuestionTests
{
    const string Title = "Week 12: sessions resume Monday";
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Text_written_under_an_update_is_offered_and_sent_as_a_question_about_it_and_the_update_counts_it()
    {
        await using var slack = await SlackTestApp.StartAsync();
        var (updateId, updateTs) = await UpdateSentToMayaAsync(slack);

        var offer = await WriteInThreadAsync(slack, "Ev-q1", updateTs, "Does the Monday session start at 4 or at 5?");
        // Offered, not sent yet: not a question the central team has.
        var beforeSending = (int?)(await ReportAsync(slack, updateId))["questions"];
        await PressAsync(slack, offer, updateTs, "Send my question");

        Assert.Contains($"as a question about *{Title}*", offer.Body, StringComparison.Ordinal);
        var question = Assert.Single(slack.App.Get<FeedbackStore>().NewestFirst(FeedbackStore.InInbox));
        Assert.Equal(("Does the Monday session start at 4 or at 5?", updateId), (question.Text, question.UpdateId));
        var listed = Assert.Single(await slack.App.CreateAdminClient().GetFromJsonAsync<JsonArray>(
            new Uri($"/api/admin/feedback?update={updateId}", UriKind.Relative), Ct) ?? [])!;
        Assert.Equal((Title, "Maya Lopez"), ((string?)listed["updateTitle"], (string?)listed["from"]?["name"]));
        Assert.Equal((0, 1), (beforeSending, (int?)(await ReportAsync(slack, updateId))["questions"]));
    }

    [Fact]
    public async Task Sent_anonymously_under_an_update_that_went_to_fewer_than_five_people_the_update_is_not_named()
    {
        await using var slack = await SlackTestApp.StartAsync();
        var (updateId, updateTs) = await UpdateSentToMayaAsync(slack);

        var offer = await WriteInThreadAsync(slack, "Ev-q2", updateTs, "My group is too big to teach well.");
        var acknowledgement = await PressAsync(slack, offer, updateTs, "Send anonymously");

        var question = Assert.Single(slack.App.Get<FeedbackStore>().NewestFirst(FeedbackStore.InInbox));
        Assert.Equal((true, null), (question.Anonymous, question.UpdateId));
        Assert.Contains("fewer than five people", acknowledgement.Body, StringComparison.Ordinal);
        Assert.Equal(0, (int?)(await ReportAsync(slack, updateId))["questions"]);
    }

    [Fact]
    public async Task A_question_written_under_an_update_recalled_before_it_is_sent_reaches_the_central_team_on_its_own_saying_so()
    {
        await using var slack = await SlackTestApp.StartAsync();
        var (updateId, updateTs) = await UpdateSentToMayaAsync(slack);
        var offer = await WriteInThreadAsync(slack, "Ev-q3", updateTs, "Is Monday a holiday or not?");

        (await slack.App.CreateAdminClient().PostAsync(new Uri($"/api/admin/updates/{updateId}/recall", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();
        var acknowledgement = await PressAsync(slack, offer, updateTs, "Send my question");

        var question = Assert.Single(slack.App.Get<FeedbackStore>().NewestFirst(FeedbackStore.InInbox));
        Assert.Equal(("Is Monday a holiday or not?", null), (question.Text, question.UpdateId));
        Assert.Contains("has been withdrawn, so your question went to the central team on its own", acknowledgement.Body, StringComparison.Ordinal);
    }

    /// <summary>
    /// Recalled first (its message in Slack is deleted, the thread stays open on her phone), then written under: the offer
    /// says the update is gone before she sends, not only the acknowledgement after.
    /// </summary>
    [Fact]
    public async Task Text_written_under_an_update_already_recalled_is_offered_on_its_own_saying_the_update_was_withdrawn()
    {
        await using var slack = await SlackTestApp.StartAsync();
        var (updateId, updateTs) = await UpdateSentToMayaAsync(slack);
        (await slack.App.CreateAdminClient().PostAsync(new Uri($"/api/admin/updates/{updateId}/recall", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();

        var offer = await WriteInThreadAsync(slack, "Ev-q6", updateTs, "Why was the Monday update taken down?");
        var acknowledgement = await PressAsync(slack, offer, updateTs, "Send as feedback");

        Assert.Contains("The update you wrote under has been withdrawn by the central team", offer.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("as feedback?", offer.Body, StringComparison.Ordinal);
        Assert.Null(Assert.Single(slack.App.Get<FeedbackStore>().NewestFirst(FeedbackStore.InInbox)).UpdateId);
        Assert.Contains("has been withdrawn, so your question went to the central team on its own", acknowledgement.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_written_under_a_message_that_is_not_an_update_is_offered_as_feedback_as_before()
    {
        await using var slack = await SlackTestApp.StartAsync();
        await UpdateSentToMayaAsync(slack);
        // The first message HitBot sent her was the answer to "help", not the update.
        var helpTs = slack.App.Get<OutboxStore>().Find("slack:Ev-hello:reply")?.SentMessageId ?? throw new InvalidOperationException("help was not answered");

        var offer = await WriteInThreadAsync(slack, "Ev-q4", helpTs, "The Tuesday room is locked again.");
        await PressAsync(slack, offer, helpTs, "Send as feedback");

        Assert.Contains("as feedback?", offer.Body, StringComparison.Ordinal);
        Assert.Null(Assert.Single(slack.App.Get<FeedbackStore>().NewestFirst(FeedbackStore.InInbox)).UpdateId);
    }

    [Fact]
    public async Task A_command_typed_under_an_update_is_done_not_offered()
    {
        await using var slack = await SlackTestApp.StartAsync();
        var (_, updateTs) = await UpdateSentToMayaAsync(slack);

        var answer = await WriteInThreadAsync(slack, "Ev-q5", updateTs, "stop");

        Assert.Contains("updates, surveys or thank-yous from HitBot any more", answer.Body, StringComparison.Ordinal);
        Assert.Equal(updateTs, (string?)answer.Json["thread_ts"]);
        Assert.Equal(0, slack.App.Get<FeedbackStore>().Count([FeedbackStatus.Offered]));
    }

    /// <summary>Maya (on Slack, known to HitBot from a "help") is sent an update from the admin API: its id and its message's ts.</summary>
    static async Task<(string UpdateId, string Ts)> UpdateSentToMayaAsync(SlackTestApp slack)
    {
        var maya = slack.AddToRoster("Maya Lopez", "maya@example.org");
        slack.Slack.AddUser("U1MAYA", "maya@example.org");
        await slack.Client.SendAsync(SlackRequests.Event(SlackRequests.DirectMessage("Ev-hello", "U1MAYA", "help"), slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);
        var admin = slack.App.CreateAdminClient();
        var created = await admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = Title, ["body"] = "See you there.", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        (await admin.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();
        await slack.Slack.WaitForAsync(calls => calls.Count(c => c.Method == "chat.postMessage") == 2, Ct);
        await slack.DispatcherSettledAsync(Ct);
        // The ts Slack gave the update's message: what a reply in its thread carries as thread_ts.
        return (id, slack.App.Get<OutboxStore>().Find($"update:{id}:{maya.Id}")?.SentMessageId ?? throw new InvalidOperationException("the update was not sent"));
    }

    /// <summary>Maya writes in the thread under the message <paramref name="threadTs"/>; HitBot's answer in that thread.</summary>
    static async Task<SlackCall> WriteInThreadAsync(SlackTestApp slack, string eventId, string threadTs, string text)
    {
        var before = slack.Slack.CallsTo("chat.postMessage").Count;
        await slack.Client.SendAsync(SlackRequests.Event(SlackRequests.DirectMessageInThread(eventId, "U1MAYA", text, threadTs), slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Count(c => c.Method == "chat.postMessage") == before + 1, Ct);
        return slack.Slack.CallsTo("chat.postMessage")[before];
    }

    /// <summary>Maya presses <paramref name="label"/> on the offer in the thread; the card it became.</summary>
    static async Task<SlackCall> PressAsync(SlackTestApp slack, SlackCall offer, string threadTs, string label)
    {
        var click = SlackRequests.ButtonClickInThread("U1MAYA", offer.Button(label), threadTs, "1700000300.000001");
        await slack.Client.SendAsync(SlackRequests.Interaction(click, slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.update" && c.Body.Contains("central team", StringComparison.Ordinal)), Ct);
        return slack.Slack.CallsTo("chat.update").Last(c => c.Body.Contains("central team", StringComparison.Ordinal));
    }

    static async Task<JsonObject> ReportAsync(SlackTestApp slack, string updateId) =>
        (await slack.App.CreateAdminClient().GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/updates/{updateId}", UriKind.Relative), Ct))?["report"]?.AsObject()
        ?? throw new InvalidOperationException("no report");
}
