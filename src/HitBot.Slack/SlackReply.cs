using System.Text.Json.Nodes;

namespace HitBot.Slack;

/// <summary>What to answer Slack over HTTP; the host turns it into a result. <see cref="Problem"/> set means an error status.</summary>
public sealed record SlackReply(int Status, string? Body = null, string ContentType = "application/json", string? Problem = null)
{
    public static readonly SlackReply Ok = new(200);

    public static readonly SlackReply BadSignature = new(401, Problem: "The Slack signature is missing, wrong or expired.");

    public static readonly SlackReply NotUnderstood = new(400, Problem: "This Slack payload is not one HitBot understands.");

    public static SlackReply Json(JsonObject body) => new(200, body.ToJsonString());

    public static SlackReply Text(string body) => new(200, body, "text/plain");
}
