namespace HitBot.Core.Messaging.Outbox;

public sealed partial class OutboxStore
{
    /// <summary>
    /// For each send of <paramref name="campaign"/> that went out or is on its way, queues the follow-up
    /// <paramref name="followUpFor"/> makes (an edit or a deletion; its key keeps it once per message; null when that copy
    /// needs none). A send not claimed yet (waiting, or given up and still to be sent again) is instead rewritten by
    /// <paramref name="rewriteUnsent"/> when one is given, so it goes out already changed. Returns how many follow-ups were new.
    /// </summary>
    /// <remarks>
    /// The campaign's sends are read first, outside the claims' lock: a 100,000-person update takes seconds to read, and
    /// the dispatcher used to wait for all of it. A sent one stays sent, so it gets its follow-up from that read. The others
    /// are read again a chunk at a time under the lock and written in the same step, so a send cannot be claimed between
    /// its look and its write: each one either still waits (and is rewritten) or is claimed or sent by now (and gets a
    /// follow-up that waits for its outcome, see <see cref="Delivery.FollowsDeliveryId"/>). The lock is let go between
    /// chunks, so the dispatcher goes on sending meanwhile; a rewrite moves the outbox's counter, which throws away any row
    /// it read ahead with the old message.
    /// </remarks>
    public int QueueFollowUps(string campaign, Func<Delivery, Delivery?> followUpFor, Func<Delivery, Delivery>? rewriteUnsent = null)
    {
        var sends = Deliveries.Find(d => d.Campaign == campaign)
            .Where(d => d.Kind == DeliveryKind.Send && d.State != DeliveryState.Cancelled) // cancelled is final; dead is not ("re-send failed")
            .ToLookup(d => d.State == DeliveryState.Sent);
        var followUps = new List<Delivery>(sends[true].Select(followUpFor).OfType<Delivery>());
        foreach (var chunk in sends[false].Chunk(EnqueueChunkRows))
        {
            db.GiveWayToOtherWrites();
            lock (claims.Gate)
            {
                var rows = chunk.Select(listed => Deliveries.FindById(listed.Id)).OfType<Delivery>().ToList();
                foreach (var row in rows.Where(d => d.State == DeliveryState.Sent || claims.Contains(d.Id)))
                    if (followUpFor(row) is { } followUp) followUps.Add(followUp);
                if (rewriteUnsent is null) continue;
                // A send given up (Dead) is rewritten too: "re-send failed" queues it again, and it went out with the text
                // the correction had replaced.
                List<Delivery> rewritten = [.. rows.Where(d => d.State is DeliveryState.Queued or DeliveryState.Failed or DeliveryState.Dead
                    && !claims.Contains(d.Id)).Select(rewriteUnsent)];
                // The corrected card is one message for all of them, stored with the chunk's rows.
                if (rewritten.Count > 0) db.InTransaction(() => Deliveries.Update(messages.Share(rewritten)));
            }
        }
        return EnqueueMany(followUps);
    }

    /// <summary>Whether a follow-up of the same send queued before this claimed one is on its way (<see cref="OutboxClaims.EarlierChangeInFlight"/>).</summary>
    public bool EarlierChangeInFlight(Delivery claimed) => claims.EarlierChangeInFlight(claimed);

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
