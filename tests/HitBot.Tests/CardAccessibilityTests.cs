using System.Text.Json.Nodes;
using HitBot.Core.Messaging;
using HitBot.Slack;
using HitBot.Teams;
using HitBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Tests;

/// <summary>
/// Every card in the gallery, as Teams and Slack get it, for a tutor with a screen reader or reading a phone's notification:
/// each input says what it asks (a label, read out with the field), a required one says what is missing, each image is
/// described, and the text beside the card (Teams' summary and fallbackText, Slack's text) says what the card is.
/// </summary>
public sealed class CardAccessibilityTests : IDisposable
{
    readonly HitBotApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public void Every_card_tells_a_screen_reader_what_it_is_what_each_field_asks_and_what_each_image_shows()
    {
        var problems = new List<string>();
        foreach (var sample in app.Services.GetServices<ICardSamples>().SelectMany(s => s.Samples()))
        {
            var message = sample.Message;
            var activity = AdaptiveCardRenderer.Activity(message);
            var card = activity["attachments"]![0]!["content"]!;
            if (string.IsNullOrWhiteSpace((string?)activity["summary"])) problems.Add($"{sample.Name}: Teams summary is empty");
            if (string.IsNullOrWhiteSpace((string?)card["fallbackText"])) problems.Add($"{sample.Name}: Teams fallbackText is empty");
            foreach (var node in Objects(card))
            {
                var type = (string?)node["type"] ?? "";
                if (type.StartsWith("Input.", StringComparison.Ordinal) && string.IsNullOrWhiteSpace((string?)node["label"]))
                    problems.Add($"{sample.Name}: Teams {type} '{node["id"]}' has no label");
                if ((bool?)node["isRequired"] == true && string.IsNullOrWhiteSpace((string?)node["errorMessage"]))
                    problems.Add($"{sample.Name}: Teams required '{node["id"]}' has no errorMessage");
                if (type == "Image" && string.IsNullOrWhiteSpace((string?)node["altText"]))
                    problems.Add($"{sample.Name}: Teams image has no altText");
            }

            var slack = BlockKitRenderer.Message(message);
            var text = (string?)slack["text"];
            if (string.IsNullOrWhiteSpace(text) || text == "A message from HitBot") problems.Add($"{sample.Name}: Slack text says nothing of the card ('{text}')");
            var surfaces = new List<JsonNode> { slack };
            if (BlockKitRenderer.IsForm(message)) surfaces.Add(BlockKitRenderer.Modal(message, "verb", ""));
            foreach (var node in surfaces.SelectMany(Objects))
            {
                var type = (string?)node["type"];
                if (type == "image" && string.IsNullOrWhiteSpace((string?)node["alt_text"])) problems.Add($"{sample.Name}: Slack image has no alt_text");
                if (type == "input" && string.IsNullOrWhiteSpace((string?)node["label"]?["text"])) problems.Add($"{sample.Name}: Slack input '{node["block_id"]}' has no label");
                if (type == "input" && (string?)node["label"]?["text"] == (string?)node["block_id"]) problems.Add($"{sample.Name}: Slack input '{node["block_id"]}' is labelled with its id");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Objects(p.Value))),
        JsonArray a => a.SelectMany(Objects),
        _ => [],
    };
}
