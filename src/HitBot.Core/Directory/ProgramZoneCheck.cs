using Microsoft.Extensions.Options;

namespace HitBot.Core.Directory;

/// <summary>
/// The program's time zone must be a place's IANA id. "EST" is a zone this machine knows, but a fixed one: a program in New
/// York ran every schedule an hour off all summer. A Windows name ("Eastern Standard Time") is known here too, yet the
/// dashboard, which shows every time in the program's zone, cannot show any in it. Each is refused with the id to write.
/// Here, beside <see cref="ZoneName"/> which names the zone to write, and registered with the directory: Core's root does not
/// know the directory's parts.
/// </summary>
sealed class ProgramZoneCheck : IValidateOptions<ProgramOptions>
{
    const string Key = "HitBot:Program:TimeZone";

    public ValidateOptionsResult Validate(string? name, ProgramOptions options) =>
        Problem(options.TimeZone) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;

    /// <summary>Why <paramref name="id"/> cannot be the program's zone, or null. Empty is left to [Required].</summary>
    static string? Problem(string id)
    {
        if (string.IsNullOrWhiteSpace(id)) return null;
        var write = Suggestion(id) is { } iana ? $"write {iana}" : "write an IANA id such as America/Chicago";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
            return $"{Key} is not a time zone this machine knows ('{id}'); {write}.";
        // "UTC" is also a Windows name, on Windows.
        if (id is "UTC" or "Etc/UTC") return null;
        if (!zone.HasIanaId)
            return $"{Key} '{id}' is a Windows name, in which the dashboard cannot show times; {write}.";
        if (IsFixed(id))
            return $"{Key} '{id}' is a fixed offset without the summer's daylight saving time, so schedules would be an hour off " +
                $"for half the year; {write}.";
        return null;
    }

    /// <summary>"EST", "MST", "Etc/GMT+6": no place's rules.</summary>
    static bool IsFixed(string id) =>
        !id.Contains('/', StringComparison.Ordinal) || id.StartsWith("Etc/", StringComparison.OrdinalIgnoreCase);

    static string? Suggestion(string id) =>
        TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out var iana) ? iana
        : ZoneName.Parse(id) is { } named && named != id ? named
        : null;
}
