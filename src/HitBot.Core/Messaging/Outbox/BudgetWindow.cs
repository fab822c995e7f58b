namespace HitBot.Core.Messaging.Outbox;

/// <summary>
/// One person's budgeted messages (sent, or planned for a time) and the rule "at most <see cref="Max"/> in any 7 days",
/// the days being the person's own (their time zone's dates). Pure: the times come from the outbox, and placing a message
/// adds its time here, so one fan-out sees its own plan.
/// </summary>
/// <remarks>
/// Counted by days, not by 168 hours: a weekly update goes at the same local hour each week, which is 167 hours after the
/// one before in the week the clocks go forward, and its fan-out starts a few seconds later or sooner after its slot from
/// one week to the next. Counted by hours, the week before's copy was still "in the week" then, and a full week held the
/// update for a digest.
/// </remarks>
public sealed class BudgetWindow(int max, IEnumerable<DateTime> times, Func<TimeZoneInfo>? zoneOf = null)
{
    public const int Days = 7;

    readonly List<DateTime> times = [.. times.Order()];
    // Looked up only for a person whose week could be full: a fan-out to thousands reads few zones.
    readonly Lazy<TimeZoneInfo> zone = new(() => zoneOf?.Invoke() ?? TimeZoneInfo.Utc);

    public int Max { get; } = max;

    /// <summary>Whether one more message at <paramref name="at"/> keeps every run of 7 of the person's days that contains it within the budget.</summary>
    public bool HasRoomAt(DateTime at)
    {
        if (times.Count < Max) return true;
        var day = DayOf(at);
        var days = times.Select(DayOf).ToList();
        for (var start = day.AddDays(1 - Days); start <= day; start = start.AddDays(1))
        {
            var first = start;
            if (days.Count(d => d >= first && d < first.AddDays(Days)) >= Max) return false;
        }
        return true;
    }

    /// <summary>
    /// The first moment from <paramref name="from"/> on with room: now, or the start of the day (the person's) when an older
    /// message leaves the week.
    /// </summary>
    public DateTime NextFree(DateTime from)
    {
        if (HasRoomAt(from)) return from;
        // Room opens only when a message drops out of the window, i.e. on the 7th day after one's.
        return times.Select(t => StartOf(DayOf(t).AddDays(Days))).Where(t => t > from).Order().FirstOrDefault(HasRoomAt) is { } free && free != default
            ? free
            : StartOf(DayOf(times.Max()).AddDays(Days));
    }

    public void Add(DateTime at)
    {
        var i = times.BinarySearch(at);
        times.Insert(i < 0 ? ~i : i, at);
    }

    DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone.Value));

    /// <summary>The day's first moment in UTC; a zone whose clocks skip midnight that day starts it an hour later.</summary>
    DateTime StartOf(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        if (zone.Value.IsInvalidTime(midnight)) midnight = midnight.AddHours(1);
        return TimeZoneInfo.ConvertTimeToUtc(midnight, zone.Value);
    }
}
