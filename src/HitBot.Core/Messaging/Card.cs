using System.Text.Json.Serialization;

namespace HitBot.Core.Messaging;

/// <summary>A platform-neutral card: an optional heading, body elements top to bottom, then buttons.</summary>
public sealed record Card(string? Title, List<CardElement> Body, List<CardAction> Actions);

/// <summary>One body element of a <see cref="Card"/>. Adapters render each kind; anything new needs both renderers.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(TextBlock), "text")]
[JsonDerivedType(typeof(FactList), "facts")]
[JsonDerivedType(typeof(ImageBlock), "image")]
[JsonDerivedType(typeof(ChoiceInput), "choice")]
[JsonDerivedType(typeof(TextInput), "textInput")]
[JsonDerivedType(typeof(DateInput), "date")]
public abstract record CardElement;

/// <summary>Markdown text (bold, italic, links, lists); <paramref name="Subtle"/> renders it smaller and grey.</summary>
public sealed record TextBlock(string Markdown, bool Subtle = false) : CardElement;

public sealed record Fact(string Title, string Value);

/// <summary>Label/value pairs such as "Due: 12 March".</summary>
public sealed record FactList(List<Fact> Facts) : CardElement;

public sealed record ImageBlock(string Url, string AltText) : CardElement;

public sealed record Choice(string Title, string Value);

public enum ChoiceStyle
{
    /// <summary>All options visible (radio buttons, checkboxes, a row of buttons).</summary>
    Expanded,
    /// <summary>A drop-down, for long lists such as a 0–10 scale.</summary>
    Compact,
}

/// <summary>Single or multiple choice; also 1–5 and 0–10 scales and yes/no/unsure. Values must not contain commas.</summary>
public sealed record ChoiceInput(
    string Id, string Label, List<Choice> Choices, bool Required = false, bool Multiple = false,
    ChoiceStyle Style = ChoiceStyle.Expanded, string? Value = null) : CardElement;

public sealed record TextInput(
    string Id, string Label, bool Multiline = false, int MaxLength = 1000, bool Required = false,
    string? Value = null, string? Placeholder = null) : CardElement;

/// <summary>A date picker; the value is <c>YYYY-MM-DD</c>.</summary>
public sealed record DateInput(string Id, string Label, bool Required = false, string? Value = null) : CardElement;

/// <summary>A button on a <see cref="Card"/>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(SubmitAction), "submit")]
[JsonDerivedType(typeof(OpenUrlAction), "openUrl")]
public abstract record CardAction(string Title);

public enum ActionStyle
{
    Default,
    Positive,
    Destructive,
}

/// <summary>
/// Sends the card's inputs back to HitBot with a verb (e.g. <c>item.status</c>) and small string data; with
/// <paramref name="WithInputs"/> false it sends neither the inputs nor waits for the required ones to be filled in.
/// </summary>
public sealed record SubmitAction(string Title, string Verb, Dictionary<string, string> Data, ActionStyle Style = ActionStyle.Default, bool Secondary = false,
    bool WithInputs = true)
    : CardAction(Title);

public sealed record OpenUrlAction(string Title, string Url) : CardAction(Title);
