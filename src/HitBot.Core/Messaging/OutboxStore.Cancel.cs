namespace HitBot.Core.Messaging;

public sealed partial class OutboxStore
{
    /// <summary>
    /// Stops the deliveries of these campaigns that are not sent yet (queued, or failed and waiting for a retry): they become
    /// Cancelled, which the dispatcher never claims and "re-send failed" never requeues. Returns how many were stopped.
    /// </summary>
    /// <remarks>
    /// Under the lease lock, so no claim takes a row between the look and the write. A row already claimed is in flight:
    /// it is left alone and ends Sent (or Failed) like any other.
    /// </remarks>
    public int Cancel(IReadOnlyCollection<string> campaigns, string reason)
    {
        lock (leaseGate)
        {
            var waiting = campaigns.SelectMany(c => Deliveries.Find(d => d.Campaign == c))
                .Where(d => d.State is DeliveryState.Queued or DeliveryState.Failed && !leased.Contains(d.Id)).ToList();
            Deliveries.Update(waiting.Select(d => d with { State = DeliveryState.Cancelled, DueAt = Delivery.NotDue, LastError = reason }));
            return waiting.Count;
        }
    }
}
