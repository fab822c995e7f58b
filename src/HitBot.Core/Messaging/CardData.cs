using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HitBot.Core.Messaging;

/// <summary>
/// A button's data as a typed record, both ways: the card builder writes the record with <see cref="Of{TData}"/> and the
/// router binds it back with <see cref="TryRead"/>, so the keys on the wire are the record's property names (camelCase)
/// and cannot drift between the card and its verb.
/// </summary>
/// <remarks>
/// Values are strings on every platform (Teams submits data as JSON strings, Slack carries it in a button's value), so
/// records hold strings only. A required property (not nullable, no default) that is missing makes the data damaged.
/// Keys the record does not know are ignored: cards already sent stay answerable after a record gains a field elsewhere.
/// </remarks>
public static class CardData
{
    /// <summary>
    /// Marks a form sent as its own card: the answer replaces that card (<see cref="InteractionResult.AnswerTo"/>) instead of
    /// arriving as a new message. The wire key is kept as it was, so forms already in people's chats keep answering in place.
    /// </summary>
    public const string InPlaceKey = "inplace";

    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The button data for <paramref name="data"/>; <paramref name="answerInPlace"/> marks a form sent as its own card.</summary>
    public static Dictionary<string, string> Of<TData>(TData data, bool answerInPlace = false) where TData : class
    {
        var written = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in JsonSerializer.SerializeToNode(data, Options)?.AsObject() ?? [])
        {
            if (value is null) continue;
            written[key] = value.GetValueKind() == JsonValueKind.String
                ? value.GetValue<string>()
                : throw new InvalidOperationException($"Card data {typeof(TData).Name}.{key} must be a string: buttons carry strings only.");
        }
        if (answerInPlace) written[InPlaceKey] = "1";
        return written;
    }

    /// <summary>Binds a button's data to <paramref name="type"/>; false when a required value is missing (the card is damaged or out of date).</summary>
    public static bool TryRead(Type type, IReadOnlyDictionary<string, string> data, [NotNullWhen(true)] out object? value)
    {
        var json = new JsonObject(data.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        try
        {
            value = json.Deserialize(type, Options);
        }
        catch (JsonException)
        {
            value = null;
        }
        return value is not null;
    }

    /// <summary>The typed form of <see cref="TryRead"/>.</summary>
    public static bool TryRead<TData>(IReadOnlyDictionary<string, string> data, [NotNullWhen(true)] out TData? value) where TData : class
    {
        value = TryRead(typeof(TData), data, out var read) ? (TData)read : null;
        return value is not null;
    }
}
