using System.Net;
using System.Text.Json.Nodes;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Messaging.Routing;
using HitBot.Slack;
using HitBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Tests;

public sealed class SlackInteractionTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static Task<SlackTestApp> StartAsync() =>
        SlackTestApp.StartAsync(services => services.AddSingleton<IInteractionRoutes, SlackTestRoutes>());

    static JsonObject ModalSubmit(string user, JsonObject values, bool commentRequired) => new()
    {
        ["type"] = "view_submission",
        ["user"] = new JsonObject { ["id"] = user, ["team_id"] = FakeSlackApi.TeamId },
        ["team"] = new JsonObject { ["id"] = FakeSlackApi.TeamId },
        ["view"] = new JsonObject
        {
            ["id"] = "V123",
            ["type"] = "modal",
            ["callback_id"] = SlackTestRoutes.Answer,
            ["private_metadata"] = """{"runId":"r42","channel":"DU1MAYA","ts":"1700000000.000100"}""",
            ["blocks"] = new JsonArray(
                new JsonObject { ["type"] = "input", ["block_id"] = "intent", ["element"] = new JsonObject { ["type"] = "radio_buttons", ["action_id"] = "answer" } },
                commentRequired
                    ? new JsonObject { ["type"] = "input", ["block_id"] = "comment", ["element"] = new JsonObject { ["type"] = "plain_text_input", ["action_id"] = "answer" } }
                    : new JsonObject { ["type"] = "input", ["block_id"] = "comment", ["optional"] = true, ["element"] = new JsonObject { ["type"] = "plain_text_input", ["action_id"] = "answer" } }),
            ["state"] = new JsonObject { ["values"] = values },
        },
    };

    [Fact]
    public async Task A_button_click_is_routed_and_the_message_is_updated_in_place_to_show_what_was_recorded()
    {
        await using var slack = await StartAsync();
        var maya = slack.AddToRoster("Maya Lopez", "maya@example.org");
        slack.Slack.AddUser("U1MAYA", "maya@example.org");

        var response = await slack.Client.SendAsync(
            SlackRequests.Interaction(SlackRequests.ButtonClick("U1MAYA", SlackTestRoutes.Answer + "#2", """{"choice":"yes","runId":"r42"}"""), slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.update"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var update = Assert.Single(slack.Slack.CallsTo("chat.update")).Json;
        Assert.Equal("DU1MAYA", (string?)update["channel"]);
        Assert.Equal("1700000000.000042", (string?)update["ts"]);
        var blocks = update["blocks"]?.ToJsonString() ?? "";
        Assert.Contains("data.choice", blocks, StringComparison.Ordinal);
        Assert.Contains(maya.Id, blocks, StringComparison.Ordinal);
        Assert.Empty(slack.Slack.CallsTo("chat.postMessage"));
    }

    /// <summary>
    /// "/hitbot my items" in a channel answers with a message only Maya sees; Slack's chat.update cannot change such a
    /// message, so the answer to a button on it comes to her DM, where she sees it, instead of failing unseen.
    /// </summary>
    [Fact]
    public async Task A_click_on_a_message_only_the_person_sees_is_answered_in_their_DM()
    {
        await using var slack = await StartAsync();
        slack.AddToRoster("Maya Lopez", "maya@example.org");
        slack.Slack.AddUser("U1MAYA", "maya@example.org");
        var click = SlackRequests.ButtonClick("U1MAYA", SlackTestRoutes.Answer + "#2", """{"choice":"yes","runId":"r42"}""");
        click["container"] = new JsonObject
        {
            ["type"] = "message", ["message_ts"] = "1700000000.000077", ["channel_id"] = "C0GENERAL", ["is_ephemeral"] = true,
        };
        click["channel"] = new JsonObject { ["id"] = "C0GENERAL", ["name"] = "general" };

        var response = await slack.Client.SendAsync(SlackRequests.Interaction(click, slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);
        await slack.DispatcherSettledAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(slack.Slack.CallsTo("chat.update"));
        var answer = Assert.Single(slack.Slack.CallsTo("chat.postMessage")).Json;
        Assert.Equal("DU1MAYA", (string?)answer["channel"]);
        Assert.Contains("data.choice", answer["blocks"]?.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_button_is_only_acknowledged()
    {
        await using var slack = await StartAsync();

        var response = await slack.Client.SendAsync(SlackRequests.Interaction(SlackRequests.ButtonClick("U1", "link", ""), slack.Now), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Empty(slack.App.Get<OutboxStore>().ForCampaign("card-update"));
    }

    [Fact]
    public async Task A_modal_submitted_without_a_required_answer_stays_open_with_an_error_next_to_that_question()
    {
        await using var slack = await StartAsync();
        var values = new JsonObject
        {
            ["intent"] = new JsonObject { ["answer"] = new JsonObject { ["type"] = "radio_buttons", ["selected_option"] = new JsonObject { ["value"] = "yes" } } },
            ["comment"] = new JsonObject { ["answer"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "   " } },
        };

        var response = await slack.Client.SendAsync(SlackRequests.Interaction(ModalSubmit("U1MAYA", values, commentRequired: true), slack.Now), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("errors", (string?)body?["response_action"]);
        var errors = body?["errors"]?.AsObject();
        Assert.Equal(["comment"], errors?.Select(e => e.Key).ToList());
        Assert.Empty(slack.App.Get<OutboxStore>().ForCampaign("card-update"));
    }

    [Fact]
    public async Task A_complete_modal_closes_and_the_message_that_opened_it_is_updated()
    {
        await using var slack = await StartAsync();
        slack.AddToRoster("Maya Lopez", "maya@example.org");
        slack.Slack.AddUser("U1MAYA", "maya@example.org");
        var values = new JsonObject
        {
            ["intent"] = new JsonObject { ["answer"] = new JsonObject { ["type"] = "radio_buttons", ["selected_option"] = new JsonObject { ["value"] = "unsure" } } },
            ["comment"] = new JsonObject { ["answer"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = null } },
        };

        var response = await slack.Client.SendAsync(SlackRequests.Interaction(ModalSubmit("U1MAYA", values, commentRequired: false), slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.update"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
        var update = Assert.Single(slack.Slack.CallsTo("chat.update")).Json;
        Assert.Equal(("DU1MAYA", "1700000000.000100"), ((string?)update["channel"], (string?)update["ts"]));
        var blocks = update["blocks"]?.ToJsonString() ?? "";
        Assert.Contains("input.intent", blocks, StringComparison.Ordinal);
        Assert.Contains("unsure", blocks, StringComparison.Ordinal);
        Assert.DoesNotContain("input.comment", blocks, StringComparison.Ordinal);
        Assert.Contains("data.runId", blocks, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_to_answer_opens_the_form_as_a_modal_that_remembers_which_message_to_update()
    {
        await using var slack = await StartAsync();
        var message = BlockKitRenderer.Message(SlackTestRoutes.Form("r42"));
        var button = message["blocks"]?.AsArray().Select(b => b?["accessory"]).First(a => (string?)a?["action_id"] == BlockKitRenderer.OpenFormActionId);

        var response = await slack.Client.SendAsync(
            SlackRequests.Interaction(SlackRequests.ButtonClick("U1MAYA", BlockKitRenderer.OpenFormActionId, (string?)button?["value"] ?? ""), slack.Now), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var open = Assert.Single(slack.Slack.CallsTo("views.open")).Json;
        Assert.Equal("1.2.trigger", (string?)open["trigger_id"]);
        Assert.Equal(SlackTestRoutes.Answer, (string?)open["view"]?["callback_id"]);
        Assert.Equal("intent", (string?)open["view"]?["blocks"]?[0]?["block_id"]);
        var metadata = JsonNode.Parse((string?)open["view"]?["private_metadata"] ?? "");
        Assert.Equal(("r42", "DU1MAYA", "1700000000.000042"), ((string?)metadata?["runId"], (string?)metadata?["channel"], (string?)metadata?["ts"]));
    }

    [Fact]
    public async Task When_slack_will_not_open_the_form_the_person_is_asked_to_press_again()
    {
        await using var slack = await StartAsync();
        slack.Slack.FailNext("views.open", "expired_trigger_id");
        var value = """{"verb":"slack-test.answer","data":{"runId":"r42"}}""";

        await slack.Client.SendAsync(SlackRequests.Interaction(SlackRequests.ButtonClick("U1MAYA", BlockKitRenderer.OpenFormActionId, value), slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);

        Assert.Contains("press the button again", Assert.Single(slack.Slack.CallsTo("chat.postMessage")).Body, StringComparison.Ordinal);
    }
}
