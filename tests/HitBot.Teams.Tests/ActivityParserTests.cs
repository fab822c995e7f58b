using System.Text.Json;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Routing;
using HitBot.Teams;
using HitBot.Teams.Schema;

namespace HitBot.Teams.Tests;

public sealed class ActivityParserTests
{
    static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    static Activity Read(string json) => JsonSerializer.Deserialize<Activity>(json, Web) ?? throw new JsonException("empty");

    static Interaction Parse(string json) =>
        ActivityParser.TryParse(Read(json), out var interaction, out var error) ? interaction : throw new InvalidOperationException(error);

    // An Action.Submit from a Teams client that does not know Action.Execute, as it arrives (protocols.md §1.7).
    const string SubmitFallback = """
        {
          "type": "message", "id": "1741000000001", "timestamp": "2026-03-02T14:00:00.123Z",
          "serviceUrl": "https://smba.trafficmanager.net/amer/", "channelId": "msteams",
          "from": { "id": "29:1abcDEF", "name": "Maya Lopez", "aadObjectId": "6c1f0e7a-0000-4000-8000-000000000001" },
          "conversation": { "conversationType": "personal", "id": "a:1qhNxyz" },
          "recipient": { "id": "28:7f3c2a51-1e4b-4f7a-9a55-0d6d2c1f9b10", "name": "HitBot" },
          "replyToId": "1740999999999",
          "value": { "verb": "survey.answer", "d": { "runId": "r42", "personId": "someone-else" },
                     "q1": "yes", "q2": "a,c", "msteams": { "type": "messageBack" } },
          "channelData": { "tenant": { "id": "72f988bf-0000-4000-8000-000000000000" }, "source": { "name": "message" } },
          "entities": [ { "type": "clientInfo", "locale": "en-US", "platform": "Web" } ]
        }
        """;

    const string ExecuteInvoke = """
        {
          "type": "invoke", "name": "adaptiveCard/action", "id": "f:8e2c", "channelId": "msteams",
          "serviceUrl": "https://smba.trafficmanager.net/emea/",
          "from": { "id": "29:1abcDEF", "name": "Maya Lopez", "aadObjectId": "6c1f0e7a-0000-4000-8000-000000000001" },
          "conversation": { "conversationType": "personal", "tenantId": "72f988bf-0000-4000-8000-000000000000", "id": "a:1qhNxyz" },
          "recipient": { "id": "28:7f3c2a51-1e4b-4f7a-9a55-0d6d2c1f9b10", "name": "HitBot" },
          "replyToId": "1740999999999",
          "value": { "action": { "type": "Action.Execute", "id": "send", "verb": "item.status",
                                 "data": { "d": { "itemId": "walkthroughs" }, "status": "blocked", "reason": "Waiting on the district" } },
                     "trigger": "manual" }
        }
        """;

    [Fact]
    public void An_Action_Submit_fallback_gives_the_verb_the_buttons_data_and_the_inputs()
    {
        var interaction = Parse(SubmitFallback);

        Assert.Equal("survey.answer", interaction.Verb);
        Assert.Equal(new Dictionary<string, string> { ["runId"] = "r42", ["personId"] = "someone-else" }, interaction.Data);
        Assert.Equal(new Dictionary<string, string> { ["q1"] = "yes", ["q2"] = "a,c" }, interaction.Inputs);
        Assert.Equal("1740999999999", interaction.SourceMessageId);
    }

    [Fact]
    public void A_multi_select_answer_stays_one_comma_joined_string()
    {
        Assert.Equal("a,c", Parse(SubmitFallback).Inputs["q2"]);
    }

    [Fact]
    public void The_sender_comes_from_the_activity_and_never_from_card_data()
    {
        var interaction = Parse(SubmitFallback);

        Assert.Null(interaction.PersonId);
        Assert.Equal(new ChannelAddress
        {
            Channel = ChannelKind.Teams,
            UserId = "29:1abcDEF",
            AadObjectId = "6c1f0e7a-0000-4000-8000-000000000001",
            ConversationId = "a:1qhNxyz",
            ServiceUrl = "https://smba.trafficmanager.net/amer/",
            TenantId = "72f988bf-0000-4000-8000-000000000000",
            BotId = "28:7f3c2a51-1e4b-4f7a-9a55-0d6d2c1f9b10",
            DisplayName = "Maya Lopez",
        }, interaction.From);
    }

    [Fact]
    public void An_Action_Execute_invoke_reads_the_verb_data_and_inputs_from_the_action()
    {
        var interaction = Parse(ExecuteInvoke);

        Assert.Equal("item.status", interaction.Verb);
        Assert.Equal(new Dictionary<string, string> { ["itemId"] = "walkthroughs" }, interaction.Data);
        Assert.Equal(new Dictionary<string, string> { ["status"] = "blocked", ["reason"] = "Waiting on the district" }, interaction.Inputs);
        Assert.Equal("72f988bf-0000-4000-8000-000000000000", interaction.From.TenantId);
        Assert.Equal("1740999999999", interaction.SourceMessageId);
    }

    [Theory]
    [InlineData("""{ "trigger": "manual" }""")]
    [InlineData("""{ "action": { "type": "Action.Submit", "verb": "item.status" } }""")]
    [InlineData("""{ "action": { "type": "Action.Execute" } }""")]
    public void An_adaptive_card_invoke_that_is_not_an_Action_Execute_with_a_verb_is_refused(string value)
    {
        var activity = Read(ExecuteInvoke) with { Value = JsonDocument.Parse(value).RootElement };

        Assert.False(ActivityParser.TryParse(activity, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void A_command_typed_in_a_channel_loses_the_mention_and_keeps_no_personal_chat()
    {
        var interaction = Parse("""
            {
              "type": "message", "id": "1741000000002", "serviceUrl": "https://smba.trafficmanager.net/amer/", "channelId": "msteams",
              "text": "<at>HitBot</at>&nbsp;my items\n", "textFormat": "plain",
              "from": { "id": "29:1abcDEF", "name": "Maya Lopez" },
              "conversation": { "conversationType": "channel", "isGroup": true, "id": "19:abc@thread.tacv2;messageid=1741" },
              "recipient": { "id": "28:7f3c2a51-1e4b-4f7a-9a55-0d6d2c1f9b10", "name": "HitBot" },
              "entities": [ { "type": "mention", "text": "<at>HitBot</at>", "mentioned": { "id": "28:7f3c2a51-1e4b-4f7a-9a55-0d6d2c1f9b10", "name": "HitBot" } } ],
              "channelData": { "tenant": { "id": "t1" }, "team": { "id": "19:team@thread.tacv2" }, "channel": { "id": "19:abc@thread.tacv2" } }
            }
            """);

        Assert.Equal(Interaction.CommandVerb, interaction.Verb);
        Assert.Equal("my items", interaction.Text);
        // Teams sends a message again with its id: what is made of it (typed feedback) is keyed by this.
        Assert.Equal("teams:1741000000002", interaction.InboundId);
        Assert.Null(interaction.From.ConversationId);
        Assert.Equal("t1", interaction.From.TenantId);
    }

    [Fact]
    public void A_button_standing_for_a_command_carries_the_commands_text()
    {
        var activity = Read(SubmitFallback) with
        {
            Value = JsonDocument.Parse("""{ "verb": "command", "d": { "text": "my items" } }""").RootElement,
        };

        Assert.True(ActivityParser.TryParse(activity, out var interaction, out _));
        Assert.Equal("my items", interaction.Text);
    }

    [Fact]
    public void The_emulators_chat_without_a_conversation_type_counts_as_personal()
    {
        var activity = Read(SubmitFallback) with { Conversation = new ConversationAccount { Id = "emulator-conv-1" } };

        Assert.Equal("emulator-conv-1", ActivityParser.Address(activity)?.ConversationId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not a url")]
    [InlineData("ftp://smba.trafficmanager.net/amer/")]
    public void An_activity_without_a_usable_serviceUrl_gives_no_address(string? serviceUrl)
    {
        var activity = Read(SubmitFallback) with { ServiceUrl = serviceUrl };

        Assert.Null(ActivityParser.Address(activity));
        Assert.False(ActivityParser.TryParse(activity, out _, out _));
    }
}
