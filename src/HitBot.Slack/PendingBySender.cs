using System.Collections.Concurrent;

namespace HitBot.Slack;

/// <summary>How many of each person's messages and clicks wait in the <see cref="SlackInbox"/>, so their next click waits behind them.</summary>
sealed class PendingBySender
{
    readonly ConcurrentDictionary<(string TeamId, string UserId), int> counts = new();

    public static PendingBySender Of(IEnumerable<(string TeamId, string UserId)?> senders)
    {
        var pending = new PendingBySender();
        foreach (var sender in senders)
            if (sender is { } from) pending.Add(from.TeamId, from.UserId);
        return pending;
    }

    public bool Has(string teamId, string userId) => !counts.IsEmpty && counts.ContainsKey((teamId, userId));

    public void Add(string teamId, string userId) => counts.AddOrUpdate((teamId, userId), 1, (_, n) => n + 1);

    public void Remove(string teamId, string userId)
    {
        var key = (teamId, userId);
        while (counts.TryGetValue(key, out var n))
        {
            // The last one takes the key away, and only if no one added meanwhile (compare and remove).
            if (n <= 1 ? counts.TryRemove(KeyValuePair.Create(key, n)) : counts.TryUpdate(key, n - 1, n)) return;
        }
    }
}
