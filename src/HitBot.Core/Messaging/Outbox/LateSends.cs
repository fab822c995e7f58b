namespace HitBot.Core.Messaging.Outbox;

/// <summary>
/// What fell due while HitBot was down goes when it starts again, late, but not in the night: found more than
/// <see cref="After"/> past its time outside the daytime (<see cref="MessageBudget.DaytimeStart"/> to
/// <see cref="MessageBudget.DaytimeEnd"/>), a non-urgent send waits for the next morning's start. A server that came back
/// at 23:00 (or 03:00, after patching) sent the morning's newsletter to every tutor's phone then. Found in the night, it
/// waits for a weekday morning, as everything the budget moves later does: Friday's newsletter found at 23:00 went on
/// Saturday at 09:00. A send on time, even one a coordinator set for the evening or a weekend, is not late.
/// </summary>
public static class LateSends
{
    public static readonly TimeSpan After = TimeSpan.FromHours(1);

    /// <summary>When a send due at <paramref name="dueUtc"/> and found at <paramref name="nowUtc"/> goes instead; null when it may go now.</summary>
    public static DateTime? MorningAfter(DateTime dueUtc, DateTime nowUtc, TimeZoneInfo zone)
    {
        if (nowUtc - dueUtc <= After) return null;
        // Found in the daytime, any day, it goes; found in the night, it waits for the budget's own move into the daytime of
        // a weekday.
        if (MessageBudget.IntoDaytime(nowUtc, _ => true, zone) == nowUtc) return null;
        return MessageBudget.IntoWeekdayDaytime(nowUtc, zone);
    }
}
