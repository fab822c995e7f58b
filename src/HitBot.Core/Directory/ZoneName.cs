namespace HitBot.Core.Directory;

/// <summary>
/// A person's time zone as the directory keeps it: an IANA id ("America/Chicago"). A roster or the admin API may write the
/// id in any case (with spaces for '_'), its city ("Chicago", "Los Angeles"), or a name a US district uses ("Central",
/// "Pacific Time", "CST", "Hawaii"), which
/// becomes the id of the zone that follows that region's daylight saving. A fixed offset ("UTC-6") is refused: it would
/// put a Chicago tutor's reminders an hour off for half the year.
/// </summary>
public static class ZoneName
{
    public const int MaxLength = 64;

    /// <summary>What to write instead, for a refusal.</summary>
    public const string Hint = "write an IANA time zone such as America/Chicago or America/Los_Angeles, its city (Chicago), or a name such as Eastern, Central, Mountain, Pacific, Arizona, Alaska or Hawaii";

    /// <summary>The IANA id for <paramref name="text"/> (an id this machine knows, or a name in the table); null when it is neither.</summary>
    public static string? Parse(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxLength) return null;
        // The names first: "EST" and "MST" are also IANA ids, but fixed ones, without the summer's daylight time a
        // district that writes them means.
        if (Names.TryGetValue(trimmed, out var named)
            || trimmed.EndsWith(" time", StringComparison.OrdinalIgnoreCase) && Names.TryGetValue(trimmed[..^5].TrimEnd(), out named))
            return named;
        var id = trimmed.Replace(' ', '_');
        // Etc/GMT+6 is a fixed offset (and six hours west, whatever its sign says): the place's zone keeps its summer time.
        if (id.StartsWith("Etc/", StringComparison.OrdinalIgnoreCase) && !id.Equals("Etc/UTC", StringComparison.OrdinalIgnoreCase)) return null;
        if (id.Contains('/', StringComparison.Ordinal) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)) return zone.Id;
        // The zone files are named in their own case (America/Los_Angeles), and a zone's city alone ("Los Angeles",
        // "Honolulu") names it as well as its id does.
        return Known.Value.GetValueOrDefault(id);
    }

    /// <summary>Every IANA id this machine knows, and each one's city where no other zone has that city: by any case.</summary>
    static readonly Lazy<Dictionary<string, string>> Known = new(() =>
    {
        var ids = TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id)
            .Where(id => id.Contains('/', StringComparison.Ordinal) && !id.StartsWith("Etc/", StringComparison.Ordinal)).ToList();
        var known = ids.Append("UTC").Distinct(StringComparer.OrdinalIgnoreCase).ToDictionary(id => id, id => id, StringComparer.OrdinalIgnoreCase);
        foreach (var city in ids.GroupBy(id => id[(id.LastIndexOf('/') + 1)..], StringComparer.OrdinalIgnoreCase).Where(g => g.Count() == 1))
            known.TryAdd(city.Key, city.Single());
        return known;
    });

    static readonly Dictionary<string, string> Names = Table(
        // Each with its Windows id (what an export from Outlook or Entra says) and its old tz link (US/Eastern), which
        // a machine without the legacy links does not know.
        ("America/New_York", ["Eastern", "ET", "EST", "EDT", "Eastern Standard Time", "US/Eastern", "US Eastern"]),
        ("America/Chicago", ["Central", "CT", "CST", "CDT", "Central Standard Time", "US/Central", "US Central"]),
        ("America/Denver", ["Mountain", "MT", "MST", "MDT", "Mountain Standard Time", "US/Mountain", "US Mountain"]),
        ("America/Phoenix", ["Arizona", "US Mountain Standard Time", "US/Arizona"]),
        ("America/Los_Angeles", ["Pacific", "PT", "PST", "PDT", "Pacific Standard Time", "US/Pacific", "US Pacific"]),
        ("America/Anchorage", ["Alaska", "AKST", "AKDT", "Alaskan Standard Time", "US/Alaska"]),
        ("Pacific/Honolulu", ["Hawaii", "Hawaii-Aleutian", "HST", "Hawaiian Standard Time", "US/Hawaii"]),
        ("America/Puerto_Rico", ["Puerto Rico", "Atlantic", "AST", "SA Western Standard Time"]),
        ("Pacific/Guam", ["Guam", "Chamorro", "ChST", "West Pacific Standard Time"]),
        ("UTC", ["GMT", "Coordinated Universal Time"]));

    static Dictionary<string, string> Table(params (string Id, string[] Names)[] zones) =>
        zones.SelectMany(z => z.Names.Select(n => (n, z.Id))).ToDictionary(x => x.n, x => x.Id, StringComparer.OrdinalIgnoreCase);
}
