using System.Security.Cryptography;
using System.Text;
using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Messaging.Outbox;

/// <summary>
/// The messages that fan-outs share (<see cref="SharedMessage"/>), owned by the outbox: rows are written with their
/// message in one transaction, and a message goes only when no row uses it any more.
/// </summary>
/// <remarks>
/// The dispatcher reads the same message for every one of its deliveries, so the last ones read are kept deserialized
/// (<see cref="RecentMessages"/>): 10,000 deliveries of one update read and parse it once, and the channels, which
/// cache what they render per <see cref="Message"/> instance, render it once per platform.
/// </remarks>
sealed class MessageStore(HitBotDb db)
{
    public const string Collection = "messages";

    ILiteCollection<SharedMessage> Messages => db.Collection<SharedMessage>(Collection);

    readonly RecentMessages recent = new(capacity: 64);

    /// <summary>
    /// Moves the message of every row whose message at least one other row of <paramref name="batch"/> also sends into
    /// the shared store and points the rows at it. A message only one row sends (a reply, a reminder, a digest) stays in
    /// its row, and so does a private one, which is erased from its row once sent. Call inside the rows' transaction.
    /// </summary>
    public List<Delivery> Share(List<Delivery> batch)
    {
        var shared = batch.Where(d => !d.Private && d.MessageJson.Length > 0)
            .GroupBy(d => d.MessageJson, StringComparer.Ordinal)
            .Where(g => g.Skip(1).Any())
            .ToDictionary(g => g.Key, g => Put(g.Key, g.Max(d => d.CreatedAt)), StringComparer.Ordinal);
        if (shared.Count == 0) return batch;
        return [.. batch.Select(d => !d.Private && shared.TryGetValue(d.MessageJson, out var id) ? d with { MessageId = id, MessageJson = "" } : d)];
    }

    string Put(string json, DateTime usedAt)
    {
        var id = IdOf(json);
        // Upsert: the same card queued again (a retried fan-out, the same text next week) is the same document, its use renewed.
        Messages.Upsert(new SharedMessage { Id = id, Json = json, LastUsedAt = usedAt });
        return id;
    }

    /// <summary>A hash of the JSON: 128 bits are plenty to tell cards apart and keep every row's reference short.</summary>
    internal static string IdOf(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)).AsSpan(0, 16));

    public string? JsonOf(string id) => Read(id)?.Json;

    /// <summary>The message, deserialized once for all the deliveries that send it; null when it is gone.</summary>
    public Message? MessageOf(string id) => Read(id)?.Message;

    RecentMessages.Entry? Read(string id)
    {
        if (recent.Find(id) is { } entry) return entry;
        if (Messages.FindById(id) is not { } stored) return null;
        return recent.Add(id, new RecentMessages.Entry(stored.Json, MessageJson.Deserialize(stored.Json)));
    }

    /// <summary>Ids and JSON of every shared message, for the passes that look into them all (erasure).</summary>
    public IEnumerable<SharedMessage> All() => Messages.FindAll();

    public void Delete(string id)
    {
        Messages.Delete(id);
        recent.Remove(id);
    }

    /// <summary>
    /// Deletes the messages no row uses: not in <paramref name="inUse"/> (read before) and last queued before
    /// <paramref name="cutoff"/>. The date is checked in the same transaction as the delete, so a fan-out that took up an
    /// old message after <paramref name="inUse"/> was read (and renewed its date) keeps it.
    /// </summary>
    public int PruneUnused(IReadOnlySet<string> inUse, DateTime cutoff)
    {
        var candidates = Messages.Find(m => m.LastUsedAt < cutoff).Select(m => m.Id).Where(id => !inUse.Contains(id)).ToList();
        if (candidates.Count == 0) return 0;
        return db.InTransaction(() =>
        {
            var removed = 0;
            foreach (var id in candidates)
            {
                if (Messages.FindById(id) is not { } stored || stored.LastUsedAt >= cutoff) continue;
                Delete(id);
                removed++;
            }
            return removed;
        });
    }
}
