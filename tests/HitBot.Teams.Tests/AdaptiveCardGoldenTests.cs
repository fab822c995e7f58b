using System.Text.Json;
using System.Text.Json.Nodes;
using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Directory.Chat;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Routing;

namespace HitBot.Teams.Tests;

/// <summary>
/// The activities HitBot posts, byte-for-byte reviewed once and kept in Golden/. A failing test writes the new rendering
/// beside the golden file in the test output (<c>*.actual.json</c>) so the change can be read and, if right, copied over.
/// </summary>
public sealed class AdaptiveCardGoldenTests
{
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    static readonly Person Maya = new() { Id = "p1", Name = "Maya Lopez", Email = "maya.lopez@example.org", Roles = [Roles.Tutor] };

    public static TheoryData<string> Cards => ["welcome", "welcome-unknown", "my-items", "my-items-empty"];

    [Theory]
    [MemberData(nameof(Cards))]
    public void A_card_renders_exactly_as_reviewed(string name)
    {
        var rendered = AdaptiveCardRenderer.Activity(Sample(name));

        var path = Path.Combine(AppContext.BaseDirectory, "Golden", name + ".json");
        var golden = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) : null;
        if (!JsonNode.DeepEquals(golden, rendered))
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path) ?? ".");
            File.WriteAllText(Path.ChangeExtension(path, ".actual.json"), rendered.ToJsonString(Indented) + "\n");
        }
        Assert.True(JsonNode.DeepEquals(golden, rendered), $"{name} differs from Golden/{name}.json; see {Path.ChangeExtension(path, ".actual.json")}.");
    }

    [Fact]
    public void The_welcome_cards_button_is_an_Action_Execute_with_a_Submit_fallback_carrying_the_same_verb()
    {
        var action = AdaptiveCardRenderer.Card(Sample("welcome"))["actions"]?[0];

        Assert.Equal("Action.Execute", action?["type"]?.GetValue<string>());
        Assert.Equal(Interaction.CommandVerb, action?["verb"]?.GetValue<string>());
        Assert.Equal("Action.Submit", action?["fallback"]?["type"]?.GetValue<string>());
        Assert.Equal(Interaction.CommandVerb, action?["fallback"]?["data"]?["verb"]?.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(action?["data"]?["d"], action?["fallback"]?["data"]?["d"]));
    }

    [Fact]
    public void Stop_these_messages_on_a_survey_card_works_without_answering_its_required_questions()
    {
        // As the dispatcher reads it back from the outbox.
        var form = MessageJson.Deserialize(MessageJson.Serialize(new HitBot.Core.Surveys.SurveyCardSamples().Samples().Single(s => s.Name == "survey").Message));

        var actions = AdaptiveCardRenderer.Card(form)["actions"]!.AsArray();
        var stop = actions.Single(a => a?["verb"]?.GetValue<string>() == ConsentRoutes.StopVerb);
        var send = actions.Single(a => a?["verb"]?.GetValue<string>() == HitBot.Core.Surveys.SurveyCards.AnswerVerb);

        // Adaptive Cards validate every required input before an action whose associatedInputs is "auto" (the default).
        Assert.Equal("none", stop?["associatedInputs"]?.GetValue<string>());
        Assert.Equal("none", stop?["fallback"]?["associatedInputs"]?.GetValue<string>());
        Assert.Null(send?["associatedInputs"]);
    }

    static Message Sample(string name) => name switch
    {
        "welcome" => WelcomeCards.Welcome(Maya, "Riverside Tutoring Program"),
        "welcome-unknown" => WelcomeCards.Unknown("Riverside Tutoring Program"),
        _ => new ActionPlanCardSamples().Samples().Single(s => s.Name == name).Message,
    };
}
