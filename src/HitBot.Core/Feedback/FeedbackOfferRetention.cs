using HitBot.Core.Messaging.Outbox;

namespace HitBot.Core.Feedback;

/// <summary>The daily retention pass forgets feedback offers nobody answered within <c>HitBot:Storage:RetentionDays</c>.</summary>
public sealed class FeedbackOfferRetention(FeedbackStore store) : IRetentionPass
{
    public string What => "unanswered feedback offers";

    public int PruneBefore(DateTimeOffset cutoff) => store.PruneOffersBefore(cutoff);
}
