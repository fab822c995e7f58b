using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;

namespace HitBot.Core.Updates;

/// <summary>One chat platform's share of an update: messages delivered, replaced by the latest correction, deleted by a recall.</summary>
public sealed record ChatCounts(int Sent, int Edited, int Recalled);

/// <summary>How a correction or a recall is getting on, from its follow-up rows in the outbox.</summary>
public static class UpdateFollowUps
{
    public const string EditAction = "edit";
    public const string RecallAction = "recall";

    /// <summary>The edits of the newest correction (older ones are superseded) and the deletions of a recall.</summary>
    public static (List<Delivery> Edits, List<Delivery> Recalls) Rows(Update update, OutboxStore outbox) => (
        update.Revision > 0 ? outbox.ForCampaign(Update.CorrectionCampaign(update.Id, update.Revision)) : [],
        update.RecalledAt is not null ? outbox.ForCampaign(update.RecallCampaign) : []);

    /// <summary>
    /// The update's sends, its newest correction's edits and its recall's deletions, from the counts the outbox keeps per
    /// campaign (<see cref="OutboxStore.Tallies"/>). A correction of a 100,000-person update has as many rows as its send.
    /// </summary>
    public static (CampaignTally Sends, CampaignTally? Edits, CampaignTally? Recalls) Tallies(Update update, OutboxStore outbox)
    {
        var edits = update.Revision > 0 ? Update.CorrectionCampaign(update.Id, update.Revision) : null;
        var recalls = update.RecalledAt is not null ? update.RecallCampaign : null;
        var tallies = outbox.Tallies([update.Campaign, .. new[] { edits, recalls }.OfType<string>()]);
        return (tallies[update.Campaign], edits is null ? null : tallies[edits], recalls is null ? null : tallies[recalls]);
    }

    public static UpdateReport AddTo(UpdateReport report, CampaignTally sends, CampaignTally? edits, CampaignTally? recalls)
    {
        static int Done(CampaignTally? rows) => rows?.Count(DeliveryState.Sent) ?? 0;
        static int Waiting(CampaignTally? rows) => rows is null ? 0 : rows.Count(DeliveryState.Queued) + rows.Count(DeliveryState.Sending);
        static IEnumerable<FailedDelivery> Failed(CampaignTally? rows, string action) => (rows?.Failed ?? [])
            .Select(d => new FailedDelivery(d.PersonId, d.State.ToString(), d.Attempts, d.LastError) { FailureClass = d.FailureClass, Action = action });
        static IEnumerable<ChannelKind> Chats(CampaignTally? rows) => rows?.Channels ?? (IEnumerable<ChannelKind>)[];
        static int DoneOn(CampaignTally? rows, ChannelKind chat) => rows?.SentBy.GetValueOrDefault(chat) ?? 0;

        static string Name(ChannelKind channel) => channel.ToString().ToLowerInvariant();

        // Sends, edits and recalls are all counted in the file: each can be a row per person of a 100,000-person update.
        var chats = sends.Channels.Concat(Chats(edits)).Concat(Chats(recalls)).Distinct().OrderBy(Name, StringComparer.Ordinal);
        return report with
        {
            Edited = Done(edits), EditsWaiting = Waiting(edits),
            Recalled = Done(recalls), RecallsWaiting = Waiting(recalls),
            ByChat = chats.ToDictionary(Name, c => new ChatCounts(DoneOn(sends, c), DoneOn(edits, c), DoneOn(recalls, c))),
            Failures = [.. report.Failures, .. Failed(edits, EditAction), .. Failed(recalls, RecallAction)],
        };
    }
}
