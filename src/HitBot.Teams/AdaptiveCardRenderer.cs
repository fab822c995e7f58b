using System.Text.Json.Nodes;
using HitBot.Core;
using HitBot.Core.Messaging;

namespace HitBot.Teams;

/// <summary>
/// Renders the neutral <see cref="Message"/> as an Adaptive Card 1.5 (protocols.md §5, §10). Pure: same message, same JSON.
/// Submit buttons become Action.Execute with an Action.Submit fallback; both carry the verb and put the button's
/// data under <c>d</c>, so the inputs Teams merges in at the top level can never overwrite it.
/// </summary>
public static class AdaptiveCardRenderer
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";
    public const string DataKey = "d";
    public const string VerbKey = "verb";
    /// <summary>Teams renders at most six actions on a card (its host config); the rest would be dropped.</summary>
    public const int MaxActions = 6;

    /// <summary>The message activity HitBot posts: the card plus the summary Teams shows in notifications and previews.</summary>
    public static JsonObject Activity(Message message) => new()
    {
        ["type"] = "message",
        ["summary"] = TeamsEmoji.Replace(Summary(message)),
        ["attachments"] = new JsonArray(Attachment(message)),
    };

    /// <summary>
    /// Never empty, as Slack's text is not: without a summary Teams puts a generic line in the notification and the chat
    /// list, which says nothing of what the card is.
    /// </summary>
    static string Summary(Message message) =>
        !string.IsNullOrWhiteSpace(message.Summary) ? message.Summary
        : !string.IsNullOrWhiteSpace(message.Card.Title) ? message.Card.Title
        : "A message from HitBot";

    public static JsonObject Attachment(Message message) => new()
    {
        ["contentType"] = ContentType,
        ["content"] = Card(message),
    };

    public static JsonObject Card(Message message)
    {
        var body = new JsonArray();
        if (message.Card.Title is { Length: > 0 } title)
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = TeamsEmoji.Replace(title), ["style"] = "heading", ["size"] = "Large", ["weight"] = "Bolder", ["wrap"] = true });
        foreach (var element in message.Card.Body) body.Add(Element(element));

        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.5",
            ["fallbackText"] = TeamsEmoji.Replace(Summary(message)),
            ["msteams"] = new JsonObject { ["width"] = "Full" },
            ["body"] = body,
        };
        if (message.Card.Actions.Count > 0)
            // Secondary actions go to the card's "…" menu (mode: secondary) and do not take one of the six visible places.
            card["actions"] = new JsonArray(message.Card.Actions.Where(a => a is not SubmitAction { Secondary: true }).Take(MaxActions)
                .Concat(message.Card.Actions.Where(a => a is SubmitAction { Secondary: true })).Select(Action).ToArray<JsonNode?>());
        return card;
    }

    static JsonObject Element(CardElement element) => element switch
    {
        TextBlock t => Text(t),
        FactList f => new JsonObject
        {
            ["type"] = "FactSet",
            // A fact is plain text (Slack shows it so), but Teams reads Markdown in it: a blocked reason an owner typed must
            // not become a link whose words hide where it goes.
            ["facts"] = new JsonArray(f.Facts.Select(x => (JsonNode)new JsonObject
            {
                ["title"] = TeamsEmoji.Replace(MarkdownText.Literal(x.Title)), ["value"] = TeamsEmoji.Replace(MarkdownText.Literal(x.Value)),
            }).ToArray()),
        },
        ImageBlock i => new JsonObject { ["type"] = "Image", ["url"] = i.Url, ["altText"] = i.AltText },
        ChoiceInput c => Choice(c),
        TextInput t => Input("Input.Text", t.Id, t.Label, t.Required, t.Value, extra: o =>
        {
            o["isMultiline"] = t.Multiline;
            o["maxLength"] = t.MaxLength;
            if (t.Placeholder is { } p) o["placeholder"] = p;
        }),
        DateInput d => Input("Input.Date", d.Id, d.Label, d.Required, d.Value, extra: _ => { }),
        _ => throw new ArgumentOutOfRangeException(nameof(element), element.GetType().Name, "No Adaptive Card rendering for this element."),
    };

    static JsonObject Text(TextBlock t)
    {
        var o = new JsonObject { ["type"] = "TextBlock", ["text"] = TeamsMarkdown(t.Markdown), ["wrap"] = true };
        if (t.Subtle)
        {
            o["isSubtle"] = true;
            o["size"] = "Small";
        }
        return o;
    }

    static JsonObject Choice(ChoiceInput c) => Input("Input.ChoiceSet", c.Id, c.Label, c.Required, c.Value, extra: o =>
    {
        o["style"] = c.Style == ChoiceStyle.Compact ? "compact" : "expanded";
        o["isMultiSelect"] = c.Multiple;
        o["choices"] = new JsonArray(c.Choices.Select(x => (JsonNode)new JsonObject { ["title"] = TeamsEmoji.Replace(x.Title), ["value"] = x.Value }).ToArray());
    });

    static JsonObject Input(string type, string id, string label, bool required, string? value, Action<JsonObject> extra)
    {
        // A question written with Slack's shortcodes (":smile: How was this week?") shows the emoji in Teams too.
        var o = new JsonObject { ["type"] = type, ["id"] = id, ["label"] = TeamsEmoji.Replace(label) };
        if (required)
        {
            o["isRequired"] = true;
            o["errorMessage"] = "Please answer this one.";
        }
        if (value is not null) o["value"] = value;
        extra(o);
        return o;
    }

    static JsonObject Action(CardAction action) => action switch
    {
        SubmitAction s => Execute(s),
        OpenUrlAction u => new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = TeamsEmoji.Replace(u.Title), ["url"] = u.Url },
        _ => throw new ArgumentOutOfRangeException(nameof(action), action.GetType().Name, "No Adaptive Card rendering for this action."),
    };

    static JsonObject Execute(SubmitAction s)
    {
        // Older clients that do not know Action.Execute send this instead, as a message activity.
        var fallback = new JsonObject
        {
            ["type"] = "Action.Submit",
            ["title"] = TeamsEmoji.Replace(s.Title),
            ["data"] = new JsonObject { [VerbKey] = s.Verb, [DataKey] = DataObject(s.Data) },
        };
        var execute = new JsonObject
        {
            ["type"] = "Action.Execute",
            ["title"] = TeamsEmoji.Replace(s.Title),
            ["verb"] = s.Verb,
            ["data"] = new JsonObject { [DataKey] = DataObject(s.Data) },
            ["fallback"] = fallback,
        };
        if (s.Style != ActionStyle.Default) execute["style"] = s.Style == ActionStyle.Positive ? "positive" : "destructive";
        if (s.Secondary) execute["mode"] = "secondary";
        // "auto" (the default) validates every required input of the card before the action is sent (protocols.md §5.5).
        if (!s.WithInputs)
        {
            execute["associatedInputs"] = "none";
            fallback["associatedInputs"] = "none";
        }
        return execute;
    }

    static JsonObject DataObject(Dictionary<string, string> data) =>
        new(data.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));

    /// <summary>The text as a Teams TextBlock shows it (<see cref="HitBot.Teams.TeamsMarkdown"/>).</summary>
    public static string TeamsMarkdown(string markdown) => HitBot.Teams.TeamsMarkdown.FromMarkdown(markdown);
}
