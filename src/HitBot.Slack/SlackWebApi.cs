using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Options;

namespace HitBot.Slack;

/// <summary>
/// The Slack Web API methods HitBot calls (protocols.md §7). A singleton that takes a fresh client from the factory per
/// call, so handlers rotate and a long-lived object never pins one. Every failure is a <see cref="SlackApiException"/>.
/// </summary>
public sealed class SlackWebApi(IHttpClientFactory httpClients, IOptions<SlackOptions> options)
{
    public const string HttpClientName = "slack";

    /// <summary>A rendered message (Block Kit <c>blocks</c>, <c>text</c>) as the UTF-8 JSON the message calls below take.</summary>
    public static byte[] Body(JsonObject message) => JsonSerializer.SerializeToUtf8Bytes(message);

    /// <summary>
    /// Posts a message (<see cref="Body"/>) into a conversation, or into the thread <paramref name="threadTs"/> of it; the
    /// same bytes can go to any number of them.
    /// </summary>
    public async Task<SentMessage> PostMessageAsync(string channel, byte[] message, CancellationToken ct, string? threadTs = null)
    {
        var body = threadTs is null ? With(message, ("channel", channel)) : With(message, ("channel", channel), ("thread_ts", threadTs));
        var reply = await CallAsync("chat.postMessage", Json(body), ct);
        return new SentMessage(Text(reply, "channel") ?? channel, Required(reply, "chat.postMessage", "ts"));
    }

    public async Task UpdateAsync(string channel, string ts, byte[] message, CancellationToken ct) =>
        await CallAsync("chat.update", Json(With(message, ("channel", channel), ("ts", ts))), ct);

    /// <summary>
    /// The message's JSON object with these fields written in front of its own: the message is serialized once and
    /// only the few bytes that differ per conversation are written per call.
    /// </summary>
    static byte[] With(byte[] message, params ReadOnlySpan<(string Name, string Value)> fields)
    {
        var buffer = new ArrayBufferWriter<byte>(message.Length + 96);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in fields) writer.WriteString(name, value);
            // The object stays open: the message's own members (or its closing brace) follow as they are.
        }
        // message is "{...}": its members after a comma, or only "}" when it has none.
        if (message.Length > 2) buffer.Write(","u8);
        buffer.Write(message.AsSpan(1));
        return buffer.WrittenSpan.ToArray();
    }

    static ByteArrayContent Json(byte[] body) => new(body)
    {
        Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } },
    };

    /// <summary>Deletes a message the bot posted (chat.delete: <c>channel</c> + <c>ts</c>).</summary>
    public Task DeleteAsync(string channel, string ts, CancellationToken ct) =>
        CallJsonAsync("chat.delete", new JsonObject { ["channel"] = channel, ["ts"] = ts }, ct);

    /// <summary>The DM channel (D…) with one user; Slack returns the same one every time.</summary>
    public async Task<string> OpenConversationAsync(string userId, CancellationToken ct)
    {
        var reply = await CallJsonAsync("conversations.open", new JsonObject { ["users"] = userId }, ct);
        return Text(reply["channel"], "id") ?? throw new SlackApiException("conversations.open", "no_channel_in_reply", 200);
    }

    /// <summary>Null when no one in the workspace has this e-mail (Slack says users_not_found; old docs user_not_found).</summary>
    public async Task<SlackUser?> LookupByEmailAsync(string email, CancellationToken ct)
    {
        try
        {
            return User(await CallFormAsync("users.lookupByEmail", new() { ["email"] = email }, ct));
        }
        catch (SlackApiException e) when (e.Code is "users_not_found" or "user_not_found")
        {
            return null;
        }
    }

    public async Task<SlackUser?> UserInfoAsync(string userId, CancellationToken ct)
    {
        try
        {
            return User(await CallFormAsync("users.info", new() { ["user"] = userId, ["include_locale"] = "true" }, ct));
        }
        catch (SlackApiException e) when (e.Code is "users_not_found" or "user_not_found")
        {
            return null;
        }
    }

    public Task OpenViewAsync(string triggerId, JsonObject view, CancellationToken ct) =>
        CallJsonAsync("views.open", new JsonObject { ["trigger_id"] = triggerId, ["view"] = view.DeepClone() }, ct);

    public Task PublishViewAsync(string userId, JsonObject view, CancellationToken ct) =>
        CallJsonAsync("views.publish", new JsonObject { ["user_id"] = userId, ["view"] = view.DeepClone() }, ct);

    public async Task<SlackIdentity> AuthTestAsync(CancellationToken ct)
    {
        var reply = await CallJsonAsync("auth.test", new JsonObject(), ct);
        return new SlackIdentity(Text(reply, "team_id") ?? "", Text(reply, "user_id") ?? "", Text(reply, "bot_id"), Text(reply, "team"),
            Flag(reply, "is_enterprise_install"), Text(reply, "enterprise_id"));
    }

    // JSON bodies carry the charset, or Slack answers with a missing_charset warning (§7.1).
    Task<JsonObject> CallJsonAsync(string method, JsonObject body, CancellationToken ct) =>
        CallAsync(method, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), ct);

    // The users.* read methods are documented as form/GET; a form body without a charset avoids superfluous_charset.
    Task<JsonObject> CallFormAsync(string method, Dictionary<string, string> fields, CancellationToken ct) =>
        CallAsync(method, new FormUrlEncodedContent(fields), ct);

    async Task<JsonObject> CallAsync(string method, HttpContent content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, method) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.BotToken);
        using var http = httpClients.CreateClient(HttpClientName);
        using var response = await http.SendAsync(request, ct);
        var status = (int)response.StatusCode;
        if (status == 429)
            throw new SlackApiException(method, "ratelimited", status, RetryAfter(response));

        var text = await response.Content.ReadAsStringAsync(ct);
        JsonObject? reply = null;
        try
        {
            reply = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            // Handled below: a body that is not Slack's JSON is reported by its HTTP status.
        }
        if (reply is null)
            throw new SlackApiException(method, $"http_{status.ToString(CultureInfo.InvariantCulture)}", status);
        // Slack reports failures with HTTP 200 and ok:false: the flag decides, not the status (§7.1).
        if (reply["ok"] is JsonValue ok && ok.TryGetValue<bool>(out var isOk) && isOk) return reply;
        throw new SlackApiException(method, Text(reply, "error") ?? $"http_{status.ToString(CultureInfo.InvariantCulture)}", status, RetryAfter(response));
    }

    // Slack sends Retry-After in seconds (§7.3); an HTTP date would need a clock this client does not have.
    static TimeSpan? RetryAfter(HttpResponseMessage response) => HitBot.Core.Messaging.RetryAfterLimit.Of(response.Headers.RetryAfter?.Delta);

    static SlackUser? User(JsonObject reply) => reply["user"] is JsonObject user && Text(user, "id") is { } id
        ? new SlackUser(id, Text(user, "team_id"), Text(user["profile"], "email"), Text(user, "tz"), Flag(user, "is_bot"), Flag(user, "deleted"), Text(user, "locale"),
            Text(user["enterprise_user"], "enterprise_id"))
        : null;

    static string Required(JsonObject reply, string method, string field) =>
        Text(reply, field) ?? throw new SlackApiException(method, $"no_{field}_in_reply", 200);

    internal static string? Text(JsonNode? node, string field) =>
        node is JsonObject o && o[field] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    static bool Flag(JsonObject node, string field) => node[field] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
}
