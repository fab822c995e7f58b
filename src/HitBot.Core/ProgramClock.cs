using Microsoft.Extensions.Options;

namespace HitBot.Core;

/// <summary>Time in the program's zone. Everything reads <see cref="TimeProvider"/>, so tests move time instead of sleeping.</summary>
public sealed class ProgramClock(TimeProvider time, IOptions<ProgramOptions> options)
{
    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public DateTimeOffset Now() => TimeZoneInfo.ConvertTime(time.GetUtcNow(), Zone);

    public DateOnly Today() => DateOnly.FromDateTime(Now().DateTime);

    /// <summary>The Monday of the week <paramref name="day"/> falls in: the program's weeks run Monday to Sunday.</summary>
    public static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>
    /// The same local time of day <paramref name="days"/> later, in UTC: a step of whole days in UTC lands an hour off
    /// once the clocks change in between. A local time the clocks skip moves on by the hour skipped.
    /// </summary>
    public DateTime SameLocalTimeDaysLater(DateTime utc, int days) => Utc(Local(utc).AddDays(days));

    /// <summary>
    /// <paramref name="utc"/> moved by the step from <paramref name="from"/> to <paramref name="to"/> on the program's clock,
    /// in UTC: a survey's closing moved with its opening keeps its local time (23:59 stays 23:59) when the clocks change in
    /// between, where a step in UTC hours closed it at 22:59 or 00:59. A local time the clocks skip moves on by the hour skipped.
    /// </summary>
    public DateTime MovedAlong(DateTime utc, DateTime from, DateTime to) => Utc(Local(utc) + (Local(to) - Local(from)));

    DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>A local time on the program's clock in UTC; one the clocks skip moves on by the hour skipped.</summary>
    DateTime Utc(DateTime local)
    {
        if (Zone.IsInvalidTime(local)) local = local.AddHours(1);
        return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, Zone == TimeZoneInfo.Utc ? DateTimeKind.Utc : DateTimeKind.Unspecified), Zone);
    }
}
