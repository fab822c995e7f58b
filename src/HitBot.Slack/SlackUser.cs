namespace HitBot.Slack;

/// <summary>The fields of a Slack user (users.info, users.lookupByEmail) that HitBot uses.</summary>
/// <remarks>
/// <see cref="Locale"/> ("en-US") comes only from users.info asked with include_locale. <see cref="TeamId"/> is the
/// account's home workspace and <see cref="EnterpriseId"/> its Enterprise Grid organisation (<c>enterprise_user</c>): a
/// Slack Connect user of another organisation has theirs, not the district's, whatever e-mail they show.
/// </remarks>
public sealed record SlackUser(string Id, string? TeamId, string? Email, string? TimeZone, bool IsBot, bool Deleted, string? Locale = null,
    string? EnterpriseId = null);

/// <summary>Who the bot token belongs to (auth.test).</summary>
/// <remarks><see cref="EnterpriseInstall"/>: installed org-wide on Enterprise Grid, so requests come from several workspaces.</remarks>
public sealed record SlackIdentity(string TeamId, string UserId, string? BotId, string? Team, bool EnterpriseInstall = false,
    string? EnterpriseId = null);
