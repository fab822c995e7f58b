using System.Text.RegularExpressions;

namespace HitBot.Core.Directory;

/// <summary>
/// A person's language as the directory keeps it: a BCP 47 tag in its usual case ("es", "pt-BR", "zh-Hant"). A roster
/// may write the tag, or a common English name ("Spanish"), which becomes its tag. Checked here without the machine's
/// culture data (a server in invariant mode has none), so the same file imports the same way everywhere.
/// </summary>
public static partial class LanguageTag
{
    public const int MaxLength = 35;

    /// <summary>The tag for <paramref name="text"/> (a tag in any case, with '-' or '_', or a name in the table); null when it is neither.</summary>
    public static string? Parse(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxLength) return null;
        if (Names.TryGetValue(trimmed, out var named)) return named;
        var match = Shape().Match(trimmed.Replace('_', '-'));
        if (!match.Success) return null;
        var language = match.Groups["language"].Value.ToLowerInvariant();
        // A two-letter code must be one of ISO 639-1's: "sp" for Spanish is a slip, not a language.
        if (language.Length == 2 && !TwoLetterCodes.Contains(language, StringComparison.Ordinal)) return null;
        var script = match.Groups["script"].Value;
        var region = match.Groups["region"].Value.ToUpperInvariant();
        return language
               + (script.Length > 0 ? "-" + char.ToUpperInvariant(script[0]) + script[1..].ToLowerInvariant() : "")
               + (region.Length > 0 ? "-" + region : "");
    }

    /// <summary>What to write instead, for a refusal: "es, pt-BR or a name such as Spanish".</summary>
    public const string Hint = "write a language tag such as en, es, pt-BR or zh-Hant, or a name such as Spanish";

    /// <summary>
    /// <see cref="Hint"/>, which first asks for one language when <paramref name="text"/> lists several ("English/Spanish"
    /// for a bilingual tutor): the directory keeps one, the language to write to them in.
    /// </summary>
    public static string HintFor(string text) =>
        text.IndexOfAny([';', ',', '/', '|', '&', '+']) >= 0 || text.Contains(" and ", StringComparison.OrdinalIgnoreCase)
            ? "give one language per person, the one to write to them in, and " + Hint
            : Hint;

    /// <summary>
    /// True when <paramref name="language"/> (a person's) is <paramref name="wanted"/> or a variant of it, as BCP 47's basic
    /// filtering reads a range: "es" takes es, es-MX and es-419; "es-MX" takes es-MX only.
    /// </summary>
    public static bool IsWithin(string? language, string wanted) =>
        language is not null
        && (language.Equals(wanted, StringComparison.OrdinalIgnoreCase)
            || language.Length > wanted.Length && language[wanted.Length] == '-' && language.StartsWith(wanted, StringComparison.OrdinalIgnoreCase));

    /// <summary>"Spanish" for es and es-MX, "Brazilian Portuguese" for pt-BR; null for a language the table does not name.</summary>
    public static string? NameOf(string tag) =>
        NamesByTag.GetValueOrDefault(tag) ?? NamesByTag.GetValueOrDefault(tag.Split('-')[0]);

    /// <summary>Language (2 or 3 letters), then an optional script (4 letters) and region (2 letters or 3 digits).</summary>
    [GeneratedRegex("^(?<language>[A-Za-z]{2,3})(-(?<script>[A-Za-z]{4}))?(-(?<region>[A-Za-z]{2}|[0-9]{3}))?$")]
    private static partial Regex Shape();

    /// <summary>ISO 639-1, space-separated.</summary>
    const string TwoLetterCodes =
        "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es " +
        "et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj " +
        "kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv " +
        "ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti " +
        "tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

    /// <summary>The languages a US district's roster most often names in words, in English and as their speakers write them.</summary>
    static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["English"] = "en", ["Spanish"] = "es", ["Español"] = "es", ["Espanol"] = "es", ["Portuguese"] = "pt", ["Português"] = "pt",
        ["Brazilian Portuguese"] = "pt-BR", ["French"] = "fr", ["Français"] = "fr", ["Haitian Creole"] = "ht", ["Kreyòl"] = "ht",
        ["Chinese"] = "zh", ["Mandarin"] = "zh", ["Cantonese"] = "yue", ["Vietnamese"] = "vi", ["Tiếng Việt"] = "vi",
        ["Arabic"] = "ar", ["Russian"] = "ru", ["Ukrainian"] = "uk", ["Polish"] = "pl", ["Korean"] = "ko", ["Japanese"] = "ja",
        ["Tagalog"] = "tl", ["Filipino"] = "fil", ["Somali"] = "so", ["Hmong"] = "hmn", ["Karen"] = "kar", ["Burmese"] = "my",
        ["Nepali"] = "ne", ["Hindi"] = "hi", ["Urdu"] = "ur", ["Bengali"] = "bn", ["Punjabi"] = "pa", ["Gujarati"] = "gu",
        ["Tamil"] = "ta", ["Telugu"] = "te", ["Farsi"] = "fa", ["Persian"] = "fa", ["Dari"] = "prs", ["Pashto"] = "ps",
        ["Amharic"] = "am", ["Tigrinya"] = "ti", ["Swahili"] = "sw", ["Kinyarwanda"] = "rw", ["Yoruba"] = "yo", ["Igbo"] = "ig",
        ["Hausa"] = "ha", ["Turkish"] = "tr", ["Greek"] = "el", ["Hebrew"] = "he", ["Armenian"] = "hy", ["Albanian"] = "sq",
        ["Bosnian"] = "bs", ["Serbian"] = "sr", ["Croatian"] = "hr", ["Romanian"] = "ro", ["Italian"] = "it", ["German"] = "de",
        ["Dutch"] = "nl", ["Khmer"] = "km", ["Lao"] = "lo", ["Thai"] = "th", ["Indonesian"] = "id", ["Malay"] = "ms",
        ["Navajo"] = "nv", ["American Sign Language"] = "ase", ["ASL"] = "ase",
    };

    /// <summary>Each tag's first (English) name in the table.</summary>
    static readonly Dictionary<string, string> NamesByTag = Names.GroupBy(n => n.Value, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(g => g.Key, g => g.First().Key, StringComparer.OrdinalIgnoreCase);
}
