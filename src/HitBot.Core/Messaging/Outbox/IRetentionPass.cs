namespace HitBot.Core.Messaging.Outbox;

/// <summary>
/// Something a part above Messaging keeps that would grow without bound: <see cref="RetentionLoop"/> runs every registered
/// pass once a day with the cutoff of <c>HitBot:Storage:RetentionDays</c>, so the loop stays here and names no feature.
/// </summary>
public interface IRetentionPass
{
    /// <summary>What the pass forgets, for the log ("unanswered feedback offers").</summary>
    string What { get; }

    /// <summary>Forgets what is older than <paramref name="cutoff"/>; answers how many were removed.</summary>
    int PruneBefore(DateTimeOffset cutoff);
}
