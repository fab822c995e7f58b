namespace HitBot.Core.Messaging.Outbox;

public sealed partial class OutboxStore
{
    /// <summary>
    /// For each send of <paramref name="campaign"/> that went out or is on its way, queues the follow-up
    /// <paramref name="followUpFor"/> makes (an edit or a deletion; its key keeps it once per message). A send not claimed
    /// yet is instead rewritten by <paramref name="rewriteUnsent"/> when one is given, so it goes out already changed.
    /// Returns how many follow-ups were new.
    /// </summary>
    /// <remarks>
    /// Under the claims' lock, so a send cannot be claimed between the look and the write: each one either still waits
    /// (and is rewritten) or is claimed (and gets a follow-up that waits for its outcome, see <see cref="Delivery.FollowsDeliveryId"/>).
    /// </remarks>
    public int QueueFollowUps(string campaign, Func<Delivery, Delivery> followUpFor, Func<Delivery, Delivery>? rewriteUnsent = null)
    {
        lock (claims.Gate)
        {
            var sends = Deliveries.Find(d => d.Campaign == campaign).Where(d => d.Kind == DeliveryKind.Send).ToList();
            var gone = sends.Where(d => d.State == DeliveryState.Sent || claims.Contains(d.Id)).ToList();
            if (rewriteUnsent is not null)
            {
                List<Delivery> rewritten = [.. sends.Where(d => d.State is DeliveryState.Queued or DeliveryState.Failed && !claims.Contains(d.Id)).Select(rewriteUnsent)];
                // The corrected card is one message for all of them, stored with the first chunk of rows; a chunk at a time,
                // as in EnqueueMany, so Teams' and Slack's commits get in between (claims wait: the claims' lock is held).
                foreach (var chunk in rewritten.Chunk(EnqueueChunkRows))
                {
                    db.GiveWayToOtherWrites();
                    db.InTransaction(() => Deliveries.Update(messages.Share([.. chunk])));
                }
            }
            return EnqueueMany(gone.Select(followUpFor));
        }
    }

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
