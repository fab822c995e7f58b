using System.Text.Json;
using System.Text.Json.Nodes;

namespace HitBot.Slack;

/// <summary>Reads Slack's signed bodies into the records of SlackPayloads.cs; null means not something Slack sends (400).</summary>
public static class SlackPayloadParser
{
    public static SlackEvent? ParseEvent(ReadOnlySpan<byte> body)
    {
        if (ParseObject(body) is not { } envelope) return null;
        switch (Text(envelope, "type"))
        {
            case "url_verification":
                return Text(envelope, "challenge") is { } challenge ? new UrlVerification(challenge) : null;
            case "event_callback":
                break;
            default:
                return new IgnoredEvent("not an event_callback");
        }
        if (Text(envelope, "event_id") is not { } eventId || envelope["event"] is not JsonObject inner) return null;
        var team = Text(envelope, "team_id") ?? "";
        var user = Text(inner, "user");
        switch (Text(inner, "type"))
        {
            case "message" when Text(inner, "channel_type") == "im":
                // The bot's own posts come back as message.im with bot_id; edits and deletions carry a subtype.
                // Answering either would have the bot talk to itself. A person's message with a file attached is subtype
                // file_share: its text is what they typed, so it is read like any message (the file itself is not). So is
                // thread_broadcast, a reply in a thread also sent to the chat: it went unanswered.
                if (inner["bot_id"] is not null || (inner["subtype"] is not null && Text(inner, "subtype") is not ("file_share" or "thread_broadcast")))
                    return new IgnoredEvent("bot message or subtype");
                var text = SlackText.Unescape(WithoutBotMention(Text(inner, "text") ?? "", envelope));
                return user is not null && Text(inner, "channel") is { } channel
                    ? new DirectMessage(eventId, team, user, channel, text, WithFiles: Text(inner, "subtype") == "file_share", ThreadTs: ThreadOf(inner))
                    : null;
            case "app_home_opened":
                if (Text(inner, "tab") != "home") return new IgnoredEvent("messages tab");
                return user is not null ? new HomeOpened(eventId, team, user) : null;
            case "app_uninstalled":
                return new AppRemoved(team, "app_uninstalled");
            case "tokens_revoked":
                // Only the bot token is HitBot's; a person's user token revoked (tokens.oauth) changes nothing for it.
                return inner["tokens"] is JsonObject tokens && tokens["bot"] is JsonArray { Count: > 0 }
                    ? new AppRemoved(team, "tokens_revoked")
                    : new IgnoredEvent("no bot token revoked");
            default:
                return new IgnoredEvent("an event HitBot does not subscribe to");
        }
    }

    /// <summary>
    /// The thread a message sits in: its <c>thread_ts</c>, when that is another message's (a thread's parent carries its own
    /// ts there once it has replies, and is not in a thread). Null for a message in the conversation itself.
    /// </summary>
    static string? ThreadOf(JsonNode? message) =>
        Text(message, "thread_ts") is { Length: > 0 } thread && thread != (Text(message, "ts") ?? Text(message, "message_ts")) ? thread : null;

    /// <summary>
    /// The text without "@hitbot": Slack writes a mention as <c>&lt;@U…&gt;</c>, so "@hitbot stop" in the DM was not stop
    /// (Teams' &lt;at&gt; is taken out the same way). The bot's user id is the event's authorization's (§6.3); other people
    /// mentioned stay, as they are part of what was written.
    /// </summary>
    static string WithoutBotMention(string text, JsonObject envelope)
    {
        if (!text.Contains("<@", StringComparison.Ordinal) || envelope["authorizations"] is not JsonArray authorizations) return text;
        foreach (var authorization in authorizations)
        {
            if (Text(authorization, "user_id") is not { Length: > 0 } bot) continue;
            var at = text.IndexOf("<@" + bot, StringComparison.Ordinal);
            while (at >= 0 && text.IndexOf('>', at) is var end and > 0 && (end == at + bot.Length + 2 || text[at + bot.Length + 2] == '|'))
            {
                text = string.Concat(text.AsSpan(0, at), " ", text.AsSpan(end + 1));
                at = text.IndexOf("<@" + bot, StringComparison.Ordinal);
            }
        }
        return text.Trim();
    }

    /// <summary>The <c>payload</c> field of an interactivity form.</summary>
    public static SlackInteraction? ParseInteraction(Dictionary<string, string> form)
    {
        if (!form.TryGetValue("payload", out var json) || ParseObject(System.Text.Encoding.UTF8.GetBytes(json)) is not { } payload) return null;
        if (Text(payload["user"], "id") is not { } user) return null;
        var team = Text(payload["team"], "id") ?? Text(payload["user"], "team_id") ?? "";
        switch (Text(payload, "type"))
        {
            case "block_actions":
                if (payload["actions"] is not JsonArray { Count: > 0 } actions || actions[0] is not JsonObject action
                    || Text(action, "action_id") is not { } actionId) return null;
                var container = payload["container"];
                return new BlockAction(team, user, actionId, Text(action, "value"), Text(action, "action_ts") ?? "",
                    Text(payload, "trigger_id"),
                    Text(container, "channel_id") ?? Text(payload["channel"], "id"),
                    Text(container, "message_ts") ?? Text(payload["message"], "ts"),
                    Values(payload["state"]?["values"]),
                    FromHome: Text(container, "type") == "view" && Text(payload["view"], "type") == "home",
                    Ephemeral: container?["is_ephemeral"] is JsonValue e && e.TryGetValue<bool>(out var ephemeral) && ephemeral,
                    UserTeamId: Text(payload["user"], "team_id"), ThreadTs: ThreadOf(container) ?? ThreadOf(payload["message"]));
            case "view_submission":
                if (payload["view"] is not JsonObject view || Text(view, "callback_id") is not { } callbackId) return null;
                var inputs = Values(view["state"]?["values"]);
                return new ViewSubmission(team, user, Text(view, "id") ?? "", callbackId, Text(view, "private_metadata") ?? "",
                    inputs, MissingRequired(view, inputs));
            case { } other:
                return new OtherInteraction(team, user, other);
            default:
                return null;
        }
    }

    public static SlashCommand? ParseCommand(Dictionary<string, string> form) =>
        form.TryGetValue("user_id", out var user) && user.Length > 0 && form.TryGetValue("command", out var command)
            // A command's text comes with the same escaping as a message's ("/hitbot feedback Q&A" arrives as Q&amp;A).
            ? new SlashCommand(form.GetValueOrDefault("team_id", ""), user, command, SlackText.Unescape(form.GetValueOrDefault("text", "")), form.GetValueOrDefault("channel_id", ""),
                form.TryGetValue("trigger_id", out var trigger) && trigger.Length > 0 ? trigger : null)
            : null;

    /// <summary>
    /// <c>state.values[block_id][action_id]</c> as the neutral input values keyed by block id (the input's id, §10).
    /// Empty answers (null, "", blanks, nothing chosen) are left out: "no answer" on both platforms (§10, gotchas).
    /// </summary>
    static Dictionary<string, string> Values(JsonNode? values)
    {
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (values is not JsonObject blocks) return inputs;
        foreach (var (blockId, actions) in blocks)
        {
            if (actions is not JsonObject elements) continue;
            foreach (var (_, element) in elements)
            {
                if (ValueOf(element) is { } value && !string.IsNullOrWhiteSpace(value))
                {
                    inputs[blockId] = value;
                    break;
                }
            }
        }
        return inputs;
    }

    static string? ValueOf(JsonNode? element) => element switch
    {
        JsonObject e when e["selected_options"] is JsonArray options =>
            string.Join(',', options.Select(o => Text(o, "value")).OfType<string>()),
        JsonObject e when e["selected_option"] is JsonObject option => Text(option, "value"),
        JsonObject e when Text(e, "selected_date") is { } date => date,
        JsonObject e when Text(e, "selected_time") is { } time => time,
        JsonObject e when e["selected_date_time"] is JsonValue epoch => epoch.ToJsonString(),
        JsonObject e => Text(e, "value"),
        _ => null,
    };

    /// <summary>Required inputs are the input blocks of the submitted view without <c>optional: true</c>.</summary>
    static List<string> MissingRequired(JsonObject view, Dictionary<string, string> inputs) =>
        view["blocks"] is not JsonArray blocks ? [] : blocks
            .OfType<JsonObject>()
            .Where(b => Text(b, "type") == "input" && !(b["optional"] is JsonValue o && o.TryGetValue<bool>(out var optional) && optional))
            .Select(b => Text(b, "block_id"))
            .OfType<string>()
            .Where(id => !inputs.ContainsKey(id))
            .ToList();

    /// <summary>A button's value as card data: the JSON object the renderer wrote, or the bare string under "value".</summary>
    public static Dictionary<string, string> Data(string? value)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(value)) return data;
        if (ParseObject(System.Text.Encoding.UTF8.GetBytes(value)) is not { } json)
        {
            data["value"] = value;
            return data;
        }
        foreach (var (key, node) in json)
            if (node is not null) data[key] = node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node.ToJsonString();
        return data;
    }

    static JsonObject? ParseObject(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static string? Text(JsonNode? node, string field) => SlackWebApi.Text(node, field);
}
