using System.Runtime.CompilerServices;
using System.Text.Json;

namespace HitBot.Core.Messaging;

/// <summary>
/// Messages are stored in the outbox as JSON text: the card model is polymorphic and immutable,
/// which System.Text.Json round-trips exactly, so a restart sends the same card that was queued.
/// </summary>
public static class MessageJson
{
    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Remembered per message instance (messages are immutable records): a fan-out builds one card and queues it for
    /// thousands of people, and serializing it once gives every row the same string, which the outbox then stores once.
    /// </summary>
    static readonly ConditionalWeakTable<Message, string> Serialized = [];

    public static string Serialize(Message message) => Serialized.GetValue(message, m => JsonSerializer.Serialize(m, Options));

    /// <summary>
    /// <paramref name="value"/> as a JSON string in a serialized message, quotes included: how words someone typed are found
    /// in stored rows (a removal of words), written exactly as <see cref="Serialize"/> writes them.
    /// </summary>
    public static string Quote(string value) => JsonSerializer.Serialize(value, Options);

    public static Message Deserialize(string json) =>
        JsonSerializer.Deserialize<Message>(json, Options)
        ?? throw new JsonException("A stored message was empty.");
}
