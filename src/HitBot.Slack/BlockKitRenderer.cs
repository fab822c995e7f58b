using System.Text.Json.Nodes;
using HitBot.Core.Messaging;

namespace HitBot.Slack;

/// <summary>
/// Renders the neutral <see cref="Message"/> as Slack Block Kit (protocols.md §8, §10). Pure: same message, same JSON.
/// A submit button's <c>action_id</c> is its verb (see <see cref="VerbOf"/>) and its <c>value</c> the compact JSON of its data.
/// Slack messages have no form submit, so a message with inputs shows one "Open to answer" button
/// (<see cref="OpenFormActionId"/>) instead; the inputs themselves are rendered by <see cref="Modal"/>.
/// </summary>
public static partial class BlockKitRenderer
{
    /// <summary>The button that stands for a card's inputs in a message; its value is <c>{"verb":…,"data":{…}}</c> of the card's submit.</summary>
    public const string OpenFormActionId = "card.open";
    /// <summary>Link buttons: Slack still posts block_actions for them, which only need an acknowledgement.</summary>
    public const string LinkActionId = "link";
    /// <summary>Every input element's action_id in a modal; the answer is found under the block_id, which is the input's id.</summary>
    public const string AnswerActionId = "answer";
    public const char ActionIdSeparator = '#';

    /// <summary>The body of <c>chat.postMessage</c>/<c>chat.update</c>: <c>text</c> for notifications and screen readers, plus blocks.</summary>
    public static JsonObject Message(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var blocks = new SurfaceBlocks(BlockKitLimits.MessageBlocks);
        var buttons = AddMessageCard(blocks, message.Card);
        return new JsonObject
        {
            ["text"] = SlackText.Escape(FirstNonBlank(message.Summary, message.Card.Title, "A message from HitBot")),
            ["blocks"] = blocks.ToJson(keepLast: buttons),
        };
    }

    /// <summary>
    /// The card as a modal for <c>views.open</c>: inputs become input blocks (block_id = input id), the first submit
    /// button becomes the modal's submit and <paramref name="callbackId"/> (the verb) comes back in <c>view_submission</c>.
    /// </summary>
    public static JsonObject Modal(Message message, string callbackId, string privateMetadata)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(callbackId);
        ArgumentNullException.ThrowIfNull(privateMetadata);
        if (callbackId.Length > BlockKitLimits.Id)
            throw new BlockKitLimitException($"A modal's callback_id holds at most {BlockKitLimits.Id} characters; '{callbackId[..40]}…' has {callbackId.Length}.");
        if (privateMetadata.Length > BlockKitLimits.PrivateMetadata)
            throw new BlockKitLimitException($"A modal's private_metadata holds at most {BlockKitLimits.PrivateMetadata} characters; this one has {privateMetadata.Length}. Keep ids in it and look the rest up.");

        var card = message.Card;
        var submit = card.Actions.OfType<SubmitAction>().FirstOrDefault();
        var title = FirstNonBlank(card.Title, message.Summary, "HitBot");
        var blocks = new SurfaceBlocks(BlockKitLimits.ViewBlocks);
        // The modal title holds 24 characters: a longer card title is repeated in full as a header.
        if (title.Length > BlockKitLimits.ViewTitle) blocks.Add(Header(title));
        AddBody(blocks, card, inputsAsBlocks: true);
        // A secondary action ("Stop these messages") stays on the message: at the foot of a form it sat just above Send on
        // a phone, and its answer went to the DM behind the modal, which stayed open as if the tap had done nothing.
        var buttons = AddButtons(blocks, card.Actions.Where(a => !ReferenceEquals(a, submit) && a is not SubmitAction { Secondary: true }));
        if (blocks.Count == 0) blocks.Add(Section(SlackText.Escape(title)));

        var view = new JsonObject
        {
            ["type"] = "modal",
            ["callback_id"] = callbackId,
            ["title"] = Plain(title, BlockKitLimits.ViewTitle),
        };
        if (submit is not null || card.Body.Any(IsInput)) view["submit"] = Plain(FirstNonBlank(submit?.Title, "Send"), BlockKitLimits.ViewTitle);
        view["close"] = Plain("Cancel", BlockKitLimits.ViewTitle);
        if (privateMetadata.Length > 0) view["private_metadata"] = privateMetadata;
        view["blocks"] = blocks.ToJson(keepLast: buttons);
        return view;
    }

    /// <summary>The App Home tab for <c>views.publish</c>: each message in turn, separated by dividers.</summary>
    public static JsonObject Home(IEnumerable<Message> sections)
    {
        ArgumentNullException.ThrowIfNull(sections);
        var blocks = new SurfaceBlocks(BlockKitLimits.ViewBlocks);
        foreach (var message in sections)
        {
            if (blocks.Count > 0) blocks.Add(new JsonObject { ["type"] = "divider" });
            AddMessageCard(blocks, message.Card);
        }
        if (blocks.Count == 0) blocks.Add(Section("Nothing here yet."));
        return new JsonObject { ["type"] = "home", ["blocks"] = blocks.ToJson() };
    }

    /// <summary>The verb behind an action_id: <c>item.status#2</c> → <c>item.status</c>.</summary>
    public static string VerbOf(string actionId)
    {
        ArgumentNullException.ThrowIfNull(actionId);
        var at = actionId.LastIndexOf(ActionIdSeparator);
        if (at <= 0 || at == actionId.Length - 1 || actionId.AsSpan(at + 1).ContainsAnyExceptInRange('0', '9')) return actionId;
        return actionId[..at];
    }

    /// <summary>Header, body and buttons of a message or a Home section; returns how many blocks the buttons took.</summary>
    static int AddMessageCard(SurfaceBlocks blocks, Card card)
    {
        if (!string.IsNullOrWhiteSpace(card.Title)) blocks.Add(Header(card.Title));
        AddBody(blocks, card, inputsAsBlocks: false);
        // With inputs, a submit button in the message would send no answers: the modal's submit stands in for it. A
        // secondary action ("Stop these messages") takes no answers, so it stays a button of the message.
        var hasInputs = card.Body.Any(IsInput);
        return AddButtons(blocks, card.Actions.Where(a => !(hasInputs && a is SubmitAction { Secondary: false })));
    }

    static bool IsInput(CardElement element) => element is ChoiceInput or TextInput or DateInput;

    /// <summary>A card Slack shows as a modal (a slash command's answer, export-cards' samples): inputs and a submit button that sends them.</summary>
    public static bool IsForm(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Card.Body.Any(IsInput) && message.Card.Actions.OfType<SubmitAction>().Any();
    }

    static string FirstNonBlank(params string?[] candidates) =>
        candidates.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c))?.Trim() ?? "";
}
