using System.Globalization;
using HitBot.Core.ActionPlan;

namespace HitBot.Core.Feedback;

/// <summary>
/// The feedback lines of the central team's Monday digest: how many items wait for a reply, how many arrived since the
/// last digest and how long the oldest has waited. Without it nothing ever told the central team that feedback had
/// come in; only the dashboard's overview and "feedback inbox" in chat showed it, to whoever thought to look. Counts
/// only: the digest is a card in chat, and the items' text stays in the inbox.
/// </summary>
sealed class FeedbackDigestSection(FeedbackStore store, ProgramClock clock) : IDigestSection
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
        return new DigestSection("Feedback waiting for a reply", waiting, lines);
    }
}
