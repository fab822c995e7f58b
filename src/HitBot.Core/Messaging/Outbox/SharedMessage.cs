namespace HitBot.Core.Messaging.Outbox;

/// <summary>
/// A message that many deliveries send (an update, a survey opening, a correction), stored once in the <c>messages</c>
/// collection instead of once per delivery row. Its id is a hash of its JSON, so the same card queued twice is one
/// document and a fan-out retried after a crash finds the document it wrote before.
/// </summary>
public sealed record SharedMessage
{
    public string Id { get; init; } = "";
    public string Json { get; init; } = "";
    /// <summary>The newest <see cref="Delivery.CreatedAt"/> of the rows that were queued with it: pruning keeps it until that is old.</summary>
    public DateTime LastUsedAt { get; init; }
}

/// <summary>A message as rows carry it: its JSON (held in a row) and the id it has when shared (<see cref="MessageStore"/>).</summary>
public sealed record SharedMessageKey(string Json, string Id)
{
    public static SharedMessageKey Of(Message message)
    {
        var json = MessageJson.Serialize(message);
        return new(json, MessageStore.IdOf(json));
    }
}
