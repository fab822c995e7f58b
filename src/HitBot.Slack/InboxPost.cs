namespace HitBot.Slack;

/// <summary>What became of a request handed to the <see cref="SlackInbox"/>.</summary>
public enum InboxPost
{
    Accepted,
    /// <summary>An event id already recorded: a retry of a request that was accepted before.</summary>
    Duplicate,
    /// <summary>The backlog is at <c>HitBot:Slack:InboxMaxBacklog</c>: answer 503 before acknowledging.</summary>
    Full,
}
