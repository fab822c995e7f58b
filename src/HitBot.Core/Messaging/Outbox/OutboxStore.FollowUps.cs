using LiteDB;

namespace HitBot.Core.Messaging.Outbox;

public sealed partial class OutboxStore
{
    /// <summary>
    /// For each send of <paramref name="campaign"/> that went out or is on its way, queues the follow-up
    /// <paramref name="followUpFor"/> makes (an edit or a deletion; its key keeps it once per message; null when that copy
    /// needs none). A send not claimed yet is instead rewritten by <paramref name="rewriteUnsent"/> when one is given, so it
    /// goes out already changed. Returns how many follow-ups were new.
    /// </summary>
    /// <remarks>
    /// The campaign's keys are listed first, outside the claims' lock (a 100,000-person update takes seconds to list, and
    /// the dispatcher waited for all of it). Each chunk of them is then read again and written under the lock, so a send
    /// cannot be claimed between its look and its write: each one either still waits (and is rewritten) or is claimed or
    /// sent (and gets a follow-up that waits for its outcome, see <see cref="Delivery.FollowsDeliveryId"/>). The lock is
    /// let go between chunks, so the dispatcher goes on sending meanwhile; a rewrite moves the outbox's counter, which
    /// throws away any row it read ahead with the old message.
    /// </remarks>
    public int QueueFollowUps(string campaign, Func<Delivery, Delivery?> followUpFor, Func<Delivery, Delivery>? rewriteUnsent = null)
    {
        var followUps = new List<Delivery>();
        foreach (var chunk in SendIdsOf(campaign).Chunk(EnqueueChunkRows))
        {
            db.GiveWayToOtherWrites();
            lock (claims.Gate)
            {
                var rows = Deliveries.Find(Query.In("_id", chunk)).ToList();
                foreach (var row in rows.Where(d => d.State == DeliveryState.Sent || claims.Contains(d.Id)))
                    if (followUpFor(row) is { } followUp) followUps.Add(followUp);
                if (rewriteUnsent is null) continue;
                List<Delivery> rewritten = [.. rows.Where(d => d.State is DeliveryState.Queued or DeliveryState.Failed && !claims.Contains(d.Id)).Select(rewriteUnsent)];
                // The corrected card is one message for all of them, stored with the chunk's rows.
                if (rewritten.Count > 0) db.InTransaction(() => Deliveries.Update(messages.Share(rewritten)));
            }
        }
        return EnqueueMany(followUps);
    }

    /// <summary>
    /// The keys of a campaign's sends through the Campaign index, without their messages. Cancelled ones are left out: that
    /// is final. A dead one is not, as "re-send failed" may queue it again before its chunk is read.
    /// </summary>
    List<BsonValue> SendIdsOf(string campaign) =>
        [.. CampaignFields(campaign, IdStateAndKind)
            .Where(row => row["Kind"].AsString == nameof(DeliveryKind.Send) && row["State"].AsString != nameof(DeliveryState.Cancelled))
            .Select(row => row["_id"])];

    static readonly BsonExpression IdStateAndKind = BsonExpression.Create("{ _id: $._id, State: $.State, Kind: $.Kind }");

    /// <summary>A claimed follow-up whose original is still on its way: back in the queue until <paramref name="dueAt"/>, the attempt not counted.</summary>
    public void Postpone(Delivery claimed, DateTimeOffset dueAt, string reason) => Update(claimed with
    {
        State = DeliveryState.Queued,
        DueAt = dueAt.UtcDateTime,
        LastError = reason,
        Attempts = Math.Max(claimed.Attempts - 1, 0),
    });

    /// <summary>A claimed row that turned out to have nothing to do: never sent, never retried.</summary>
    public void MarkCancelled(Delivery claimed, string reason) => Update(claimed with
    {
        State = DeliveryState.Cancelled,
        DueAt = Delivery.NotDue,
        LastError = reason,
        Attempts = Math.Max(claimed.Attempts - 1, 0),
    });
}
