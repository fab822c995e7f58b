using System.Globalization;

namespace HitBot.Core;

/// <summary>
/// Text cut to fit a button, a notification line or a quote. Cut by UTF-16 length alone, an emoji (two halves, or a
/// family of them joined) or a letter with its accents could be split, and the reader saw a broken character (�) or
/// another emoji; the cut falls between the characters a reader sees (text elements).
/// </summary>
public static class ShortText
{
    /// <summary>The text when it has at most <paramref name="max"/> characters, else as much as fits followed by <paramref name="ellipsis"/>.</summary>
    public static string Cut(string text, int max, string ellipsis = "…")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(ellipsis);
        if (text.Length <= max) return text;
        var room = max - ellipsis.Length;
        var end = 0;
        while (end < text.Length)
        {
            var next = end + StringInfo.GetNextTextElementLength(text, end);
            if (next > room) break;
            end = next;
        }
        return text[..end] + ellipsis;
    }
}
