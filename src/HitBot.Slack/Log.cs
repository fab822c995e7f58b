using Microsoft.Extensions.Logging;

namespace HitBot.Slack;

/// <summary>The Slack adapter's log events. Ids and Slack error codes only: never tokens, message text or answers.</summary>
static partial class Log
{
    [LoggerMessage(4001, LogLevel.Information, "Slack is on for workspace {TeamId} as bot user {BotUserId}")]
    public static partial void Connected(ILogger logger, string teamId, string botUserId);

    [LoggerMessage(4015, LogLevel.Warning,
        "Slack request to /slack/{Endpoint} refused (401): its signature does not match HitBot:Slack:SigningSecret. If this is Slack, " +
        "copy the Signing Secret again from the Slack app's Basic Information page (not the Client Secret or the Verification Token)")]
    public static partial void SignatureMismatch(ILogger logger, string endpoint);

    [LoggerMessage(4016, LogLevel.Warning,
        "Slack request to /slack/{Endpoint} refused (401): it was signed more than 5 minutes from this machine's clock. " +
        "A replay, or this machine's clock is off: check that it keeps time (NTP)")]
    public static partial void SignatureOutsideWindow(ILogger logger, string endpoint);

    [LoggerMessage(4017, LogLevel.Warning, "{Count} more Slack requests were refused (401) for the reason below in the last minute or more (one line a minute for each reason)")]
    public static partial void RefusalsUnlogged(ILogger logger, int count);

    [LoggerMessage(4014, LogLevel.Warning, "Slack request from workspace {TeamId} ignored: HitBot's bot token belongs to workspace {Installed}")]
    public static partial void OtherWorkspace(ILogger logger, string teamId, string installed);

    [LoggerMessage(4002, LogLevel.Warning, "Slack could not be reached to check the bot token; trying again at {RetryAt}")]
    public static partial void AuthCheckDeferred(ILogger logger, Exception exception, DateTimeOffset retryAt);

    [LoggerMessage(4003, LogLevel.Error, "Slack refused HitBot:Slack:BotToken ({Code}); no Slack message can be sent until it is fixed")]
    public static partial void TokenRefused(ILogger logger, string code);

    [LoggerMessage(4019, LogLevel.Error, "Slack refused HitBot:Slack:BotToken ({Code}): copy the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page. Nobody is reached in Slack until it is fixed and HitBot restarted; HitBot started for Teams and the dashboard")]
    public static partial void TokenRefusedTeamsServed(ILogger logger, string code);

    [LoggerMessage(4023, LogLevel.Error,
        "Slack says HitBot was removed from workspace {TeamId} ({What}): nobody is reached in Slack until a workspace admin " +
        "installs the app again and HitBot:Slack:BotToken is set to the new Bot User OAuth Token (xoxb-…) and HitBot restarted")]
    public static partial void AppRemoved(ILogger logger, string what, string teamId);

    [LoggerMessage(4004, LogLevel.Warning, "Could not look up Slack user {UserId} to link them to the roster")]
    public static partial void UserLookupFailed(ILogger logger, Exception exception, string userId);

    [LoggerMessage(4020, LogLevel.Information, "Slack throttled {Method}; calling again in {Wait}, as it asked")]
    public static partial void Throttled(ILogger logger, string method, TimeSpan wait);

    [LoggerMessage(4005, LogLevel.Information, "Slack user {UserId} has no roster person with their e-mail")]
    public static partial void UserNotOnRoster(ILogger logger, string userId);

    [LoggerMessage(4023, LogLevel.Warning, "Slack user {UserId} belongs to workspace {TeamId}, another organisation than HitBot's: not matched to the roster, answered that HitBot works in its own workspace only")]
    public static partial void UserOfOtherOrganisation(ILogger logger, string userId, string teamId);

    [LoggerMessage(4024, LogLevel.Warning, "Person {PersonId} was linked to Slack user {UserId} of workspace {TeamId}, another organisation than HitBot's: unlinked, nothing more is sent there")]
    public static partial void OutsiderUnlinked(ILogger logger, string personId, string userId, string teamId);

    [LoggerMessage(4006, LogLevel.Error, "Slack {Work} for user {UserId} failed")]
    public static partial void WorkFailed(ILogger logger, Exception exception, string work, string userId);

    [LoggerMessage(4007, LogLevel.Debug, "Slack event {EventId} was already handled (retry {RetryNum})")]
    public static partial void DuplicateEvent(ILogger logger, string eventId, string? retryNum);

    [LoggerMessage(4008, LogLevel.Warning, "The Slack inbox is at HitBot:Slack:InboxMaxBacklog; a request from user {UserId} was refused with 503 (not acknowledged)")]
    public static partial void InboxFull(ILogger logger, string userId);

    [LoggerMessage(4009, LogLevel.Warning, "Could not open a Slack form for user {UserId}")]
    public static partial void FormNotOpened(ILogger logger, Exception exception, string userId);

    [LoggerMessage(4010, LogLevel.Information, "Slack roster linking: {Linked} of {Waiting} people linked by e-mail, {Missing} not found in the Slack workspace")]
    public static partial void RosterLinked(ILogger logger, int linked, int missing, int waiting);

    [LoggerMessage(4011, LogLevel.Warning, "Slack roster linking stopped early; trying again in {RetryIn}")]
    public static partial void RosterLinkFailed(ILogger logger, Exception exception, TimeSpan retryIn);

    [LoggerMessage(4012, LogLevel.Information, "Slack slash command from user {UserId} was already handled (a replay of the same signed request)")]
    public static partial void DuplicateCommand(ILogger logger, string userId);

    [LoggerMessage(4013, LogLevel.Error, "Slack inbox item {ItemId} was handled but its replies could not be stored; the item is dropped")]
    public static partial void FinishFailed(ILogger logger, Exception exception, long itemId);

    [LoggerMessage(4021, LogLevel.Error, "Slack inbox item {ItemId} could not be removed from the inbox (the database refused the write); it is done again once writes go through")]
    public static partial void InboxRowKept(ILogger logger, Exception exception, long itemId);

    [LoggerMessage(4022, LogLevel.Error, "The Slack inbox could not be read; the worker looks again in {Wait}")]
    public static partial void InboxUnreadable(ILogger logger, Exception exception, TimeSpan wait);

    [LoggerMessage(4018, LogLevel.Warning, "Could not publish the Home tab again for Slack user {UserId} after their click there; the answer goes to their DM")]
    public static partial void HomeNotPublished(ILogger logger, Exception exception, string userId);
}
