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

    public static UpdateReport AddTo(UpdateReport report, CampaignTally sends, List<Delivery> edits, List<Delivery> recalls)
    {
        static int Done(IEnumerable<Delivery> rows) => rows.Count(d => d.State == DeliveryState.Sent);
        static int Waiting(IEnumerable<Delivery> rows) => rows.Count(d => d.State is DeliveryState.Queued or DeliveryState.Sending);
        static IEnumerable<FailedDelivery> Failed(IEnumerable<Delivery> rows, string action) => rows
            .Where(d => d.State is DeliveryState.Failed or DeliveryState.Dead)
            .Select(d => new FailedDelivery(d.PersonId, d.State.ToString(), d.Attempts, d.LastError) { FailureClass = d.FailureClass, Action = action });
        static string Chat(Delivery d) => d.Address.Channel.ToString().ToLowerInvariant();

        static string Name(ChannelKind channel) => channel.ToString().ToLowerInvariant();

        // The sends are counted in the file (a 100,000-person update); edits and recalls are few and read whole.
        var sentBy = sends.SentBy.ToDictionary(p => Name(p.Key), p => p.Value, StringComparer.Ordinal);
        var chats = sends.Channels.Select(Name).Concat(edits.Concat(recalls).Select(Chat)).Distinct().Order(StringComparer.Ordinal);
        return report with
        {
            Edited = Done(edits), EditsWaiting = Waiting(edits),
            Recalled = Done(recalls), RecallsWaiting = Waiting(recalls),
            ByChat = chats.ToDictionary(c => c, c => new ChatCounts(
                sentBy.GetValueOrDefault(c), Done(edits.Where(d => Chat(d) == c)), Done(recalls.Where(d => Chat(d) == c)))),
            Failures = [.. report.Failures, .. Failed(edits, EditAction), .. Failed(recalls, RecallAction)],
        };
    }
}
