using System.Text.Json.Nodes;

namespace HitBot.Tests.Infrastructure;

/// <summary>Activities as Teams sends them to <c>/api/messages</c> in a personal chat, with fresh ids each time.</summary>
public sealed class TeamsActivities(string serviceUrl)
{
    public const string BotId = "28:hitbot-app";
    public const string TenantId = "tenant-1";

    public string UserId { get; init; } = "29:" + Guid.NewGuid().ToString("N");
    public string ConversationId => FakeBotConnector.ConversationFor(UserId);

    public JsonObject Installed() => Base("installationUpdate", a => a["action"] = "add");

    public JsonObject Uninstalled() => Base("installationUpdate", a => a["action"] = "remove");

    public JsonObject BotAdded() => Base("conversationUpdate", a =>
        a["membersAdded"] = new JsonArray(new JsonObject { ["id"] = UserId }, new JsonObject { ["id"] = BotId }));

    /// <summary>The bot left the personal chat: the other way Teams says the person removed the app.</summary>
    public JsonObject BotRemoved() => Base("conversationUpdate", a => a["membersRemoved"] = new JsonArray(new JsonObject { ["id"] = BotId }));

    public JsonObject Text(string text) => Base("message", a => a["text"] = text);

    /// <summary>An Action.Submit (the fallback of HitBot's buttons): the verb and <c>d</c> with the inputs beside them.</summary>
    public JsonObject Submit(string verb, JsonObject data, string replyToId, JsonObject? inputs = null) => Base("message", a =>
    {
        var value = new JsonObject { ["verb"] = verb, ["d"] = data };
        foreach (var (key, input) in inputs ?? []) value[key] = input?.DeepClone();
        a["value"] = value;
        a["replyToId"] = replyToId;
    });

    /// <summary>An Action.Execute: an adaptiveCard/action invoke with the inputs merged into action.data.</summary>
    public JsonObject Execute(string verb, JsonObject data, string replyToId, JsonObject? inputs = null) => Base("invoke", a =>
    {
        var actionData = new JsonObject { ["d"] = data };
        foreach (var (key, input) in inputs ?? []) actionData[key] = input?.DeepClone();
        a["name"] = "adaptiveCard/action";
        a["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["id"] = "btn", ["verb"] = verb, ["data"] = actionData },
            ["trigger"] = "manual",
        };
        a["replyToId"] = replyToId;
    });

    public JsonObject Invoke(string name, JsonObject? value = null) => Base("invoke", a =>
    {
        a["name"] = name;
        a["value"] = value ?? new JsonObject();
    });

    public JsonObject Of(string type) => Base(type, _ => { });

    JsonObject Base(string type, Action<JsonObject> fill)
    {
        var activity = new JsonObject
        {
            ["type"] = type,
            ["id"] = "f:" + Guid.NewGuid().ToString("N"),
            ["timestamp"] = "2026-03-02T14:00:00.000Z",
            ["serviceUrl"] = serviceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = UserId, ["name"] = "Maya Lopez", ["aadObjectId"] = "aad-" + UserId[3..] },
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "HitBot" },
            ["conversation"] = new JsonObject { ["id"] = ConversationId, ["conversationType"] = "personal", ["tenantId"] = TenantId },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId } },
        };
        fill(activity);
        return activity;
    }
}
