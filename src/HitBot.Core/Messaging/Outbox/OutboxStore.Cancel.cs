namespace HitBot.Core.Messaging.Outbox;

public sealed partial class OutboxStore
{
    /// <summary>
    /// Stops the deliveries of these campaigns that are not sent yet (queued, held back by the message budget, or failed and
    /// waiting for a retry): they become
    /// Cancelled, which the dispatcher never claims and "re-send failed" never requeues. Returns how many were stopped.
    /// </summary>
    /// <remarks>
    /// Under the claims' lock, so no claim takes a row between the look and the write. A row already claimed may still be
    /// waiting for the platform's pacing: it is marked, and the dispatcher drops it (<see cref="DropIfCancelled"/>)
    /// instead of sending it. One whose send has begun ends Sent like any other.
    /// </remarks>
    public int Cancel(IReadOnlyCollection<string> campaigns, string reason)
    {
        lock (claims.Gate)
            return Counted(changes =>
            {
                var waiting = campaigns.SelectMany(c => Deliveries.Find(d => d.Campaign == c))
                    .Where(d => d.State is DeliveryState.Queued or DeliveryState.Failed or DeliveryState.Held).ToList();
                var claimed = waiting.Where(d => claims.Contains(d.Id)).ToList();
                foreach (var row in claimed) claims.CancelBeforeSend(row.Id, reason);
                var stopped = waiting.Except(claimed).ToList();
                var cancelled = stopped.Select(d => d with { State = DeliveryState.Cancelled, DueAt = Delivery.NotDue, LastError = reason }).ToList();
                Deliveries.Update(cancelled);
                changes.AddRange(stopped.Zip(cancelled, Changed));
                return waiting.Count;
            });
    }

    /// <summary>
    /// True when this claimed delivery was cancelled while it waited: it is then recorded Cancelled (the attempt not
    /// counted) and must not be sent. The dispatcher asks right before each send.
    /// </summary>
    public bool DropIfCancelled(Delivery claimed)
    {
        lock (claims.Gate)
        {
            if (claims.TakeCancellation(claimed.Id) is not { } reason) return false;
            Record(claimed, claimed with
            {
                State = DeliveryState.Cancelled, DueAt = Delivery.NotDue, LastError = reason, Attempts = Math.Max(claimed.Attempts - 1, 0),
            });
            return true;
        }
    }
}
