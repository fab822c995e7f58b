using System.Text.RegularExpressions;
using Markdig.Extensions.Emoji;

namespace HitBot.Teams;

/// <summary>
/// Emoji shortcodes (<c>:tada:</c>, <c>:+1:</c>) as the emoji itself: Slack draws them, a Teams card shows the colons and
/// the word. Markdig's list of GitHub's shortcodes, which Slack's share; a name it does not know (a workspace's own emoji,
/// a time such as 10:30:00) is left as written.
/// </summary>
public static partial class TeamsEmoji
{
    static readonly IDictionary<string, string> Emoji = EmojiMapping.GetDefaultEmojiShortcodeToUnicode();

    public static string Replace(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Contains(':', StringComparison.Ordinal)
            ? Shortcode().Replace(text, m => Emoji.TryGetValue(m.Value, out var emoji) ? emoji : m.Value)
            : text;
    }

    [GeneratedRegex(@":[a-z0-9_+\-]+:", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Shortcode();
}
