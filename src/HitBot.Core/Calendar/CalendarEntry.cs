namespace HitBot.Core.Calendar;

/// <summary>What a calendar entry is. Every kind is a pause: the kind is what the central team calls it.</summary>
public enum CalendarKind
{
    Break,
    Testing,
    Holiday,
}

/// <summary>
/// A break, a testing window or a holiday: <see cref="First"/> to <see cref="Last"/>, both included, as dates in the
/// program's time zone. Nothing non-urgent goes out on these days.
/// </summary>
public sealed record CalendarEntry
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public CalendarKind Kind { get; init; }
    public DateOnly First { get; init; }
    public DateOnly Last { get; init; }
    public DateTime CreatedAt { get; init; }

    public bool Covers(DateOnly day) => First <= day && day <= Last;

    /// <summary>"break", "testing", "holiday": the word the admin API and the CSV use.</summary>
    public static string KindName(CalendarKind kind) => kind.ToString().ToLowerInvariant();
}
