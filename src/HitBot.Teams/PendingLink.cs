using HitBot.Core.Messaging;

namespace HitBot.Teams;

/// <summary>
/// A Teams user HitBot could not look up yet (the Connector throttled or failed): kept in LiteDB until the member look-up
/// succeeds, so they are linked without waiting for their next message and survive a restart.
/// </summary>
public sealed record PendingLink
{
    /// <summary>The address's person key: one row per Teams user, however often they are queued.</summary>
    public string Id { get; init; } = "";
    public ChannelAddress Address { get; init; } = new();
    public string ConversationId { get; init; } = "";
    /// <summary>The roster e-mail when HitBot already knows who this is (proactive install); null links by the member's e-mail.</summary>
    public string? Email { get; init; }
    /// <summary>Send the welcome card once linked, as an install event would have.</summary>
    public bool Welcome { get; init; }
    public int Attempts { get; init; }
    public DateTime DueAt { get; init; }
    public DateTime QueuedAt { get; init; }
}
