using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Feedback;
using HitBot.Core.Messaging.Outbox;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// A tutor on Slack who answers in the thread under one of HitBot's messages (an update, a survey, a reminder) is answered
/// in that thread. The answer went to the DM's own timeline, so on a phone the thread she wrote in showed no answer.
/// </summary>
public sealed class SlackThreadReplyTests
{
    const string UnderTheUpdate = "1700000000.000042";
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Feedback_written_in_a_thread_is_acknowledged_in_that_thread_also_when_Slack_first_throttles_the_answer()
    {
        await using var slack = await SlackTestApp.StartAsync();
        slack.AddToRoster("Maya Lopez", "maya@example.org");
        slack.Slack.AddUser("U1MAYA", "maya@example.org");
        slack.Slack.RateLimitNext("chat.postMessage", 30);

        await slack.Client.SendAsync(SlackRequests.Event(InThread("Ev-thread", "feedback The Tuesday room is locked"), slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);
        await slack.DispatcherSettledAsync(Ct);
        // The answer waits in the outbox for Slack's 30 s; the thread is in its row, so the retry still goes there.
        slack.App.Time.Advance(TimeSpan.FromSeconds(30));
        await slack.Slack.WaitForAsync(calls => calls.Count(c => c.Method == "chat.postMessage") == 2, Ct);
        await slack.DispatcherSettledAsync(Ct);
        // Written in the DM itself, the answer stays in the DM itself.
        await slack.Client.SendAsync(SlackRequests.Event(SlackRequests.DirectMessage("Ev-dm", "U1MAYA", "help"), slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Count(c => c.Method == "chat.postMessage") == 3, Ct);

        var posts = slack.Slack.CallsTo("chat.postMessage");
        Assert.Equal("The Tuesday room is locked", Assert.Single(slack.App.Get<FeedbackStore>().NewestFirst(FeedbackStore.InInbox)).Text);
        Assert.Contains("central team", posts[1].Body, StringComparison.Ordinal);
        Assert.Equal(UnderTheUpdate, (string?)posts[1].Json["thread_ts"]);
        Assert.Equal("DU1MAYA", (string?)posts[1].Json["channel"]);
        Assert.Null(posts[2].Json["thread_ts"]);
    }

    /// <summary>
    /// "Pass this on?" offered in the thread, then pressed again on a card already answered (a phone that had not refreshed):
    /// the line that says so came in the DM's timeline, away from the card she pressed.
    /// </summary>
    [Fact]
    public async Task A_button_pressed_in_a_thread_is_answered_in_that_thread()
    {
        await using var slack = await SlackTestApp.StartAsync();
        slack.AddToRoster("Maya Lopez", "maya@example.org");
        slack.Slack.AddUser("U1MAYA", "maya@example.org");

        await slack.Client.SendAsync(SlackRequests.Event(InThread("Ev-offer", "The projector in room 12 is broken again"), slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);
        var offer = Assert.Single(slack.Slack.CallsTo("chat.postMessage"));
        Assert.Equal(UnderTheUpdate, (string?)offer.Json["thread_ts"]);
        var noThanks = offer.Button("No thanks");
        var send = offer.Button("Send as feedback");

        await slack.Client.SendAsync(SlackRequests.Interaction(ClickInThread(noThanks, "1700000300.000001"), slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.update"), Ct);
        await slack.Client.SendAsync(SlackRequests.Interaction(ClickInThread(send, "1700000300.000002"), slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Count(c => c.Method == "chat.postMessage") == 2, Ct);

        var answer = slack.Slack.CallsTo("chat.postMessage")[1];
        Assert.Contains("no longer available", answer.Body, StringComparison.Ordinal);
        Assert.Equal(UnderTheUpdate, (string?)answer.Json["thread_ts"]);
    }

    /// <summary>
    /// "latest" typed in the thread answers with the update there, and its "Ask a question" opens a modal whose submit
    /// (view_submission) names no thread: the thanks for the question came in the DM's timeline, away from the thread.
    /// </summary>
    [Fact]
    public async Task A_question_sent_from_a_modal_opened_in_a_thread_is_acknowledged_in_that_thread()
    {
        await using var slack = await SlackTestApp.StartAsync();
        slack.AddToRoster("Maya Lopez", "maya@example.org");
        slack.Slack.AddUser("U1MAYA", "maya@example.org");
        await slack.Client.SendAsync(SlackRequests.Event(SlackRequests.DirectMessage("Ev-hello", "U1MAYA", "help"), slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);
        await SendUpdateAsync(slack);
        await slack.Slack.WaitForAsync(calls => calls.Count(c => c.Method == "chat.postMessage") == 2, Ct);
        await slack.Client.SendAsync(SlackRequests.Event(InThread("Ev-latest", "latest"), slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Count(c => c.Method == "chat.postMessage") == 3, Ct);
        var ask = slack.Slack.CallsTo("chat.postMessage")[2].Button("Ask a question");

        await slack.Client.SendAsync(SlackRequests.Interaction(ClickInThread(ask, "1700000300.000003"), slack.Now), Ct);
        var modal = Assert.Single(slack.Slack.CallsTo("views.open")).Json["view"]!;
        var submitted = await slack.Client.SendAsync(SlackRequests.Interaction(SlackRequests.ViewSubmission("U1MAYA", (string)modal["callback_id"]!,
            (string)modal["private_metadata"]!, new() { ["text"] = "Do sessions on the holiday Monday count?" }, viewId: "V0THREAD"), slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Count(c => c.Method == "chat.postMessage") == 4, Ct);
        // A modal opened before HitBot kept the thread in it has none: its answer goes to the DM itself, as it did.
        var before = JsonNode.Parse((string)modal["private_metadata"]!)!.AsObject();
        before.Remove("thread_ts");
        await slack.Client.SendAsync(SlackRequests.Interaction(SlackRequests.ViewSubmission("U1MAYA", (string)modal["callback_id"]!,
            before.ToJsonString(), new() { ["text"] = "And who covers Tuesday?" }, viewId: "V0OLDER"), slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Count(c => c.Method == "chat.postMessage") == 5, Ct);

        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        var posts = slack.Slack.CallsTo("chat.postMessage");
        Assert.Contains("central team", posts[3].Body, StringComparison.Ordinal);
        Assert.Equal((UnderTheUpdate, "DU1MAYA"), ((string?)posts[3].Json["thread_ts"], (string?)posts[3].Json["channel"]));
        Assert.Contains("central team", posts[4].Body, StringComparison.Ordinal);
        Assert.Null(posts[4].Json["thread_ts"]);
        Assert.Contains(slack.App.Get<FeedbackStore>().NewestFirst(FeedbackStore.InInbox), q => q.Text == "Do sessions on the holiday Monday count?");
    }

    /// <summary>An update to the tutors, sent from the admin API: Maya's Slack DM gets it.</summary>
    static async Task SendUpdateAsync(SlackTestApp slack)
    {
        var admin = slack.App.CreateAdminClient();
        var created = await admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "Week 12: sessions resume Monday", ["body"] = "See you there.", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        (await admin.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();
    }

    /// <summary>Maya's message in the thread under an update HitBot sent her (thread_ts is the update's ts).</summary>
    static JsonObject InThread(string eventId, string text) => SlackRequests.DirectMessageInThread(eventId, "U1MAYA", text, UnderTheUpdate);

    /// <summary>A click on that button of HitBot's card in the thread under the update.</summary>
    static JsonObject ClickInThread(JsonObject button, string actionTs) => SlackRequests.ButtonClickInThread("U1MAYA", button, UnderTheUpdate, actionTs);
}
