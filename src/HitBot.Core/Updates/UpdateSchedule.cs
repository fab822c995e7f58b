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
}
