namespace HitBot.Core.Directory;

/// <summary>Which clock a person reads by. Here, not on <see cref="ProgramClock"/>: Core's root does not know people.</summary>
public static class PersonZone
{
    /// <summary>The person's own time zone (Slack's, Teams'), or the program's when they have none or it is unknown here.</summary>
    public static TimeZoneInfo ZoneOf(this ProgramClock clock, Person? person) =>
        person?.TimeZone is { } tz && TimeZoneInfo.TryFindSystemTimeZoneById(tz, out var zone) ? zone : clock.Zone;
}
