namespace HitBot.Core.Messaging.Outbox;

/// <summary>
/// The shared messages read last, deserialized: a small least-recently-used list, so a long-running process holds only
/// the few messages being fanned out now, however many it has sent.
/// </summary>
sealed class RecentMessages(int capacity)
{
    public sealed record Entry(string Json, Message Message);

    readonly Lock gate = new();
    readonly Dictionary<string, LinkedListNode<(string Id, Entry Entry)>> byId = new(StringComparer.Ordinal);
    readonly LinkedList<(string Id, Entry Entry)> order = new();

    public Entry? Find(string id)
    {
        lock (gate)
        {
            if (!byId.TryGetValue(id, out var node)) return null;
            order.Remove(node);
            order.AddFirst(node);
            return node.Value.Entry;
        }
    }

    /// <summary>Adds the entry, or returns the one another thread added first, so every caller renders the same instance.</summary>
    public Entry Add(string id, Entry entry)
    {
        lock (gate)
        {
            if (byId.TryGetValue(id, out var existing)) return existing.Value.Entry;
            byId[id] = order.AddFirst((id, entry));
            if (order.Count > capacity && order.Last is { } oldest)
            {
                order.RemoveLast();
                byId.Remove(oldest.Value.Id);
            }
            return entry;
        }
    }

    public void Remove(string id)
    {
        lock (gate)
            if (byId.Remove(id, out var node)) order.Remove(node);
    }
}
