using System.Globalization;
using Cronos;

namespace HitBot.Core.Updates;

/// <summary>A weekly slot in the program's time zone, e.g. Monday 08:00.</summary>
public sealed record WeeklySlot(DayOfWeek Day, TimeOnly Time);

/// <summary>
/// When an update goes out by itself: once <see cref="At"/> (UTC), or every week in <see cref="Weekly"/>. Occurrences
/// are computed with Cronos in the program's time zone, so 08:00 stays 08:00 across a daylight-saving change.
/// </summary>
public sealed record UpdateSchedule
{
    public DateTime? At { get; init; }
    public WeeklySlot? Weekly { get; init; }

    public bool IsRecurring => Weekly is not null;

    /// <summary>The first occurrence strictly after <paramref name="afterUtc"/>, or null when there is none (a one-off already past).</summary>
    public DateTime? NextAfter(DateTime afterUtc, TimeZoneInfo zone)
    {
        if (Weekly is { } slot)
        {
            var cron = CronExpression.Parse(string.Create(CultureInfo.InvariantCulture,
                $"{slot.Time.Minute} {slot.Time.Hour} * * {(int)slot.Day}"));
            return cron.GetNextOccurrence(DateTime.SpecifyKind(afterUtc, DateTimeKind.Utc), zone);
        }
        return At is { } at && at > afterUtc ? at : null;
    }

    /// <summary>
    /// For a weekly schedule, the slot an occurrence at <paramref name="occurrenceUtc"/> belongs to: the latest at or before
    /// it. An occurrence that HitBot moved later (missed while it was down, found at night, sent the next morning) is still
    /// that slot's, not one of its own. Null for a one-off.
    /// </summary>
    public DateTime? SlotOf(DateTime occurrenceUtc, TimeZoneInfo zone)
    {
        if (Weekly is null) return null;
        // Eight days back, so a clock change in between cannot put the start after the slot looked for.
        var slot = NextAfter(occurrenceUtc.AddDays(-8), zone);
        while (slot is { } at && NextAfter(at, zone) is { } next && next <= occurrenceUtc) slot = next;
        return slot is { } found && found <= occurrenceUtc ? found : null;
    }
}
