using System.Buffers.Text;
using System.Text;

namespace HitBot.Core;

/// <summary>
/// Where a page of a long list ended, as the opaque value its next page's address carries (<c>after=</c>): the sort keys
/// of the last row, joined and base64url-encoded. Unlike a count of rows, it does not shift when rows before it come or go.
/// </summary>
public static class CursorToken
{
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <remarks>
    /// Each part's own line breaks (a roster name typed on two lines) and backslashes are escaped, so the line breaks
    /// between the parts stay the only ones: unescaped, such a name made a token of one part too many, which
    /// <see cref="Parse"/> refused, and the list could not be paged past that person.
    /// </remarks>
    public static string Of(params ReadOnlySpan<string> parts)
    {
        var escaped = new string[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            escaped[i] = parts[i].Replace(@"\", @"\\", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('\n', escaped)));
    }

    /// <summary>The <paramref name="count"/> parts of a token HitBot wrote; null for anything else (cut, edited, not base64url).</summary>
    public static string[]? Parse(string token, int count)
    {
        if (token.Length is 0 or > 4096 || !Base64Url.IsValid(token)) return null;
        try
        {
            var parts = StrictUtf8.GetString(Base64Url.DecodeFromChars(token)).Split('\n');
            if (parts.Length != count) return null;
            for (var i = 0; i < parts.Length; i++)
                if (Unescaped(parts[i]) is { } part) parts[i] = part;
                else return null;
            return parts;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>A part as <see cref="Of"/> was given it; null when it holds an escape <see cref="Of"/> never writes.</summary>
    static string? Unescaped(string part)
    {
        if (!part.Contains('\\', StringComparison.Ordinal)) return part;
        var text = new StringBuilder(part.Length);
        for (var i = 0; i < part.Length; i++)
        {
            if (part[i] != '\\') text.Append(part[i]);
            else if (i + 1 < part.Length && part[i + 1] is '\\' or 'n') text.Append(part[++i] == 'n' ? '\n' : '\\');
            else return null;
        }
        return text.ToString();
    }
}
