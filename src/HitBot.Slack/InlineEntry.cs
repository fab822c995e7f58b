namespace HitBot.Slack;

/// <summary>Whether a linked person's click may be handled in its request (<see cref="SlackInbox.TryEnterInline"/>).</summary>
public enum InlineEntry
{
    /// <summary>Handled in its request; it holds a backlog slot until <see cref="SlackInbox.ExitInline"/>.</summary>
    Entered,
    /// <summary>The person has a message or click still waiting in the inbox: this click goes there too, behind it.</summary>
    AfterEarlier,
    /// <summary>The backlog is at <c>HitBot:Slack:InboxMaxBacklog</c>: answer 503 before acknowledging.</summary>
    Full,
}
