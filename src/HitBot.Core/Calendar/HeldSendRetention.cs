using HitBot.Core.Messaging.Outbox;

namespace HitBot.Core.Calendar;

/// <summary>
/// The daily retention pass forgets what pauses held once it was due and went before <c>HitBot:Storage:RetentionDays</c>:
/// each skipped week, run and reminder of every break was kept for good, and the dashboard's list read them all.
/// </summary>
public sealed class HeldSendRetention(HeldSendStore store) : IRetentionPass
{
    public string What => "messages the calendar held, long gone";

    public int PruneBefore(DateTimeOffset cutoff) => store.PruneBefore(cutoff.UtcDateTime);
}
