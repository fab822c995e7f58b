namespace HitBot.Core.Messaging.Outbox;

/// <summary>
/// The rows a send is working on right now. A claim is held in memory and never written: one process owns the file
/// (README), so nobody else could take the row, and after a crash the row is simply still Queued on disk.
/// </summary>
sealed class OutboxClaims
{
    readonly HashSet<string> claimed = new(StringComparer.Ordinal);
    /// <summary>Claimed rows cancelled before their send began, with the reason: dropped when the dispatcher gets to them.</summary>
    readonly Dictionary<string, string> cancelled = new(StringComparer.Ordinal);

    /// <summary>
    /// Held around a look at the rows and the write that follows it, so that no claim happens in between and a claim sees
    /// either the claim or the written outcome, never a row still due without its claim. Re-entrant; taken before the write lock.
    /// </summary>
    public Lock Gate { get; } = new();

    /// <summary>Moves whenever a claim starts, ends or is cancelled: what a row is shown as may have changed.</summary>
    public long Version
    {
        get { lock (Gate) return version; }
    }

    long version;

    public int Count
    {
        get { lock (Gate) return claimed.Count; }
    }

    public bool Contains(string id)
    {
        lock (Gate) return claimed.Contains(id);
    }

    public void Add(string id)
    {
        lock (Gate)
        {
            claimed.Add(id);
            version++;
        }
    }

    /// <summary>Marks a claimed row to be dropped instead of sent, unless its send has begun.</summary>
    public void CancelBeforeSend(string id, string reason)
    {
        lock (Gate)
        {
            cancelled[id] = reason;
            version++;
        }
    }

    /// <summary>The reason this claimed row was cancelled, taken off the list; null when it was not.</summary>
    public string? TakeCancellation(string id)
    {
        lock (Gate)
        {
            version++;
            return cancelled.Remove(id, out var reason) ? reason : null;
        }
    }

    public string? CancellationOf(string id)
    {
        lock (Gate) return cancelled.GetValueOrDefault(id);
    }

    /// <summary>The outcome is written: the row is the file's again.</summary>
    public void End(string id)
    {
        lock (Gate)
        {
            claimed.Remove(id);
            cancelled.Remove(id);
            version++;
        }
    }

    /// <summary>The state to show for a row: one whose send is in flight is Sending, though the file still says Queued.</summary>
    public DeliveryState Shown(Delivery row) => Shown(row.Id, row.State);

    /// <summary>The same for a row known by its id and stored state only (the report's tally reads no whole rows).</summary>
    public DeliveryState Shown(string id, DeliveryState stored)
    {
        lock (Gate)
            return !claimed.Contains(id) ? stored
                : cancelled.ContainsKey(id) ? DeliveryState.Cancelled : DeliveryState.Sending;
    }
}
