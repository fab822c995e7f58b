namespace HitBot.Core.Messaging.Outbox;

/// <summary>
/// The days a non-urgent message may go: not weekends, and not the breaks, testing windows and holidays of the program
/// calendar. The calendar answers it; Messaging only asks, so it does not depend on the feature.
/// </summary>
public interface IWorkingDays
{
    /// <summary>The rule as it stands now, read once for a whole batch of messages.</summary>
    Func<DateOnly, bool> Now();
}
