using System.Globalization;
using HitBot.Core.ActionPlan;
using HitBot.Core.Messaging.Outbox;

namespace HitBot.Core.Feedback;

/// <summary>
/// The feedback lines of the central team's Monday digest: how many items wait for a reply, how many arrived since the
/// last digest and how long the oldest has waited. Without it nothing ever told the central team that feedback had
/// come in; only the dashboard's overview and "feedback inbox" in chat showed it, to whoever thought to look. Counts
/// only: the digest is a card in chat, and the items' text stays in the inbox. A reply the chat refused for good is named
/// too: its item counts as answered, and only the Feedback page said "Not delivered", to whoever opened that item.
/// </summary>
sealed class FeedbackDigestSection(FeedbackStore store, OutboxStore outbox, ProgramClock clock) : IDigestSection
{
    public DigestSection Since(DateTime since)
    {
        var waiting = store.Count([FeedbackStatus.New]);
        var arrived = store.ArrivedSince(since);
        var lines = new List<string>();
        if (arrived > 0) lines.Add($"{arrived} new since the last digest");
        if (waiting > 0 && store.OldestWaitingSince() is { } oldest)
        {
            var day = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(oldest, DateTimeKind.Utc), clock.Zone);
            lines.Add($"the oldest has waited since {day.ToString("ddd d MMM", CultureInfo.InvariantCulture)}");
            lines.Add("type **feedback inbox** to read and reply, or open the dashboard's Feedback page");
        }
        // Replies queued since the last digest that the chat refused for good (the tutor blocked HitBot, left the workspace).
        var undelivered = outbox.WithKeyPrefix(FeedbackInbox.ReplyKeyPrefix).Count(d => d.State == DeliveryState.Dead && d.CreatedAt >= since);
        if (undelivered > 0)
            lines.Add($"{undelivered} {(undelivered == 1 ? "reply" : "replies")} since the last digest could not be delivered: the dashboard's Feedback page says why (\"Not delivered\")");
        return new DigestSection("Feedback waiting for a reply", waiting, lines);
    }
}
