namespace HitBot.Core.Messaging.Outbox;

/// <summary>The outbox's messages: where a row's message is read, erased and, once no row uses it, deleted.</summary>
public sealed partial class OutboxStore
{
    /// <summary>The message a claimed row sends, or null when it names a shared message that is gone.</summary>
    /// <exception cref="System.Text.Json.JsonException">The stored message is not a message.</exception>
    public Message? MessageOf(Delivery row) => row switch
    {
        { MessageJson.Length: > 0 } => MessageJson.Deserialize(row.MessageJson),
        { MessageId: { } shared } => messages.MessageOf(shared),
        _ => MessageJson.Deserialize(row.MessageJson),
    };

    /// <summary>How many messages are stored once for the rows that share them.</summary>
    public int SharedMessageCount => db.Collection<SharedMessage>(MessageStore.Collection).Count();

    /// <summary>
    /// Erasing a person: their deliveries go (they hold their chat address and cards addressed to them); other people's
    /// cards that name them (an at-risk list, an inbox) keep their outcome but lose their content, and any not yet sent
    /// are given up. A shared message that names them is deleted, and each row that sent it gets the erased text instead.
    /// </summary>
    public int ErasePerson(string personId, IReadOnlyList<string> names)
    {
        var removed = Deliveries.DeleteMany(d => d.PersonId == personId);
        bool Names(string json) => names.Any(n => n.Length > 0 && json.Contains(n, StringComparison.OrdinalIgnoreCase));
        var erasedShared = messages.All().Where(m => Names(m.Json)).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var row in Deliveries.FindAll()
            .Where(d => Names(d.MessageJson) || (d.MessageJson.Length == 0 && d.MessageId is { } id && erasedShared.Contains(id))).ToList())
        {
            var finished = row.State is DeliveryState.Sent or DeliveryState.Dead;
            Deliveries.Update(row.WithMessage(Message.Text("(erased)")) with
            {
                State = finished ? row.State : DeliveryState.Dead,
                LastError = finished ? row.LastError : "Not sent: it named a person who was erased.",
            });
            removed++;
        }
        foreach (var id in erasedShared) messages.Delete(id);
        return removed;
    }

    /// <summary>
    /// Deletes finished deliveries (sent, dead, cancelled, or held for a digest) created before <paramref name="cutoff"/>;
    /// queued ones are never touched. Then deletes the shared messages no row uses any more.
    /// </summary>
    public int PruneFinishedBefore(DateTimeOffset cutoff)
    {
        var before = cutoff.UtcDateTime;
        var old = Deliveries.Find(d => d.CreatedAt < before)
            .Where(d => d.State is DeliveryState.Sent or DeliveryState.Dead or DeliveryState.Cancelled or DeliveryState.Held).Select(d => d.Id).ToList();
        foreach (var id in old) Deliveries.Delete(id);
        PruneUnusedMessages(before);
        return old.Count;
    }

    /// <summary>
    /// One pass over the rows for the message ids still in use, outside any transaction (it reads every row); the delete
    /// itself checks each message's last use again, see <see cref="MessageStore.PruneUnused"/>.
    /// </summary>
    int PruneUnusedMessages(DateTime before)
    {
        var inUse = Deliveries.Find(d => d.MessageId != null).Select(d => d.MessageId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return messages.PruneUnused(inUse, before);
    }
}
