using HitBot.Core.Directory;

namespace HitBot.Core.Messaging.Routing;

/// <summary>What a person did in chat, whatever the platform: a verb with its data and the card's input values.</summary>
/// <remarks>
/// <see cref="Person"/> is the sender as the directory knows them, resolved by the adapter from the authenticated platform
/// payload only, never from card data; it is null when the sender is not in the directory. Routes that need a person get it
/// from the router as a non-null argument (<see cref="InteractionRouter"/>), so they never look it up again. <see cref="Text"/> is set for typed messages (verb <c>command</c>).
/// <see cref="SourceMessageId"/> is the platform id of the card that was answered, so it can be updated in place.
/// </remarks>
public sealed record Interaction
{
    public const string CommandVerb = "command";

    public required string Verb { get; init; }
    public required ChannelAddress From { get; init; }
    public Person? Person { get; init; }
    public string? PersonId => Person?.Id;
    public string? Text { get; init; }
    public Dictionary<string, string> Data { get; init; } = [];
    public Dictionary<string, string> Inputs { get; init; } = [];
    public string? SourceMessageId { get; init; }
    /// <summary>
    /// The platform's id of the message this came from (a Teams activity id, a Slack event id), the same when the platform
    /// sends it again: what is made from a typed message (feedback) is keyed by it, so a retry after a failed answer or a
    /// crash stores it once. Null when the platform gives none.
    /// </summary>
    public string? InboundId { get; init; }

    /// <summary>
    /// A typed message that also carried pictures or files, which HitBot does not read or pass on: what passes the words
    /// on (feedback) says so, or the sender believes the central team saw the photo.
    /// </summary>
    public bool CarriesFiles { get; init; }

    /// <summary>
    /// The update whose message this typed one answers (a Slack reply in the thread under the update HitBot sent this
    /// person), found by the adapter among the sender's own copies; null for anything else. Text HitBot does not
    /// understand is then offered to the central team as a question about that update.
    /// </summary>
    public string? RepliesToUpdateId { get; init; }

    /// <summary>The answered card was a form sent as its own card, so the answer replaces it (<see cref="CardData.InPlaceKey"/>).</summary>
    public bool AnswersInPlace => Data.ContainsKey(CardData.InPlaceKey);
}
