namespace HitBot.Core.Messaging;

/// <summary>What a person did in chat, whatever the platform: a verb with its data and the card's input values.</summary>
/// <remarks>
/// <see cref="PersonId"/> is resolved from the authenticated platform payload only, never from card data;
/// it is null when the sender is not in the directory. <see cref="Text"/> is set for typed messages (verb <c>command</c>).
/// <see cref="SourceMessageId"/> is the platform id of the card that was answered, so it can be updated in place.
/// </remarks>
public sealed record Interaction
{
    public const string CommandVerb = "command";

    public required string Verb { get; init; }
    public required ChannelAddress From { get; init; }
    public string? PersonId { get; init; }
    public string? Text { get; init; }
    public Dictionary<string, string> Data { get; init; } = [];
    public Dictionary<string, string> Inputs { get; init; } = [];
    public string? SourceMessageId { get; init; }
}
