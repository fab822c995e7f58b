namespace HitBot.Core;

/// <summary>How a card names a time zone beside a time, so a time in another zone is not read as the reader's own.</summary>
public static class ZoneLabel
{
    /// <summary>"America/Chicago" reads "Chicago time", "America/New_York" "New York time"; a zone without a place ("UTC") as itself.</summary>
    public static string Of(TimeZoneInfo zone) => zone.Id.LastIndexOf('/') is var slash and >= 0
        ? zone.Id[(slash + 1)..].Replace('_', ' ') + " time"
        : zone.Id;
}
