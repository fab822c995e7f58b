using System.Text;
using System.Text.RegularExpressions;

namespace HitBot.Slack;

/// <summary>Escaping, truncating and splitting Slack text without breaking an entity, a link or a surrogate pair.</summary>
public static partial class SlackText
{
    const string Ellipsis = "…";

    /// <summary>The three characters Slack's mrkdwn treats as control characters (protocols.md §8.3); nothing else is escaped.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
            _ = c switch
            {
                '&' => sb.Append("&amp;"),
                '<' => sb.Append("&lt;"),
                '>' => sb.Append("&gt;"),
                _ => sb.Append(c),
            };
        return sb.ToString();
    }

    /// <summary>
    /// A typed message as the person wrote it: Slack sends <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> as entities and wraps a
    /// typed web or e-mail address in its link markup (<c>&lt;https://…|label&gt;</c>), so "Q&amp;A" would otherwise be stored,
    /// and shown in the feedback inbox, as "Q&amp;amp;A". A typed address becomes what the person typed; a link they gave
    /// words of their own becomes a Markdown link, so its address is kept. Other markup (mentions) is left as it came.
    /// </summary>
    public static string Unescape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.IndexOf('&') < 0 && text.IndexOf('<') < 0) return text;
        var links = TypedLink().Replace(text, m => (m.Groups["url"].Value, m.Groups["label"]) switch
        {
            (var url, var label) when label.Value.Trim().Length == 0 => url,
            (var url, var label) when url.EndsWith(label.Value, StringComparison.OrdinalIgnoreCase) => label.Value,
            (var url, var label) => $"[{label.Value}]({url})",
        });
        return links.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"<(?<url>(?:https?://|mailto:)[^|>\s]+)(?:\|(?<label>[^>]*))?>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TypedLink();

    /// <summary>The text itself when it fits, else as much as fits followed by "…".</summary>
    public static string Truncate(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= max) return text;
        return text[..SafeCut(text, max - Ellipsis.Length)].TrimEnd() + Ellipsis;
    }

    /// <summary>
    /// Splits text into pieces of at most <paramref name="max"/> characters, at a blank line if one is near the limit,
    /// else at a line break, else at a space, else anywhere safe. Empty pieces are dropped.
    /// </summary>
    public static IReadOnlyList<string> Split(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pieces = new List<string>();
        var rest = text.Trim('\n');
        while (rest.Length > max)
        {
            var cut = PreferredCut(rest, max);
            var piece = rest[..cut].TrimEnd();
            if (piece.Length > 0) pieces.Add(piece);
            rest = rest[cut..].TrimStart('\n');
            if (rest.StartsWith(' ')) rest = rest[1..];
        }
        if (rest.Trim().Length > 0) pieces.Add(rest);
        return pieces;
    }

    static int PreferredCut(string text, int max)
    {
        // Only cut at a separator in the last two thirds of the window: an early one would leave many tiny pieces.
        var floor = max / 3;
        foreach (var separator in new[] { "\n\n", "\n", " " })
        {
            var at = text.LastIndexOf(separator, max, StringComparison.Ordinal);
            if (at > floor && OutsideLink(text, at)) return at;
        }
        return SafeCut(text, max);
    }

    /// <summary>The largest position ≤ max that is not inside an <c>&amp;amp;</c> entity, a <c>&lt;url|label&gt;</c> link or a surrogate pair.</summary>
    static int SafeCut(string text, int max)
    {
        var cut = Math.Min(max, text.Length);
        var lt = text.LastIndexOf('<', Math.Max(cut - 1, 0));
        if (lt > 0 && text.IndexOf('>', lt) >= cut) cut = lt;
        var amp = text.LastIndexOf('&', Math.Max(cut - 1, 0));
        if (amp >= 0 && cut - amp < 6 && text.IndexOf(';', amp) >= cut) cut = amp;
        if (cut > 0 && cut < text.Length && char.IsLowSurrogate(text[cut])) cut--;
        return cut > 0 ? cut : Math.Min(max, text.Length);
    }

    static bool OutsideLink(string text, int at)
    {
        var lt = text.LastIndexOf('<', at);
        return lt < 0 || text.LastIndexOf('>', at) > lt;
    }
}
