using System.Text;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace HitBot.Core;

/// <summary>What Teams' and Slack's renderings of a coordinator's Markdown both ask of a link or a heading.</summary>
public static class MarkdownInlines
{
    /// <summary>A link a card may open: http, https or mailto. A <c>javascript:</c> or <c>data:</c> link shows as its words.</summary>
    public static bool IsLinkTarget(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeMailto);

    /// <summary>The words of a heading, a link's label or an image's alt text, without markup.</summary>
    public static string PlainText(ContainerInline container)
    {
        var sb = new StringBuilder();
        foreach (var inline in container.Descendants<Inline>())
        {
            switch (inline)
            {
                case LiteralInline literal: sb.Append(literal.Content.ToString()); break;
                case CodeInline code: sb.Append(code.Content); break;
                case HtmlEntityInline entity: sb.Append(entity.Transcoded.ToString()); break;
                case LineBreakInline: sb.Append(' '); break;
                default: break;
            }
        }
        return sb.ToString().Trim();
    }
}
