using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace HitBot.Core;

/// <summary>
/// The sanity check every Markdown text people write goes through before it is saved or shown: quotes, lists, links or
/// emphasis nested into each other without end cannot be rendered (Markdig refuses past its own limit, and Slack's mrkdwn
/// conversion walks the tree), so such a text is refused up front with a message instead of failing later.
/// </summary>
public static class MarkdownText
{
    /// <summary>Levels of the Markdown tree: a three-level list with a bold link is about 12; nobody writes 32 on purpose.</summary>
    public const int MaxDepth = 32;

    /// <summary>The problem with this text for the field <paramref name="field"/>, or null when it is fine.</summary>
    public static string? Problem(string field, string? markdown)
    {
        if (string.IsNullOrEmpty(markdown) || Depth(markdown) <= MaxDepth) return null;
        return $"{field}: quotes, lists, links or emphasis are nested too deeply to show in chat; flatten the text.";
    }

    /// <summary>Why a title or name must stay one line: cards put it inside bold text and lists, which a line break splits.</summary>
    public static string OneLineProblem(string field) =>
        $"{field}: one line, without line breaks; a line break splits it across lines in every card that shows it.";

    /// <summary><see cref="OneLineProblem"/> when <paramref name="text"/> holds a line break; null when it is one line (or absent).</summary>
    public static string? LineBreakProblem(string field, string? text) =>
        text is not null && text.AsSpan().IndexOfAny('\r', '\n') >= 0 ? OneLineProblem(field) : null;

    /// <summary>
    /// Text one person typed, placed in Markdown that someone else reads (a tutor's feedback in the central team's inbox, an
    /// owner's blocked reason in an escalation): shown as typed, so <c>[Reset your password](https://…)</c> is not a link
    /// whose words hide where it goes. Backslash escapes of the link brackets are CommonMark, read by Teams and by
    /// HitBot's Slack conversion alike; bare URLs stay visible as the address they are.
    /// </summary>
    public static string Literal(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\\' or '[' or ']') sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>
    /// The text without its Markdown (<c>**12%**</c> becomes <c>12%</c>), for a card's summary: the line a phone shows in
    /// its notification, where neither platform renders Markdown. A text too deeply nested to parse is returned as it is.
    /// </summary>
    public static string Plain(string markdown)
    {
        try
        {
            return Markdown.ToPlainText(markdown);
        }
        catch (ArgumentException)
        {
            return markdown;
        }
    }

    /// <summary>
    /// The start of a text for a preview of at most about <paramref name="max"/> characters: the whole paragraphs, lists and
    /// headings that fit, then "…". Cut by length alone, the cut fell inside a link or a bold word, and the card showed
    /// "[spring schedule](https://exam…" as typed. When not even the first paragraph fits, its words without Markdown.
    /// </summary>
    public static string Preview(string markdown, int max)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var text = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (text.Length <= max) return text;
        MarkdownDocument document;
        try
        {
            document = Markdown.Parse(text);
        }
        catch (ArgumentException)
        {
            return ShortText.Cut(text, max);
        }
        var end = document.TakeWhile(b => b.Span.End < max - 3).Select(b => b.Span.End + 1).LastOrDefault();
        if (end > 0) return text[..end].TrimEnd() + "\n\n…";
        var words = string.Join(' ', Plain(text).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return ShortText.Cut(words, max);
    }

    /// <summary>How deep the parsed text goes, walked without recursion (a hostile text must not exhaust the stack).</summary>
    public static int Depth(string markdown)
    {
        MarkdownDocument document;
        try
        {
            document = Markdown.Parse(markdown);
        }
        catch (ArgumentException)
        {
            // Markdig's own guard: "too deeply nested - depth limit exceeded".
            return int.MaxValue;
        }
        var deepest = 0;
        var pending = new Stack<(MarkdownObject Node, int Depth)>();
        pending.Push((document, 0));
        while (pending.Count > 0)
        {
            var (node, depth) = pending.Pop();
            deepest = Math.Max(deepest, depth);
            if (deepest > MaxDepth) return deepest;
            switch (node)
            {
                case ContainerBlock container:
                    foreach (var child in container) pending.Push((child, depth + 1));
                    break;
                case LeafBlock { Inline: { } inline }:
                    pending.Push((inline, depth + 1));
                    break;
                case ContainerInline inlines:
                    for (var child = inlines.FirstChild; child is not null; child = child.NextSibling) pending.Push((child, depth + 1));
                    break;
            }
        }
        return deepest;
    }
}
