using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Messaging;

namespace HitBot.Slack;

public static partial class BlockKitRenderer
{
    // Button values are opaque strings to Slack and come back verbatim: no need to \u-escape quotes, accents or '<'.
    static readonly JsonSerializerOptions CompactJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    static void AddBody(SurfaceBlocks blocks, Card card, bool inputsAsBlocks)
    {
        var formShown = false;
        foreach (var element in card.Body)
        {
            switch (element)
            {
                case TextBlock { Subtle: true } text:
                    AddContext(blocks, SlackMrkdwn.FromMarkdown(text.Markdown));
                    break;
                case TextBlock text:
                    foreach (var piece in SlackText.Split(SlackMrkdwn.FromMarkdown(text.Markdown), BlockKitLimits.SectionText))
                        blocks.Add(Section(piece));
                    break;
                case FactList facts:
                    AddFacts(blocks, facts);
                    break;
                case ImageBlock image:
                    blocks.Add(Image(image));
                    break;
                case ChoiceInput or TextInput or DateInput when inputsAsBlocks:
                    blocks.Add(Input(element));
                    break;
                case ChoiceInput or TextInput or DateInput when !formShown:
                    blocks.Add(OpenForm(blocks, card));
                    formShown = true;
                    break;
                case ChoiceInput or TextInput or DateInput:
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(card), element.GetType().Name, "No Block Kit rendering for this element.");
            }
        }
    }

    static JsonObject Header(string title) => new() { ["type"] = "header", ["text"] = Plain(title, BlockKitLimits.HeaderText) };

    static JsonObject Section(string mrkdwn) => new() { ["type"] = "section", ["text"] = Mrkdwn(mrkdwn) };

    static void AddContext(SurfaceBlocks blocks, string mrkdwn)
    {
        foreach (var chunk in SlackText.Split(mrkdwn, BlockKitLimits.SectionText).Chunk(BlockKitLimits.ContextElements))
            blocks.Add(new JsonObject { ["type"] = "context", ["elements"] = new JsonArray([.. chunk.Select(Mrkdwn)]) });
    }

    /// <summary>Ten facts per section, each "*Title*\nValue"; Slack lays fields out in two columns.</summary>
    static void AddFacts(SurfaceBlocks blocks, FactList facts)
    {
        var fields = facts.Facts.Select(Field).Where(f => f.Length > 0).ToList();
        foreach (var chunk in fields.Chunk(BlockKitLimits.SectionFields))
            blocks.Add(new JsonObject { ["type"] = "section", ["fields"] = new JsonArray([.. chunk.Select(Mrkdwn)]) });
    }

    static string Field(Fact fact)
    {
        var title = string.IsNullOrWhiteSpace(fact.Title) ? "" : $"*{SlackText.Escape(fact.Title.Trim())}*";
        var value = SlackText.Escape(fact.Value.Trim());
        var text = title.Length > 0 && value.Length > 0 ? title + "\n" + value : title + value;
        return SlackText.Truncate(text, BlockKitLimits.FieldText);
    }

    static JsonObject Image(ImageBlock image) => new()
    {
        ["type"] = "image",
        ["image_url"] = CheckedUrl(image.Url, "image"),
        ["alt_text"] = SlackText.Truncate(FirstNonBlank(image.AltText, "Image"), BlockKitLimits.ImageAltText),
    };

    /// <summary>The one button that stands for a message's inputs; the interactivity step answers it by opening <see cref="Modal"/>.</summary>
    static JsonObject OpenForm(SurfaceBlocks blocks, Card card)
    {
        var labels = card.Body.Select(LabelOf).OfType<string>().ToList();
        var first = $"*{SlackText.Escape(FirstNonBlank(labels[0], "A question for you"))}*";
        var text = labels.Count switch
        {
            1 => first,
            2 => first + " and 1 more question",
            _ => $"{first} and {labels.Count - 1} more questions",
        };
        var button = new JsonObject
        {
            ["type"] = "button",
            ["text"] = Plain("Open to answer", BlockKitLimits.ButtonText),
            ["action_id"] = blocks.ActionId(OpenFormActionId),
            ["style"] = "primary",
        };
        if (card.Actions.OfType<SubmitAction>().FirstOrDefault() is { } submit)
            button["value"] = CheckedValue(new JsonObject { ["verb"] = submit.Verb, ["data"] = DataObject(submit.Data) }, submit);
        return new JsonObject
        {
            ["type"] = "section",
            ["text"] = Mrkdwn(SlackText.Truncate(text, BlockKitLimits.SectionText)),
            ["accessory"] = button,
        };
    }

    static string? LabelOf(CardElement element) => element switch
    {
        ChoiceInput c => c.Label,
        TextInput t => t.Label,
        DateInput d => d.Label,
        _ => null,
    };

    /// <summary>Buttons in rows of at most 25 (Slack's limit per actions block); returns how many blocks they took.</summary>
    static int AddButtons(SurfaceBlocks blocks, IEnumerable<CardAction> actions)
    {
        var rows = actions.Select(a => Button(blocks, a)).Chunk(BlockKitLimits.ActionsElements).ToList();
        foreach (var row in rows)
            blocks.Add(new JsonObject { ["type"] = "actions", ["elements"] = new JsonArray([.. row]) });
        return rows.Count;
    }

    static JsonObject Button(SurfaceBlocks blocks, CardAction action)
    {
        var button = new JsonObject
        {
            ["type"] = "button",
            ["text"] = Plain(FirstNonBlank(action.Title, "Open"), BlockKitLimits.ButtonText),
        };
        switch (action)
        {
            case SubmitAction submit:
                button["action_id"] = blocks.ActionId(submit.Verb);
                if (submit.Data.Count > 0) button["value"] = CheckedValue(DataObject(submit.Data), submit);
                if (submit.Style != ActionStyle.Default) button["style"] = submit.Style == ActionStyle.Positive ? "primary" : "danger";
                break;
            case OpenUrlAction link:
                button["action_id"] = blocks.ActionId(LinkActionId);
                button["url"] = CheckedUrl(link.Url, $"'{link.Title}' button");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action.GetType().Name, "No Block Kit rendering for this action.");
        }
        return button;
    }

    static string CheckedValue(JsonObject value, SubmitAction submit)
    {
        var json = value.ToJsonString(CompactJson);
        if (json.Length > BlockKitLimits.ButtonValue)
            throw new BlockKitLimitException(
                $"The data of the '{submit.Title}' button ({submit.Verb}) is {json.Length} characters as JSON; a Slack button value holds at most " +
                $"{BlockKitLimits.ButtonValue}. Put ids in the button's data and look the rest up when it is pressed.");
        return json;
    }

    static string CheckedUrl(string url, string what) => url.Length <= BlockKitLimits.Url
        ? url
        : throw new BlockKitLimitException($"The {what} URL is {url.Length} characters; Slack accepts at most {BlockKitLimits.Url}.");

    /// <summary>Keys in ordinal order, as the Teams renderer does: the same data always gives the same value.</summary>
    static JsonObject DataObject(Dictionary<string, string> data) =>
        new(data.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));

    static JsonObject Plain(string text, int max) => new() { ["type"] = "plain_text", ["text"] = SlackText.Truncate(text, max) };

    static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };
}
