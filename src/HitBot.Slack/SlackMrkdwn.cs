using System.Globalization;
using System.Text;
using HitBot.Core;
using Markdig;
using Markdig.Extensions.EmphasisExtras;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace HitBot.Slack;

/// <summary>
/// The card model's Markdown as Slack mrkdwn: **bold** → *bold*, _italic_, ~~strike~~ → ~strike~, [t](url) → &lt;url|t&gt;,
/// list items → "• ", headings → a bold line. Text is escaped (&amp;, &lt;, &gt;); raw HTML is shown as text, never passed on.
/// </summary>
public static class SlackMrkdwn
{
    static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseEmphasisExtras(EmphasisExtraOptions.Strikethrough)
        .DisableHtml()
        .Build();

    public static string FromMarkdown(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var source = markdown.Replace("\r\n", "\n", StringComparison.Ordinal);
        MarkdownDocument document;
        try
        {
            document = Markdown.Parse(source, Pipeline);
        }
        catch (ArgumentException e)
        {
            // Markdig's depth guard. Texts are checked when written (MarkdownText); this one can never be sent, so say so
            // as a limit (permanent) rather than let the dispatcher retry it as if Slack were down.
            throw new BlockKitLimitException("The text nests quotes, lists or links too deeply to show in Slack.", e);
        }
        var sb = new StringBuilder();
        Block? previous = null;
        foreach (var block in document)
        {
            var text = BlockText(block, depth: 0);
            if (text.Length == 0) continue;
            // Keep the author's spacing: a blank line in the source stays one, a list right under its intro stays close.
            if (previous is not null) sb.Append(BlankLineBetween(source, previous, block) ? "\n\n" : "\n");
            sb.Append(text);
            previous = block;
        }
        return sb.ToString();
    }

    static bool BlankLineBetween(string source, Block previous, Block next)
    {
        var gap = source.AsSpan(Math.Min(previous.Span.End + 1, source.Length), Math.Max(next.Span.Start - previous.Span.End - 1, 0));
        return gap.Count('\n') >= 2;
    }

    static string BlockText(Block block, int depth) => block switch
    {
        HeadingBlock h => h.Inline is { } inline && InlineText(inline, inBold: true) is { Length: > 0 } text ? $"*{text}*" : "",
        ParagraphBlock p => p.Inline is { } inline ? InlineText(inline, inBold: false) : "",
        ListBlock list => ListText(list, depth),
        QuoteBlock quote => string.Join('\n', ChildTexts(quote, depth).SelectMany(t => t.Split('\n')).Select(line => "> " + line)),
        CodeBlock code => "```\n" + SlackText.Escape(code.Lines.ToString()) + "\n```",
        ThematicBreakBlock => "───",
        LinkReferenceDefinitionGroup => "",
        ContainerBlock container => string.Join("\n\n", ChildTexts(container, depth)),
        LeafBlock leaf => SlackText.Escape(leaf.Lines.ToString()),
        _ => "",
    };

    static IEnumerable<string> ChildTexts(ContainerBlock container, int depth) =>
        container.Select(child => BlockText(child, depth)).Where(t => t.Length > 0);

    static string ListText(ListBlock list, int depth)
    {
        // Slack has no list markup: a bullet character and spaces per level are what its own composer produces.
        var indent = new string(' ', depth * 4);
        var lines = new List<string>();
        var number = int.TryParse(list.OrderedStart, NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : 1;
        foreach (var item in list.OfType<ListItemBlock>())
        {
            var marker = list.IsOrdered ? (number++).ToString(CultureInfo.InvariantCulture) + ". " : depth == 0 ? "• " : "◦ ";
            var first = true;
            foreach (var child in item)
            {
                var text = BlockText(child, depth + 1);
                if (text.Length == 0) continue;
                lines.Add(child is ListBlock ? text : (first ? indent + marker : indent + "    ") + text.Replace("\n", "\n" + indent + "    ", StringComparison.Ordinal));
                first = false;
            }
        }
        return string.Join('\n', lines);
    }

    static string InlineText(ContainerInline container, bool inBold)
    {
        var sb = new StringBuilder();
        AppendInlines(sb, container, inBold);
        return sb.ToString().Trim();
    }

    static void AppendInlines(StringBuilder sb, ContainerInline container, bool inBold)
    {
        foreach (var inline in container)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    sb.Append(SlackText.Escape(literal.Content.ToString()));
                    break;
                case EmphasisInline emphasis:
                    AppendEmphasis(sb, emphasis, inBold);
                    break;
                case CodeInline code:
                    sb.Append('`').Append(SlackText.Escape(code.Content)).Append('`');
                    break;
                case LinkInline link:
                    AppendLink(sb, link.Url, MarkdownInlines.PlainText(link));
                    break;
                case AutolinkInline autolink:
                    AppendLink(sb, autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url, autolink.IsEmail ? autolink.Url : "");
                    break;
                case LineBreakInline:
                    sb.Append('\n');
                    break;
                case HtmlEntityInline entity:
                    sb.Append(SlackText.Escape(entity.Transcoded.ToString()));
                    break;
                case ContainerInline nested:
                    AppendInlines(sb, nested, inBold);
                    break;
                default:
                    sb.Append(SlackText.Escape(inline.ToString() ?? ""));
                    break;
            }
        }
    }

    static void AppendEmphasis(StringBuilder sb, EmphasisInline emphasis, bool inBold)
    {
        var bold = emphasis.DelimiterChar is '*' or '_' && emphasis.DelimiterCount >= 2;
        // Slack cannot nest bold in bold (a heading is already bold): the inner markers would show as asterisks.
        var marker = emphasis.DelimiterChar == '~' ? "~" : bold ? (inBold ? "" : "*") : "_";
        sb.Append(marker);
        AppendInlines(sb, emphasis, inBold || bold);
        sb.Append(marker);
    }

    static void AppendLink(StringBuilder sb, string? url, string label)
    {
        // Only a web or mail address is a link: Slack reads <!channel|…>, <@U…|…> and <#C…|…> as mentions that ping, so a
        // Markdown "link" to "!channel" or "@U123" is shown as its words.
        if (string.IsNullOrWhiteSpace(url) || !MarkdownInlines.IsLinkTarget(url.Trim()))
        {
            sb.Append(SlackText.Escape(label.Length > 0 ? label : url ?? ""));
            return;
        }
        // '|' ends the URL part of a Slack link, and a space ends the URL: both are percent-encoded.
        var target = SlackText.Escape(url.Trim()).Replace("|", "%7C", StringComparison.Ordinal).Replace(" ", "%20", StringComparison.Ordinal);
        sb.Append('<').Append(target);
        if (label.Length > 0 && label != url) sb.Append('|').Append(SlackText.Escape(label));
        sb.Append('>');
    }

}
