using System.Text.Json.Nodes;

namespace HitBot.Slack;

/// <summary>What to answer Slack over HTTP; the host turns it into a result. <see cref="Problem"/> set means an error status.</summary>
public sealed record SlackReply(int Status, string? Body = null, string ContentType = "application/json", string? Problem = null)
{
    /// <summary>Seconds for a Retry-After header. Slack keeps its own retry schedule (§6.4); the header is for anything else that calls.</summary>
    public int? RetryAfterSeconds { get; init; }

    public static readonly SlackReply Ok = new(200);

    public static readonly SlackReply BadSignature = new(401, Problem: "The Slack signature is missing, wrong or expired.");

    public static readonly SlackReply NotUnderstood = new(400, Problem: "This Slack payload is not one HitBot understands.");

    /// <summary>
    /// The inbox is at its bound: refused before acknowledging, so Slack retries an event and shows a click as failed,
    /// instead of a 200 whose work is then dropped.
    /// </summary>
    public static readonly SlackReply Busy = new(503, Problem: "HitBot is busy with earlier Slack requests; please try again in a minute.")
    {
        RetryAfterSeconds = 60,
    };

    public static SlackReply Json(JsonObject body) => new(200, body.ToJsonString());

    public static SlackReply Text(string body) => new(200, body, "text/plain");
}
