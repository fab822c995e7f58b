using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using HitBot.Teams.Schema;
using Microsoft.Extensions.Logging;

namespace HitBot.Teams;

/// <summary>
/// The Bot Connector REST calls HitBot makes (protocols.md §3.2), against the serviceUrl stored with each address.
/// Built on a named client from <see cref="IHttpClientFactory"/> rather than a typed one: the channel and the
/// inbound handler that use it live for the whole process, and a typed client must not be held that long.
/// </summary>
public sealed class ConnectorClient(
    IHttpClientFactory httpClients, BotTokenProvider tokens, ServiceUrlPolicy serviceUrls, TimeProvider time, ILogger<ConnectorClient> logger)
{
    public const string HttpClientName = "HitBot.Teams.Connector";

    /// <summary>
    /// Text goes as UTF-8, not as <c>\uXXXX</c> escapes: the default encoder wrote every non-ASCII character as six bytes,
    /// so an update in Vietnamese or Chinese was two to three times larger on the wire and met Teams' message size limit
    /// (protocols.md §3.7) long before the same update in English. The body is JSON sent to the Connector, never HTML.
    /// </summary>
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Opens (or finds) the 1:1 chat with a user; its id is the conversation to post into.</summary>
    public async Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken ct) =>
        await CallAsync<ConversationResourceResponse>(HttpMethod.Post, serviceUrl, "/v3/conversations",
            JsonSerializer.SerializeToUtf8Bytes(parameters, Json), ct) ?? new ConversationResourceResponse();

    /// <summary>The activity as the body HitBot posts (UTF-8 JSON), for callers that post the same one many times.</summary>
    public static byte[] Body(JsonObject activity) => JsonSerializer.SerializeToUtf8Bytes(activity, Json);

    /// <summary>Posts an activity (<see cref="Body"/>) into a conversation and returns its id, the handle for a later update.</summary>
    public async Task<string> SendAsync(string serviceUrl, string conversationId, byte[] activity, CancellationToken ct)
    {
        var response = await CallAsync<ResourceResponse>(HttpMethod.Post, serviceUrl, $"/v3/conversations/{Segment(conversationId)}/activities", activity, ct);
        return response?.Id ?? "";
    }

    /// <summary>Replaces an activity HitBot sent earlier with a complete new one.</summary>
    public async Task UpdateAsync(string serviceUrl, string conversationId, string activityId, byte[] activity, CancellationToken ct) =>
        await CallAsync<ResourceResponse>(HttpMethod.Put, serviceUrl,
            $"/v3/conversations/{Segment(conversationId)}/activities/{Segment(activityId)}", activity, ct);

    /// <summary>Deletes an activity HitBot sent earlier (protocols.md §3.2: status only, no body).</summary>
    public async Task DeleteAsync(string serviceUrl, string conversationId, string activityId, CancellationToken ct) =>
        await CallAsync<ResourceResponse>(HttpMethod.Delete, serviceUrl,
            $"/v3/conversations/{Segment(conversationId)}/activities/{Segment(activityId)}", null, ct);

    /// <summary>One member of a conversation, with the e-mail that links them to the roster.</summary>
    public async Task<TeamsChannelAccount> GetMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken ct) =>
        await CallAsync<TeamsChannelAccount>(HttpMethod.Get, serviceUrl,
            $"/v3/conversations/{Segment(conversationId)}/members/{Segment(userId)}", null, ct) ?? new TeamsChannelAccount();

    /// <summary>Teams ids contain <c>:</c>, <c>@</c> and <c>;</c>; each must stay inside its path segment.</summary>
    static string Segment(string id) => Uri.EscapeDataString(id);

    async Task<T?> CallAsync<T>(HttpMethod method, string serviceUrl, string path, byte[]? body, CancellationToken ct)
    {
        // The last door before the network: whatever stored or received the address, nothing outside the policy is called.
        if (!serviceUrls.IsAllowed(serviceUrl)) throw new ServiceUrlRefusedException(serviceUrls.Refusal(serviceUrl));
        using var request = new HttpRequestMessage(method, Url(serviceUrl, path));
        // Set per request, never on a shared client: the token only ever goes to the serviceUrl of this call.
        if (await tokens.GetTokenAsync(ct) is { } token) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
            request.Content = new ByteArrayContent(body)
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } }, // charset keeps emoji intact (§3.2)
            };

        using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        var operationId = response.Headers.TryGetValues("X-Correlating-OperationId", out var values) ? values.FirstOrDefault() : null;
        var status = (int)response.StatusCode;
        var operation = method == HttpMethod.Delete ? "delete" : OperationName(path);
        if (!response.IsSuccessStatusCode)
        {
            var code = ErrorCode(text);
            Log.ConnectorFailed(logger, method.Method, operation, status, code, operationId);
            throw new ConnectorException(status, code, text, RetryAfter(response.Headers.RetryAfter));
        }
        Log.ConnectorCalled(logger, method.Method, operation, status, operationId);
        if (string.IsNullOrWhiteSpace(text)) return default;
        try
        {
            return JsonSerializer.Deserialize<T>(text, Json);
        }
        catch (JsonException)
        {
            // A 2xx whose body is not what the spec says; the call itself succeeded.
            return default;
        }
    }

    static Uri Url(string serviceUrl, string path)
    {
        if (!Uri.TryCreate(serviceUrl.TrimEnd('/') + path, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            throw new ArgumentException("The serviceUrl must be an absolute http(s) URL.", nameof(serviceUrl));
        return url;
    }

    /// <summary>The call's shape without its ids, for logs (create, send, update, member; a DELETE is "delete").</summary>
    static string OperationName(string path) => path.Contains("/members/", StringComparison.Ordinal) ? "member"
        : path.EndsWith("/activities", StringComparison.Ordinal) ? "send"
        : path.Contains("/activities/", StringComparison.Ordinal) ? "update"
        : "create-conversation";

    /// <summary>Errors carry <c>{"error":{"code":"…","message":"…"}}</c>; anything else has no code.</summary>
    static string? ErrorCode(string body)
    {
        try
        {
            return JsonNode.Parse(body) is JsonObject o && o["error"] is JsonObject e && e["code"] is JsonValue v
                && v.TryGetValue<string>(out var code) ? code : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Retry-After is either seconds or an HTTP date; a date is measured against our clock.</summary>
    TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => HitBot.Core.Messaging.RetryAfterLimit.Of(header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > time.GetUtcNow() ? date - time.GetUtcNow() : TimeSpan.Zero,
        _ => null,
    });
}
