namespace HitBot.Core;

/// <summary>
/// How far from today a date someone types may be: ten years either way. Further is a slip in the year (0026 for 2026,
/// 9999 for "some day"), and near the ends of the calendar the loops' own steps overflow: a due date in year 1 stopped
/// every owner's reminders (a reminder a week before it), a run closing in 9999 stopped the survey loop in a pause.
/// </summary>
public static class TypedDates
{
    public const int MaxYearsAway = 10;

    public static bool IsNear(DateOnly day, DateOnly today) =>
        day >= today.AddYears(-MaxYearsAway) && day <= today.AddYears(MaxYearsAway);

    public static bool IsNear(DateTimeOffset at, DateTimeOffset now) =>
        at >= now.AddYears(-MaxYearsAway) && at <= now.AddYears(MaxYearsAway);

    /// <summary>"<paramref name="field"/>: 0026-03-27 is more than 10 years from today; check the year."</summary>
    public static string Problem(string field, DateOnly day) =>
        $"{field}: {day:yyyy-MM-dd} is more than {MaxYearsAway} years from today; check the year.";

    /// <summary>
    /// The same, naming the day of <paramref name="at"/> in the program's <paramref name="zone"/>: the dashboard sends a run's
    /// closing (23:59 of the day picked) in UTC, whose day is already the next one, and the refusal named a day nobody picked.
    /// </summary>
    public static string Problem(string field, DateTimeOffset at, TimeZoneInfo zone) =>
        // ConvertTimeFromUtc keeps to the calendar's ends (year 1, 9999) rather than throwing.
        Problem(field, DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(at.UtcDateTime, zone)));
}
