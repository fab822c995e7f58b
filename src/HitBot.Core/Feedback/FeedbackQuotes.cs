namespace HitBot.Core.Feedback;

/// <summary>
/// How a card quotes what someone typed, as it stands in an outbox row's JSON: the acknowledgement, the offer, the chat
/// inbox, the reply form and a delivered reply quote an item (<see cref="FeedbackCards"/>' Quote), as typed or on one line,
/// whole or cut. Finding those rows is how its words are removed from the outbox, which has no index on a card's text.
/// </summary>
static class FeedbackQuotes
{
    /// <summary>Longer than this, a quote is recognised by its start: the shortest cut of a quote is 300 characters.</summary>
    const int Start = 250;

    /// <summary>The JSON text of <paramref name="text"/>'s quote in each form a card gives it (opening mark, and closing one when whole).</summary>
    public static IEnumerable<string> Of(string text)
    {
        var asTyped = text.Trim();
        var oneLine = string.Join(' ', asTyped.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return new[] { asTyped, oneLine }.Where(t => t.Length > 0).Select(Quoted).Distinct(StringComparer.Ordinal);
    }

    static string Quoted(string text)
    {
        var quote = text.Length <= Start ? "“" + MarkdownText.Literal(text) + "”" : "“" + MarkdownText.Literal(ShortText.Cut(text, Start, ellipsis: ""));
        return Messaging.MessageJson.Quote(quote)[1..^1];
    }
}
