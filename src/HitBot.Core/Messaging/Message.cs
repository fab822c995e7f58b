namespace HitBot.Core.Messaging;

/// <summary>One outbound message: a card plus the one-line notification text shown in previews and toasts.</summary>
public sealed record Message(string Summary, Card Card)
{
    /// <summary>A message with only text: a card with one text block, so every platform renders it the same way.</summary>
    public static Message Text(string text) => new(FirstLine(text), new Card(null, [new TextBlock(text)], []));

    static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Replace("*", "", StringComparison.Ordinal).Trim();
        return ShortText.Cut(line, 120, "...");
    }
}
