using System.Net;
using System.Text.Json.Nodes;
using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Erasure;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Routing;
using Microsoft.Extensions.DependencyInjection;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

public sealed class SlackCommandTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Slash_hitbot_my_items_answers_only_the_person_who_typed_it_with_their_items()
    {
        await using var slack = await SlackTestApp.StartAsync();
        var maya = slack.AddToRoster("Maya Lopez", "maya@example.org");
        slack.Slack.AddUser("U1MAYA", "maya@example.org");
        var plan = slack.App.Get<ActionPlanStore>();
        plan.Save(plan.All()[0] with { OwnerId = maya.Id, Title = "Book the library room" });

        var response = await slack.Client.SendAsync(SlackRequests.Command("U1MAYA", "my items", slack.Now), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("ephemeral", (string?)body?["response_type"]);
        Assert.Contains("Book the library room", body?["blocks"]?.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_answer_naming_someone_erased_while_it_was_worked_out_does_not_show_their_name()
    {
        await using var slack = await SlackTestApp.StartAsync(services => services.AddSingleton<IInteractionRoutes, NamesMaya>());
        var maya = slack.AddToRoster("Maya Lopez", "maya@example.org");
        slack.AddToRoster("Cam Coordinator", "cam@example.org");
        slack.Slack.AddUser("U1CAM", "cam@example.org");
        // The route stands for an answer worked out from a read made before her erasure: it still names her after it.
        NamesMaya.Id = maya.Id;
        slack.App.Get<PersonErasure>().Erase(maya.Id);

        var response = await slack.Client.SendAsync(SlackRequests.Command("U1CAM", "who wrote", slack.Now), Ct);

        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("Maya", body, StringComparison.Ordinal);
        Assert.Contains(InteractionResult.AnswerChangedText, body, StringComparison.Ordinal);
    }

    /// <summary>A command whose answer names Maya and declares it, as the feedback inbox's author lines do.</summary>
    sealed class NamesMaya : IInteractionRoutes
    {
        public static string Id { get; set; } = "";

        public void Register(InteractionRouter router) => router.MapCommandForAnyone("who wrote", "Who wrote it",
            (_, _) => InteractionResult.Respond(Message.Text("Maya Lopez wrote it.")) with { Names = [Id] });
    }

    [Fact]
    public async Task A_one_line_answer_to_a_slash_command_reads_as_slack_formatting_not_as_markdown_asterisks()
    {
        await using var slack = await SlackTestApp.StartAsync();
        slack.AddToRoster("Maya Lopez", "maya@example.org");
        slack.Slack.AddUser("U1MAYA", "maya@example.org");

        // A tutor typing "reply" alone is told how to write to the central team, in one sentence with a bold word.
        var response = await slack.Client.SendAsync(SlackRequests.Command("U1MAYA", "reply", slack.Now), Ct);

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("ephemeral", (string?)body?["response_type"]);
        var shown = body?.ToJsonString() ?? "";
        // Slack's bold is *one* asterisk: "**feedback**" showed its asterisks on the tutor's phone.
        Assert.Contains("type *feedback* and your message", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("**", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_slash_command_verb_answers_with_help()
    {
        await using var slack = await SlackTestApp.StartAsync();

        var response = await slack.Client.SendAsync(SlackRequests.Command("U1", "frobnicate", slack.Now), Ct);

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("ephemeral", (string?)body?["response_type"]);
        Assert.Contains("What I can do", body?["blocks"]?.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("latest update", body?["blocks"]?.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_signed_slash_command_sent_twice_creates_one_feedback_item()
    {
        await using var slack = await SlackTestApp.StartAsync();
        slack.AddToRoster("Maya Lopez", "maya@example.org");
        slack.Slack.AddUser("U1MAYA", "maya@example.org");
        var original = SlackRequests.Command("U1MAYA", "feedback The Friday room is double-booked", slack.Now);
        var replay = await Copy(original);

        var first = await slack.Client.SendAsync(original, Ct);
        var second = await slack.Client.SendAsync(replay, Ct);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Contains("central team", await first.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var item = Assert.Single(slack.App.Get<HitBot.Core.Feedback.FeedbackStore>().NewestFirst(HitBot.Core.Feedback.FeedbackStore.InInbox));
        Assert.Equal("The Friday room is double-booked", item.Text);
    }

    /// <summary>The replay guard is for the same request sent again, not for a person asking the same thing twice.</summary>
    [Fact]
    public async Task The_same_command_typed_again_a_minute_later_is_answered_again()
    {
        await using var slack = await SlackTestApp.StartAsync();
        slack.AddToRoster("Maya Lopez", "maya@example.org");
        slack.Slack.AddUser("U1MAYA", "maya@example.org");

        var first = await slack.Client.SendAsync(SlackRequests.Command("U1MAYA", "help", slack.Now), Ct);
        slack.App.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await slack.Client.SendAsync(SlackRequests.Command("U1MAYA", "help", slack.Now), Ct);

        Assert.Contains("What I can do", await first.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("What I can do", await second.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    /// <summary>All text Slack sends uses one escaping (its formatting reference): a command's text as a message's.</summary>
    [Fact]
    public async Task Feedback_typed_after_the_slash_command_is_stored_as_typed_not_with_Slacks_entities()
    {
        await using var slack = await SlackTestApp.StartAsync();
        slack.AddToRoster("Maya Lopez", "maya@example.org");
        slack.Slack.AddUser("U1MAYA", "maya@example.org");

        await slack.Client.SendAsync(SlackRequests.Command("U1MAYA", "feedback Q&amp;A runs 3-&gt;5, see <https://example.org/faq>", slack.Now), Ct);

        var item = Assert.Single(slack.App.Get<HitBot.Core.Feedback.FeedbackStore>().NewestFirst(HitBot.Core.Feedback.FeedbackStore.InInbox));
        Assert.Equal("Q&A runs 3->5, see https://example.org/faq", item.Text);
    }

    /// <summary>A Slack-only district: the coordinator's "Ready to send?" counted tutors "not in Teams or Slack yet", a chat it does not use.</summary>
    [Fact]
    public async Task In_a_Slack_only_district_the_update_confirmation_says_who_is_not_in_Slack_yet_without_naming_Teams()
    {
        await using var slack = await SlackTestApp.StartAsync();
        slack.App.Get<RosterImport>().Import(new StringReader("name,email,role\nLena Park,lena@example.org,central team\nAna Ruiz,ana@example.org,tutor\n"), false);
        slack.Slack.AddUser("U1LENA", "lena@example.org");
        await slack.Client.SendAsync(SlackRequests.Command("U1LENA", "update", slack.Now), Ct);
        var modal = Assert.Single(slack.Slack.CallsTo("views.open")).Json["view"]!;

        await slack.Client.SendAsync(SlackRequests.Interaction(SlackRequests.ViewSubmission("U1LENA", "update.compose", (string)modal["private_metadata"]!,
            new() { ["title"] = "Grant site closes early Friday", ["body"] = "Sessions end at 2pm." }, new() { ["roles"] = ["tutor"] }), slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);

        var confirm = Assert.Single(slack.Slack.CallsTo("chat.postMessage")).Json.ToJsonString();
        Assert.Contains("1 not in Slack yet", confirm, StringComparison.Ordinal);
        Assert.DoesNotContain("Teams", confirm, StringComparison.Ordinal);
    }

    static async Task<HttpRequestMessage> Copy(HttpRequestMessage request)
    {
        var body = await request.Content!.ReadAsByteArrayAsync(Ct);
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Content = new ByteArrayContent(body) };
        foreach (var (name, values) in request.Headers) copy.Headers.TryAddWithoutValidation(name, values);
        foreach (var (name, values) in request.Content.Headers) copy.Content.Headers.TryAddWithoutValidation(name, values);
        return copy;
    }
}
