namespace HitBot.Core.Messaging;

public sealed partial class OutboxStore
{
    /// <summary>
    /// Stops the deliveries of these campaigns that are not sent yet (queued, held back by the message budget, or failed and
    /// waiting for a retry): they become
    /// Cancelled, which the dispatcher never claims and "re-send failed" never requeues. Returns how many were stopped.
    /// </summary>
    /// <remarks>
    /// Under the lease lock, so no claim takes a row between the look and the write. A row already claimed may still be
    /// waiting for the platform's pacing: it is marked, and the dispatcher drops it (<see cref="DropIfCancelled"/>)
    /// instead of sending it. One whose send has begun ends Sent like any other.
    /// </remarks>
    public int Cancel(IReadOnlyCollection<string> campaigns, string reason)
    {
        lock (leaseGate)
        {
            var waiting = campaigns.SelectMany(c => Deliveries.Find(d => d.Campaign == c))
                .Where(d => d.State is DeliveryState.Queued or DeliveryState.Failed or DeliveryState.Held).ToList();
            var claimed = waiting.Where(d => leased.Contains(d.Id)).ToList();
            foreach (var row in claimed) stopWhenPaced[row.Id] = reason;
            Deliveries.Update(waiting.Except(claimed).Select(d => d with { State = DeliveryState.Cancelled, DueAt = Delivery.NotDue, LastError = reason }));
            return waiting.Count;
        }
    }

    /// <summary>
    /// True when this claimed delivery was cancelled while it waited: it is then recorded Cancelled (the attempt not
    /// counted) and must not be sent. The dispatcher asks right before each send.
    /// </summary>
    public bool DropIfCancelled(Delivery claimed)
    {
        lock (leaseGate)
        {
            if (!stopWhenPaced.Remove(claimed.Id, out var reason)) return false;
            Deliveries.Update(claimed with
            {
                State = DeliveryState.Cancelled, DueAt = Delivery.NotDue, LastError = reason, Attempts = Math.Max(claimed.Attempts - 1, 0),
            });
            leased.Remove(claimed.Id);
            return true;
        }
    }

    /// <summary>Claimed rows cancelled before their send began, with the reason: dropped when the dispatcher gets to them.</summary>
    readonly Dictionary<string, string> stopWhenPaced = new(StringComparer.Ordinal);
}
