namespace HitBot.Core.Calendar;

/// <summary>
/// The calendar's pauses as read once, for a loop that asks about many days or people in one look. Pure: the same
/// entries give the same answers. A working day is a weekday outside every pause.
/// </summary>
public sealed class CalendarDays(IReadOnlyList<CalendarEntry> pauses)
{
    /// <summary>The pause covering <paramref name="day"/>, or null on an ordinary day.</summary>
    public CalendarEntry? PauseOn(DateOnly day) => pauses.FirstOrDefault(e => e.Covers(day));

    public bool IsWorkingDay(DateOnly day) => !IsWeekend(day) && PauseOn(day) is null;

    /// <summary>The first working day on or after <paramref name="day"/>: skips weekends and every pause (overlapping ones too).</summary>
    public DateOnly NextWorkingDay(DateOnly day)
    {
        while (true)
        {
            if (PauseOn(day) is { } pause) day = pause.Last.AddDays(1);
            else if (IsWeekend(day)) day = day.AddDays(1);
            else return day;
        }
    }

    public static bool IsWeekend(DateOnly day) => day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
}
