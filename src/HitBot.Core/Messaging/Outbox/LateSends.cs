namespace HitBot.Core.Messaging.Outbox;

/// <summary>
/// What fell due while HitBot was down goes when it starts again, late, but not in the night: found more than
/// <see cref="After"/> past its time outside the daytime (<see cref="MessageBudget.DaytimeStart"/> to
/// <see cref="MessageBudget.DaytimeEnd"/>), a non-urgent send waits for the next morning's start. A server that came back
/// at 23:00 (or 03:00, after patching) sent the morning's newsletter to every tutor's phone then. Weekends count: it was
/// meant to go that day, so it goes the next morning. A send on time, even one a coordinator set for the evening, is not late.
/// </summary>
public static class LateSends
{
    public static readonly TimeSpan After = TimeSpan.FromHours(1);

    /// <summary>When a send due at <paramref name="dueUtc"/> and found at <paramref name="nowUtc"/> goes instead; null when it may go now.</summary>
    public static DateTime? MorningAfter(DateTime dueUtc, DateTime nowUtc, TimeZoneInfo zone)
    {
        if (nowUtc - dueUtc <= After) return null;
        // The budget's own move into the daytime, every day a working one.
        var morning = MessageBudget.IntoDaytime(nowUtc, _ => true, zone);
        return morning > nowUtc ? morning : null;
    }
}
