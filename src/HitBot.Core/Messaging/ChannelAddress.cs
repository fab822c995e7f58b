namespace HitBot.Core.Messaging;

/// <summary>Where one person is reached on one platform: everything an adapter needs to send proactively.</summary>
/// <remarks>
/// Teams: UserId = <c>29:…</c> (per bot), ConversationId = the 1:1 chat <c>a:…</c> once known, ServiceUrl, TenantId,
/// AadObjectId (the stable join key), BotId = <c>28:{appId}</c>. Slack: TeamId + UserId, ConversationId = the DM channel.
/// </remarks>
public sealed record ChannelAddress
{
    public ChannelKind Channel { get; init; }
    public string UserId { get; init; } = "";
    public string? ConversationId { get; init; }
    public string? ServiceUrl { get; init; }
    public string? TenantId { get; init; }
    public string? TeamId { get; init; }
    public string? AadObjectId { get; init; }
    public string? BotId { get; init; }
    public string? DisplayName { get; init; }

    /// <summary>The key that identifies the person on that platform, for look-ups and idempotency keys.</summary>
    public string PersonKey() => Channel switch
    {
        ChannelKind.Teams => $"teams:{UserId}",
        ChannelKind.Slack => $"slack:{TeamId}:{UserId}",
        _ => throw new InvalidOperationException($"Unknown channel {Channel}."),
    };
}
