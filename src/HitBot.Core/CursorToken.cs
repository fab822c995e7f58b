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

    public static string Of(params ReadOnlySpan<string> parts) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('\n', parts)));

    /// <summary>The <paramref name="count"/> parts of a token HitBot wrote; null for anything else (cut, edited, not base64url).</summary>
    public static string[]? Parse(string token, int count)
    {
        if (token.Length is 0 or > 4096 || !Base64Url.IsValid(token)) return null;
        try
        {
            var parts = StrictUtf8.GetString(Base64Url.DecodeFromChars(token)).Split('\n');
            return parts.Length == count ? parts : null;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
