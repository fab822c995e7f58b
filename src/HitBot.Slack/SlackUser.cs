namespace HitBot.Slack;

/// <summary>The fields of a Slack user (users.info, users.lookupByEmail) that HitBot uses.</summary>
public sealed record SlackUser(string Id, string? TeamId, string? Email, string? TimeZone, bool IsBot, bool Deleted);

/// <summary>Who the bot token belongs to (auth.test).</summary>
public sealed record SlackIdentity(string TeamId, string UserId, string? BotId, string? Team);
