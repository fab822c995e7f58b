using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace HitBot.Teams.Schema;

/// <summary>The Bot Framework activity, only the fields HitBot reads or writes (protocols.md §1.2). Unknown fields are ignored.</summary>
public sealed record Activity
{
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("timestamp")] public DateTimeOffset? Timestamp { get; init; }
    [JsonPropertyName("serviceUrl")] public string? ServiceUrl { get; init; }
    [JsonPropertyName("channelId")] public string? ChannelId { get; init; }
    [JsonPropertyName("from")] public ChannelAccount? From { get; init; }
    [JsonPropertyName("recipient")] public ChannelAccount? Recipient { get; init; }
    [JsonPropertyName("conversation")] public ConversationAccount? Conversation { get; init; }
    [JsonPropertyName("text")] public string? Text { get; init; }
    [JsonPropertyName("textFormat")] public string? TextFormat { get; init; }
    [JsonPropertyName("summary")] public string? Summary { get; init; }
    [JsonPropertyName("value")] public JsonElement? Value { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("action")] public string? Action { get; init; }
    [JsonPropertyName("replyToId")] public string? ReplyToId { get; init; }
    [JsonPropertyName("attachments")] public List<Attachment>? Attachments { get; init; }
    [JsonPropertyName("channelData")] public JsonElement? ChannelData { get; init; }
    [JsonPropertyName("membersAdded")] public List<ChannelAccount>? MembersAdded { get; init; }
    [JsonPropertyName("membersRemoved")] public List<ChannelAccount>? MembersRemoved { get; init; }
    /// <summary>The sender's Teams language ("en-US"); Teams also puts it in the clientInfo entity.</summary>
    [JsonPropertyName("locale")] public string? Locale { get; init; }
    /// <summary>The sender's time zone as their Teams client reports it, an IANA id ("America/Los_Angeles"); optional.</summary>
    [JsonPropertyName("localTimezone")] public string? LocalTimezone { get; init; }
    [JsonPropertyName("entities")] public List<JsonElement>? Entities { get; init; }
}

public sealed record ChannelAccount
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("aadObjectId")] public string? AadObjectId { get; init; }
}

public sealed record ConversationAccount
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("conversationType")] public string? ConversationType { get; init; }
    [JsonPropertyName("isGroup")] public bool? IsGroup { get; init; }
    [JsonPropertyName("tenantId")] public string? TenantId { get; init; }
}

public sealed record Attachment
{
    [JsonPropertyName("contentType")] public string ContentType { get; init; } = "";
    [JsonPropertyName("content")] public JsonNode? Content { get; init; }
}
