using System.Text.Json;

namespace HitBot.Core.Messaging;

/// <summary>
/// Messages are stored in the outbox as JSON text: the card model is polymorphic and immutable,
/// which System.Text.Json round-trips exactly, so a restart sends the same card that was queued.
/// </summary>
public static class MessageJson
{
    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Serialize(Message message) => JsonSerializer.Serialize(message, Options);

    public static Message Deserialize(string json) =>
        JsonSerializer.Deserialize<Message>(json, Options)
        ?? throw new JsonException("A stored message was empty.");
}
