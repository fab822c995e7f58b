using System.Globalization;
using System.Text;
using HitBot.Core;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace HitBot.Teams;

/// <summary>
/// The card model's Markdown in the subset a Teams TextBlock shows (protocols.md §5.6): bold, italic, lists and links.
/// What Teams would show as raw markup becomes words: a heading a bold line, a quote or code block its lines, an image a
/// link to it, a reference link an inline one, and a link to anything but a web or mail address its label (as in Slack).
/// Everything else is passed on as written, so emphasis, escapes and a tutor's quoted words keep their characters; emoji
/// shortcodes outside code become the emoji (<see cref="TeamsEmoji"/>).
/// </summary>
public static class TeamsMarkdown
{
    static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePreciseSourceLocation().Build();

    public static string FromMarkdown(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var source = markdown.Replace("\r\n", "\n", StringComparison.Ordinal);
        MarkdownDocument document;
        try
        {
            document = Markdown.Parse(source, Pipeline);
        }
        catch (ArgumentException)
        {
            // Markdig's depth guard: such texts are refused where they are written (MarkdownText); show the lines as they are.
            return Paragraphs(source);
        }
        return Paragraphs(string.Join("\n\n", document.Select(b => BlockText(b, source, indent: "")).Where(t => t.Length > 0)));
    }

    static string BlockText(Block block, string source, string indent) => block switch
    {
        HeadingBlock h => h.Inline is { } inline && MarkdownInlines.PlainText(inline) is { Length: > 0 } text ? $"**{TeamsEmoji.Replace(text)}**" : "",
        ListBlock list => ListText(list, source, indent),
        QuoteBlock quote => string.Join("\n\n", quote.Select(b => BlockText(b, source, indent)).Where(t => t.Length > 0)),
        ThematicBreakBlock => "───",
        LinkReferenceDefinitionGroup => "",
        // Code keeps its lines; Teams has no code style, and the fence or indentation would show as typed.
        CodeBlock code => code.Lines.ToString(),
        LeafBlock leaf => LeafText(leaf, source, "\n"),
        ContainerBlock container => string.Join("\n\n", container.Select(b => BlockText(b, source, indent)).Where(t => t.Length > 0)),
        _ => "",
    };

    /// <summary>"- " and "1. " are the markers Teams reads; "+", "*" and "1)" are written as them. Each item is one line.</summary>
    static string ListText(ListBlock list, string source, string indent)
    {
        var lines = new List<string>();
        var number = int.TryParse(list.OrderedStart, NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : 1;
        foreach (var item in list.OfType<ListItemBlock>())
        {
            var marker = list.IsOrdered ? (number++).ToString(CultureInfo.InvariantCulture) + ". " : "- ";
            var inner = indent + new string(' ', marker.Length);
            var words = new List<string>();
            foreach (var child in item)
            {
                if (child is ListBlock nested)
                {
                    FlushItem(lines, marker.Length > 0 ? indent + marker : inner, words);
                    lines.Add(ListText(nested, source, inner));
                    // What follows a nested list in the same item goes on under it, without a marker of its own.
                    marker = "";
                    continue;
                }
                // A line break inside an item would end the list in Teams: the item's lines are joined by spaces.
                var text = child is LeafBlock leaf and not CodeBlock ? LeafText(leaf, source, " ") : BlockText(child, source, inner).Replace('\n', ' ');
                if (text.Length > 0) words.Add(text);
            }
            FlushItem(lines, marker.Length > 0 ? indent + marker : inner, words);
        }
        return string.Join('\n', lines.Where(l => l.Length > 0));
    }

    static void FlushItem(List<string> lines, string lead, List<string> words)
    {
        if (words.Count > 0) lines.Add(lead + string.Join(' ', words));
        words.Clear();
    }

    /// <summary>
    /// A paragraph as written, with the links Teams cannot follow rewritten (<see cref="LinkText"/>); its line breaks are
    /// <paramref name="lineBreak"/>. Read from the source by each inline's place, so escapes and emphasis keep their characters.
    /// </summary>
    static string LeafText(LeafBlock leaf, string source, string lineBreak)
    {
        if (leaf.Inline is not { } inline) return leaf.Lines.ToString().Trim();
        var sb = new StringBuilder();
        AppendInlines(sb, inline, source, lineBreak);
        return sb.ToString().Trim();
    }

    static void AppendInlines(StringBuilder sb, ContainerInline container, string source, string lineBreak)
    {
        foreach (var node in container)
        {
            switch (node)
            {
                case LineBreakInline:
                    sb.Append(lineBreak);
                    break;
                case EmphasisInline emphasis:
                    var delimiter = new string(emphasis.DelimiterChar, emphasis.DelimiterCount);
                    sb.Append(delimiter);
                    AppendInlines(sb, emphasis, source, lineBreak);
                    sb.Append(delimiter);
                    break;
                case LiteralInline:
                    sb.Append(TeamsEmoji.Replace(source.Substring(node.Span.Start, node.Span.Length)));
                    break;
                case AutolinkInline or LinkInline when LinkText(node, source) is { } rewritten:
                    sb.Append(rewritten);
                    break;
                default:
                    sb.Append(source.AsSpan(node.Span.Start, node.Span.Length));
                    break;
            }
        }
    }

    static string? LinkText(Inline node, string source)
    {
        switch (node)
        {
            case AutolinkInline auto when auto.IsEmail:
                return $"[{auto.Url}](mailto:{auto.Url})";
            case AutolinkInline auto:
                return MarkdownInlines.IsLinkTarget(auto.Url) ? $"[{auto.Url}]({Target(auto.Url)})" : auto.Url;
            case LinkInline link:
                var label = link.FirstChild is { } first && link.LastChild is { } last && last.Span.End >= first.Span.Start
                    ? source[first.Span.Start..(last.Span.End + 1)]
                    : "";
                var url = link.Url?.Trim() ?? "";
                if (!MarkdownInlines.IsLinkTarget(url)) return link.IsImage ? MarkdownInlines.PlainText(link) : label;
                if (label.Trim().Length == 0) label = url;
                if (link.IsImage) label = MarkdownInlines.PlainText(link) is { Length: > 0 } alt ? alt : url;
                var rewritten = $"[{label}]({Target(url)})";
                // An ordinary inline link is left exactly as written.
                return rewritten == source[link.Span.Start..(link.Span.End + 1)] ? null : rewritten;
            default:
                return null;
        }
    }

    static string Target(string url) => url.Replace(" ", "%20", StringComparison.Ordinal);

    /// <summary>
    /// Teams needs a blank line between paragraphs, and list items joined by <c>\r</c> (protocols.md §5.6);
    /// a single newline would otherwise be lost.
    /// </summary>
    static string Paragraphs(string markdown)
    {
        var text = new StringBuilder();
        var previousWasList = false;
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.TrimEnd();
            var isList = IsListItem(line);
            if (text.Length > 0 && line.Length > 0)
                text.Append(isList && previousWasList ? "\r" : "\n\n");
            if (line.Length > 0)
            {
                text.Append(line);
                previousWasList = isList;
            }
        }
        return text.ToString();
    }

    static bool IsListItem(string line)
    {
        var t = line.TrimStart();
        if (t.StartsWith("- ", StringComparison.Ordinal) || t.StartsWith("* ", StringComparison.Ordinal)) return true;
        var dot = t.IndexOf(". ", StringComparison.Ordinal);
        return dot > 0 && dot <= 3 && t[..dot].All(char.IsAsciiDigit);
    }
}
