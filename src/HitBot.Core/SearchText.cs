using System.Globalization;

namespace HitBot.Core;

/// <summary>
/// "Contains" as a coordinator means it when they search a list: any case, accents or none ("Jose" finds "José",
/// "Nguyen" finds "Nguyễn"), and any apostrophe ("O'Brien" typed on a keyboard finds the "O’Brien" an Excel roster
/// wrote), in any script.
/// </summary>
public static class SearchText
{
    const CompareOptions Loose = CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace | CompareOptions.IgnoreKanaType | CompareOptions.IgnoreWidth;

    /// <summary>True when <paramref name="field"/> contains <paramref name="q"/> (already trimmed, not empty).</summary>
    public static bool Contains(string? field, string q)
    {
        if (field is null) return false;
        if (field.Contains(q, StringComparison.OrdinalIgnoreCase)) return true;
        // Plain ASCII on both sides has no accent or curly apostrophe to fold: the ordinal answer stands (and costs
        // nothing next to the culture-aware one, over every person of a 100,000-person directory).
        if (IsAscii(field) && IsAscii(q)) return false;
        return CultureInfo.InvariantCulture.CompareInfo.IndexOf(Apostrophes(field), Apostrophes(q), Loose) >= 0;
    }

    static bool IsAscii(string text) => !text.AsSpan().ContainsAnyExceptInRange('\0', '\x7F');

    static readonly System.Buffers.SearchValues<char> CurlyApostrophes = System.Buffers.SearchValues.Create("’‘ʼ´`′");

    /// <summary>The apostrophes that spreadsheets and phones write (’ ‘ ʼ ´ `) as the one a keyboard types.</summary>
    static string Apostrophes(string text) =>
        text.AsSpan().IndexOfAny(CurlyApostrophes) < 0 ? text
        : text.Replace('’', '\'').Replace('‘', '\'').Replace('ʼ', '\'').Replace('´', '\'').Replace('`', '\'').Replace('′', '\'');
}
