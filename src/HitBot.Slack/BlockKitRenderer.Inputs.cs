using System.Globalization;
using System.Text.Json.Nodes;
using HitBot.Core.Messaging;

namespace HitBot.Slack;

public static partial class BlockKitRenderer
{
    /// <summary>An input block of a modal: block_id = the input's id, element action_id = "answer" (protocols.md §10, survey flow).</summary>
    static JsonObject Input(CardElement element) => element switch
    {
        ChoiceInput c => InputBlock(c.Id, c.Label, c.Required, Choice(c)),
        TextInput t => InputBlock(t.Id, t.Label, t.Required, Text(t)),
        DateInput d => InputBlock(d.Id, d.Label, d.Required, Date(d)),
        _ => throw new ArgumentOutOfRangeException(nameof(element), element.GetType().Name, "Not an input."),
    };

    static JsonObject InputBlock(string id, string label, bool required, JsonObject element)
    {
        if (id.Length is 0 or > BlockKitLimits.Id)
            throw new BlockKitLimitException($"The input id '{id}' cannot be a Slack block_id: it must have 1 to {BlockKitLimits.Id} characters.");
        var block = new JsonObject
        {
            ["type"] = "input",
            ["block_id"] = id,
            ["label"] = Plain(FirstNonBlank(label, id), BlockKitLimits.InputLabel),
            ["element"] = element,
        };
        if (!required) block["optional"] = true;
        return block;
    }

    /// <summary>Radio buttons or checkboxes up to 10 options, a drop-down beyond (or when the card asks for one), at most 100.</summary>
    static JsonObject Choice(ChoiceInput input)
    {
        if (input.Choices.Count == 0)
            throw new BlockKitLimitException($"The choice '{input.Id}' has no options; Slack needs at least one.");
        if (input.Choices.Count > BlockKitLimits.SelectOptions)
            throw new BlockKitLimitException($"The choice '{input.Id}' has {input.Choices.Count} options; a Slack drop-down holds at most {BlockKitLimits.SelectOptions}.");

        var expanded = input.Style == ChoiceStyle.Expanded && input.Choices.Count <= BlockKitLimits.ExpandedOptions;
        var type = (input.Multiple, expanded) switch
        {
            (false, true) => "radio_buttons",
            (false, false) => "static_select",
            (true, true) => "checkboxes",
            (true, false) => "multi_static_select",
        };
        var options = input.Choices.Select(c => Option(input, c)).ToList();
        var element = new JsonObject
        {
            ["type"] = type,
            ["action_id"] = AnswerActionId,
            ["options"] = new JsonArray([.. options]),
        };
        if (!expanded) element["placeholder"] = Plain(input.Multiple ? "Choose one or more" : "Choose one", BlockKitLimits.Placeholder);

        // The card keeps a multiple choice as one comma-joined string (Card.cs); Slack wants the chosen option objects.
        var chosen = (input.Value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var initial = options.Where(o => chosen.Contains((string?)o["value"], StringComparer.Ordinal)).Select(o => o.DeepClone()).ToList();
        if (input.Multiple && initial.Count > 0) element["initial_options"] = new JsonArray([.. initial]);
        else if (!input.Multiple && initial.Count > 0) element["initial_option"] = initial[0];
        return element;
    }

    static JsonObject Option(ChoiceInput input, Choice choice)
    {
        // A value is what gets stored as the answer: cutting it would store a different answer, so it is refused instead.
        if (choice.Value.Length is 0 or > BlockKitLimits.OptionValue)
            throw new BlockKitLimitException(
                $"The option '{choice.Title}' of '{input.Id}' has a value of {choice.Value.Length} characters; Slack option values need 1 to {BlockKitLimits.OptionValue}.");
        return new JsonObject { ["text"] = Plain(FirstNonBlank(choice.Title, choice.Value), BlockKitLimits.OptionText), ["value"] = choice.Value };
    }

    static JsonObject Text(TextInput input)
    {
        var maxLength = Math.Clamp(input.MaxLength, 1, BlockKitLimits.TextInputLength);
        var element = new JsonObject { ["type"] = "plain_text_input", ["action_id"] = AnswerActionId };
        if (input.Multiline) element["multiline"] = true;
        element["max_length"] = maxLength;
        if (!string.IsNullOrEmpty(input.Value)) element["initial_value"] = input.Value.Length <= maxLength ? input.Value : input.Value[..maxLength];
        if (!string.IsNullOrWhiteSpace(input.Placeholder)) element["placeholder"] = Plain(input.Placeholder, BlockKitLimits.Placeholder);
        return element;
    }

    static JsonObject Date(DateInput input)
    {
        var element = new JsonObject { ["type"] = "datepicker", ["action_id"] = AnswerActionId };
        if (DateOnly.TryParseExact(input.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            element["initial_date"] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return element;
    }
}
