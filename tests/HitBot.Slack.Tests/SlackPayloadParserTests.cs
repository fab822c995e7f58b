using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Routing;

namespace HitBot.Slack.Tests;

public sealed class SlackPayloadParserTests
{
    static SlackInteraction? Interaction(JsonObject payload) =>
        SlackPayloadParser.ParseInteraction(new Dictionary<string, string> { ["payload"] = payload.ToJsonString() });

    static JsonObject Submission(JsonObject values) => new()
    {
        ["type"] = "view_submission",
        ["user"] = new JsonObject { ["id"] = "U1", ["team_id"] = "T1" },
        ["team"] = new JsonObject { ["id"] = "T1" },
        ["view"] = new JsonObject
        {
            ["id"] = "V1", ["callback_id"] = "survey.answer", ["private_metadata"] = "{}",
            ["blocks"] = new JsonArray(
                new JsonObject { ["type"] = "input", ["block_id"] = "rating" },
                new JsonObject { ["type"] = "input", ["block_id"] = "topics", ["optional"] = true },
                new JsonObject { ["type"] = "input", ["block_id"] = "start" },
                new JsonObject { ["type"] = "section", ["block_id"] = "intro" }),
            ["state"] = new JsonObject { ["values"] = values },
        },
    };

    [Fact]
    public void Every_kind_of_modal_answer_becomes_a_string_keyed_by_the_question()
    {
        var values = new JsonObject
        {
            ["rating"] = new JsonObject { ["answer"] = new JsonObject { ["type"] = "static_select", ["selected_option"] = new JsonObject { ["value"] = "4" } } },
            ["topics"] = new JsonObject { ["answer"] = new JsonObject { ["type"] = "checkboxes", ["selected_options"] = new JsonArray(new JsonObject { ["value"] = "math" }, new JsonObject { ["value"] = "reading" }) } },
            ["start"] = new JsonObject { ["answer"] = new JsonObject { ["type"] = "datepicker", ["selected_date"] = "2026-03-09" } },
        };

        var submission = Assert.IsType<ViewSubmission>(Interaction(Submission(values)));

        Assert.Equal(new Dictionary<string, string> { ["rating"] = "4", ["topics"] = "math,reading", ["start"] = "2026-03-09" }, submission.Inputs);
        Assert.Empty(submission.Missing);
    }

    [Fact]
    public void Empty_answers_count_as_no_answer_and_only_required_questions_are_missing()
    {
        var values = new JsonObject
        {
            ["rating"] = new JsonObject { ["answer"] = new JsonObject { ["type"] = "static_select", ["selected_option"] = null } },
            ["topics"] = new JsonObject { ["answer"] = new JsonObject { ["type"] = "checkboxes", ["selected_options"] = new JsonArray() } },
            ["start"] = new JsonObject { ["answer"] = new JsonObject { ["type"] = "datepicker", ["selected_date"] = null } },
        };

        var submission = Assert.IsType<ViewSubmission>(Interaction(Submission(values)));

        Assert.Empty(submission.Inputs);
        Assert.Equal(["rating", "start"], submission.Missing);
    }

    [Fact]
    public void A_button_value_written_by_the_renderer_comes_back_as_the_cards_data()
    {
        var rendered = BlockKitRenderer.Message(new Message("Item", new Card(null, [],
            [new SubmitAction("Done", "item.status", new() { ["itemId"] = "i-7", ["status"] = "done" })])));
        var button = rendered["blocks"]?[0]?["elements"]?[0];

        var data = SlackPayloadParser.Data((string?)button?["value"]);

        Assert.Equal("item.status", BlockKitRenderer.VerbOf((string?)button?["action_id"] ?? ""));
        Assert.Equal(new Dictionary<string, string> { ["itemId"] = "i-7", ["status"] = "done" }, data);
    }

    [Fact]
    public void A_message_event_with_a_bot_id_or_a_subtype_is_ignored()
    {
        static SlackEvent? Parse(Action<JsonObject> change)
        {
            var inner = new JsonObject { ["type"] = "message", ["channel_type"] = "im", ["user"] = "U1", ["channel"] = "D1", ["text"] = "hi" };
            change(inner);
            var envelope = new JsonObject { ["type"] = "event_callback", ["team_id"] = "T1", ["event_id"] = "Ev1", ["event"] = inner };
            return SlackPayloadParser.ParseEvent(Encoding.UTF8.GetBytes(envelope.ToJsonString()));
        }

        Assert.IsType<DirectMessage>(Parse(_ => { }));
        Assert.IsType<IgnoredEvent>(Parse(e => e["bot_id"] = "B1"));
        Assert.IsType<IgnoredEvent>(Parse(e => e["subtype"] = "message_deleted"));
    }

    /// <summary>
    /// A reply in a thread names the thread's first message in thread_ts; that first message, once it has replies, carries its
    /// own ts there, and is not in a thread: answered in a thread of its own, the answer would start one under the person's words.
    /// </summary>
    [Theory]
    [InlineData("1700000000.000042", "1700000000.000042")]
    [InlineData("1700000100.000100", null)]
    public void A_message_is_in_a_thread_only_under_another_message(string threadTs, string? expected)
    {
        var inner = new JsonObject
        {
            ["type"] = "message", ["channel_type"] = "im", ["user"] = "U1", ["channel"] = "D1", ["text"] = "hi",
            ["ts"] = "1700000100.000100", ["thread_ts"] = threadTs,
        };
        var envelope = new JsonObject { ["type"] = "event_callback", ["team_id"] = "T1", ["event_id"] = "Ev1", ["event"] = inner };

        var message = Assert.IsType<DirectMessage>(SlackPayloadParser.ParseEvent(Encoding.UTF8.GetBytes(envelope.ToJsonString())));

        Assert.Equal(expected, message.ThreadTs);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"type":"event_callback","event":{"type":"message"}}""")]
    [InlineData("""{"type":"url_verification"}""")]
    public void A_body_slack_would_not_send_is_not_understood(string body)
    {
        Assert.Null(SlackPayloadParser.ParseEvent(Encoding.UTF8.GetBytes(body)));
    }
}
