using System.Text.Json.Serialization;

namespace HitBot.Teams.Schema;

/// <summary>Body of <c>POST /v3/conversations</c> (protocols.md §3.3).</summary>
public sealed record ConversationParameters
{
    [JsonPropertyName("bot")] public ChannelAccount? Bot { get; init; }
    [JsonPropertyName("members")] public List<ChannelAccount> Members { get; init; } = [];
    [JsonPropertyName("isGroup")] public bool IsGroup { get; init; }
    [JsonPropertyName("tenantId")] public string? TenantId { get; init; }
    [JsonPropertyName("channelData")] public TenantChannelData? ChannelData { get; init; }
}

public sealed record TenantChannelData([property: JsonPropertyName("tenant")] TenantInfo Tenant);

public sealed record TenantInfo([property: JsonPropertyName("id")] string Id);

/// <summary>Answer of create-conversation.</summary>
public sealed record ConversationResourceResponse
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("activityId")] public string? ActivityId { get; init; }
    [JsonPropertyName("serviceUrl")] public string? ServiceUrl { get; init; }
}

/// <summary>Answer of send / update activity: the activity's id.</summary>
public sealed record ResourceResponse
{
    [JsonPropertyName("id")] public string? Id { get; init; }
}

/// <summary>A member as <c>GET /v3/conversations/{id}/members/{userId}</c> returns it; the e-mail links them to the roster.</summary>
public sealed record TeamsChannelAccount
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("aadObjectId")] public string? AadObjectId { get; init; }
    [JsonPropertyName("email")] public string? Email { get; init; }
    [JsonPropertyName("userPrincipalName")] public string? UserPrincipalName { get; init; }
    [JsonPropertyName("tenantId")] public string? TenantId { get; init; }
}
