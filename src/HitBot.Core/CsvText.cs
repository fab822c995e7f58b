using System.Text;

namespace HitBot.Core;

/// <summary>
/// The text of a CSV someone uploads. UTF-8 (with or without a byte order mark) and UTF-16 with one are read as such; a
/// file that is not valid UTF-8 is read as Windows-1252, which is what Excel's "CSV (Comma delimited)" writes on Windows,
/// so "José" is not stored as "Jos\uFFFD" and "O’Brien" keeps its apostrophe.
/// </summary>
public static class CsvText
{
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252) ?? Encoding.Latin1;

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(Encoding.UTF8.Preamble)) return Encoding.UTF8.GetString(bytes[Encoding.UTF8.Preamble.Length..]);
        if (bytes.StartsWith(Encoding.Unicode.Preamble)) return Encoding.Unicode.GetString(bytes[Encoding.Unicode.Preamble.Length..]);
        if (bytes.StartsWith(Encoding.BigEndianUnicode.Preamble)) return Encoding.BigEndianUnicode.GetString(bytes[Encoding.BigEndianUnicode.Preamble.Length..]);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Windows1252.GetString(bytes);
        }
    }
}
