namespace HitBot.Core.Messaging.Outbox;

public sealed partial class OutboxStore
{
    /// <summary>
    /// When each of these people's budgeted messages was meant to go (sent, queued, moved later, waiting for a retry),
    /// from rows created since <paramref name="since"/>. Held and cancelled rows never reach the person and do not count.
    /// </summary>
    /// <remarks>One pass over the outbox per fan-out, not one per person: there is no person index (it would cost every write).</remarks>
    public Dictionary<string, List<DateTime>> BudgetedTimes(IReadOnlySet<string> people, DateTime since)
    {
        var times = new Dictionary<string, List<DateTime>>(StringComparer.Ordinal);
        foreach (var row in Deliveries.Find(d => d.Budgeted == true && d.CreatedAt >= since))
        {
            if (row.PersonId is not { } person || !people.Contains(person)) continue;
            if (row.State is not (DeliveryState.Queued or DeliveryState.Sending or DeliveryState.Sent or DeliveryState.Failed)) continue;
            // When it was meant to go, not when the platform's pacing let it out: a fan-out sent over an hour is one message each.
            var at = row.HeldUntil ?? row.CreatedAt;
            if (!times.TryGetValue(person, out var list)) times[person] = list = [];
            list.Add(at.ToUniversalTime());
        }
        return times;
    }

    /// <summary>Rows whose key starts with <paramref name="prefix"/>, through the primary key's index.</summary>
    public List<Delivery> WithKeyPrefix(string prefix) =>
        [.. Deliveries.Find(LiteDB.Query.StartsWith("_id", prefix)).Select(AsShown)];

    /// <summary>
    /// Rewrites a row that is still waiting and not yet due (a digest that grows). False when it was claimed or is due
    /// meanwhile: the caller then starts a new one instead, so nothing is changed under the dispatcher.
    /// </summary>
    public bool ReplaceWaiting(Delivery row, DateTimeOffset now)
    {
        lock (claims.Gate)
            return Counted(changes =>
            {
                if (claims.Contains(row.Id) || Deliveries.FindById(row.Id) is not { State: DeliveryState.Queued } stored
                    || stored.DueAt <= now.UtcDateTime) return false;
                changes.Add(Changed(stored, row));
                return Deliveries.Update(row);
            });
    }
}
