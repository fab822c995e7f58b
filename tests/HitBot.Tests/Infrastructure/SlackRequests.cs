using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.Messaging.Routing;

namespace HitBot.Tests.Infrastructure;

/// <summary>Requests signed exactly as Slack signs them (protocols.md §11.2): v0=hex(HMAC-SHA256(secret, "v0:{ts}:{body}")).</summary>
public static class SlackRequests
{
    public const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";

    public static string Sign(string secret, string timestamp, string body) =>
        "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));

    public static string Timestamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public static HttpRequestMessage SignedRequest(string path, string body, string contentType, DateTimeOffset at, string secret = Secret)
    {
        var ts = Timestamp(at);
        return WithHeaders(path, body, contentType, ts, Sign(secret, ts, body));
    }

    public static HttpRequestMessage WithHeaders(string path, string body, string contentType, string? timestamp, string? signature)
    {
        // The media type alone, as Slack sends it: no charset parameter (Bolt, which the bench compares with, insists on that).
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (timestamp is not null) request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        if (signature is not null) request.Headers.Add("X-Slack-Signature", signature);
        return request;
    }

    public static HttpRequestMessage Event(JsonObject envelope, DateTimeOffset at) =>
        SignedRequest("/slack/events", envelope.ToJsonString(), "application/json", at);

    public static JsonObject EventCallback(string eventId, JsonObject inner) => new()
    {
        ["token"] = "legacy-ignored",
        ["team_id"] = FakeSlackApi.TeamId,
        ["api_app_id"] = "A0TEST",
        ["type"] = "event_callback",
        ["event_id"] = eventId,
        ["event_time"] = 1_700_000_000,
        ["event"] = inner,
    };

    /// <summary>The person opened HitBot's Home tab (app_home_opened).</summary>
    public static JsonObject HomeOpened(string eventId, string user) => EventCallback(eventId, new JsonObject
    {
        ["type"] = "app_home_opened", ["user"] = user, ["channel"] = "D" + user, ["tab"] = "home", ["event_ts"] = "1700000200.000100",
    });

    public static JsonObject DirectMessage(string eventId, string user, string text) => EventCallback(eventId, new JsonObject
    {
        ["type"] = "message", ["channel_type"] = "im", ["user"] = user, ["text"] = text,
        ["ts"] = "1700000100.000100", ["channel"] = "D" + user, ["event_ts"] = "1700000100.000100",
    });

    public static string Form(params (string Name, string Value)[] fields) =>
        string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Name) + "=" + Uri.EscapeDataString(f.Value)));

    /// <summary>
    /// A button click on a message HitBot sent to <paramref name="user"/>'s DM, as Slack posts it (protocols.md,
    /// block_actions). Give each click its own <paramref name="actionTs"/>: Slack's retries repeat it, new clicks do not.
    /// </summary>
    public static JsonObject ButtonClick(string user, string actionId, string value,
        string messageTs = "1700000000.000042", string actionTs = "1700000300.123456") => new()
    {
        ["type"] = "block_actions",
        ["user"] = new JsonObject { ["id"] = user, ["username"] = "tutor", ["team_id"] = FakeSlackApi.TeamId },
        ["team"] = new JsonObject { ["id"] = FakeSlackApi.TeamId, ["domain"] = "test" },
        ["api_app_id"] = "A0TEST",
        ["trigger_id"] = "1.2.trigger",
        ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = messageTs, ["channel_id"] = "D" + user, ["is_ephemeral"] = false },
        ["channel"] = new JsonObject { ["id"] = "D" + user, ["name"] = "directmessage" },
        ["message"] = new JsonObject { ["ts"] = messageTs, ["text"] = "A question" },
        ["actions"] = new JsonArray(new JsonObject
        {
            ["type"] = "button", ["action_id"] = actionId, ["block_id"] = "b1", ["value"] = value, ["action_ts"] = actionTs,
        }),
    };

    /// <summary>A direct message written in the thread under the message <paramref name="threadTs"/> (its <c>thread_ts</c>).</summary>
    public static JsonObject DirectMessageInThread(string eventId, string user, string text, string threadTs)
    {
        var message = DirectMessage(eventId, user, text);
        message["event"]!["thread_ts"] = threadTs;
        return message;
    }

    /// <summary>
    /// A click on <paramref name="button"/> (as HitBot rendered it) of a card in the thread under <paramref name="threadTs"/>:
    /// Slack names the thread in the container and in the message.
    /// </summary>
    public static JsonObject ButtonClickInThread(string user, JsonObject button, string threadTs, string actionTs)
    {
        var click = ButtonClick(user, (string)button["action_id"]!, (string)button["value"]!, "1700000200.000007", actionTs);
        click["container"]!["thread_ts"] = threadTs;
        click["message"]!["thread_ts"] = threadTs;
        return click;
    }

    /// <summary>
    /// A modal's Submit as Slack posts it (view_submission): the callback id HitBot gave the modal, its private_metadata,
    /// and each text answer under its block id (the input's id), as a plain_text_input would report it.
    /// </summary>
    public static JsonObject ViewSubmission(string user, string callbackId, string privateMetadata, Dictionary<string, string> textAnswers,
        Dictionary<string, string[]>? checkboxes = null, string viewId = "V0FORM", Dictionary<string, string>? radios = null)
    {
        var values = new JsonObject();
        foreach (var (id, chosen) in radios ?? [])
            values[id] = new JsonObject
            {
                ["answer"] = new JsonObject { ["type"] = "radio_buttons", ["selected_option"] = new JsonObject { ["value"] = chosen } },
            };
        foreach (var (id, text) in textAnswers)
            values[id] = new JsonObject { ["answer"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = text } };
        foreach (var (id, chosen) in checkboxes ?? [])
            values[id] = new JsonObject
            {
                ["answer"] = new JsonObject
                {
                    ["type"] = "checkboxes",
                    ["selected_options"] = new JsonArray(chosen.Select(v => (JsonNode)new JsonObject { ["value"] = v }).ToArray()),
                },
            };
        return new JsonObject
        {
            ["type"] = "view_submission",
            ["user"] = new JsonObject { ["id"] = user, ["team_id"] = FakeSlackApi.TeamId },
            ["team"] = new JsonObject { ["id"] = FakeSlackApi.TeamId },
            ["view"] = new JsonObject
            {
                ["id"] = viewId, ["type"] = "modal", ["callback_id"] = callbackId, ["private_metadata"] = privateMetadata,
                ["blocks"] = new JsonArray(), ["state"] = new JsonObject { ["values"] = values },
            },
        };
    }

    public static HttpRequestMessage Interaction(JsonObject payload, DateTimeOffset at) =>
        SignedRequest("/slack/interactions", Form(("payload", payload.ToJsonString())), "application/x-www-form-urlencoded", at);

    public static HttpRequestMessage Command(string user, string text, DateTimeOffset at) =>
        SignedRequest("/slack/commands", Form(("token", "legacy"), ("team_id", FakeSlackApi.TeamId), ("channel_id", "C0GENERAL"), ("user_id", user),
            ("user_name", "someone"), ("command", "/hitbot"), ("text", text), ("api_app_id", "A0TEST"),
            ("response_url", "https://hooks.slack.com/commands/T0TEST/1/abc"), ("trigger_id", "1.2.abc")),
            "application/x-www-form-urlencoded", at);
}
