using System.Text.Json.Nodes;

namespace HitBot.Teams;

/// <summary>
/// What <c>POST /api/messages</c> answers: 200 with no body for every non-invoke activity (replies go out through the
/// outbox), the invoke response for an invoke (protocols.md §1.8), or a problem for a request HitBot cannot read.
/// </summary>
public sealed record TeamsReply(int Status, JsonObject? InvokeBody = null, string? Problem = null)
{
    public const string CardType = "application/vnd.microsoft.card.adaptive";
    public const string MessageType = "application/vnd.microsoft.activity.message";
    public const string ErrorType = "application/vnd.microsoft.error";

    public static readonly TeamsReply Accepted = new(200);

    /// <summary>BotBuilder's answer to an invoke name it has no handler for: 501 and no body.</summary>
    public static readonly TeamsReply NotImplemented = new(501);

    public static TeamsReply BadRequest(string problem) => new(400, Problem: problem);

    /// <summary>Replaces the card for the person who pressed the button.</summary>
    public static TeamsReply Card(JsonObject card) => Invoke(200, CardType, card);

    /// <summary>A transient message under the card; the card stays as it was.</summary>
    public static TeamsReply Message(string text) => Invoke(200, MessageType, JsonValue.Create(text));

    public static TeamsReply InvokeError(int status, string code, string message) =>
        Invoke(status, ErrorType, new JsonObject { ["code"] = code, ["message"] = message });

    static TeamsReply Invoke(int status, string type, JsonNode? value) =>
        new(status, new JsonObject { ["statusCode"] = status, ["type"] = type, ["value"] = value });
}
