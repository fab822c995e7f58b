namespace HitBot.Core.Messaging;

/// <summary>One outbound message: a card plus the one-line notification text shown in previews and toasts.</summary>
public sealed record Message(string Summary, Card Card)
{
    /// <summary>A message with only text: a card with one text block, so every platform renders it the same way.</summary>
    public static Message Text(string text) => new(FirstLine(text), new Card(null, [new TextBlock(text)], []));

    /// <remarks>
    /// Without its Markdown: neither platform renders it in a notification, where only asterisks were taken out and a link
    /// showed as "[the guide](https://…)" and a word in underscores kept them.
    /// </remarks>
    static string FirstLine(string text)
    {
        var line = MarkdownText.Plain(text.Split('\n', 2)[0]);
        return ShortText.Cut(string.Join(' ', line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), 120, "...");
    }
}
