using Microsoft.Extensions.Logging;

namespace HitBot.Teams;

/// <summary>The Teams adapter's log events. Ids only: never tokens, message text or answers (style.md, Logging).</summary>
static partial class Log
{
    [LoggerMessage(2201, LogLevel.Warning, "Bot Connector {Method} {Operation} answered {Status} {Code} (operation id {OperationId})")]
    public static partial void ConnectorFailed(ILogger logger, string method, string operation, int status, string? code, string? operationId);

    [LoggerMessage(2202, LogLevel.Debug, "Bot Connector {Method} {Operation} answered {Status} (operation id {OperationId})")]
    public static partial void ConnectorCalled(ILogger logger, string method, string operation, int status, string? operationId);

    /// <remarks>Debug: Teams sends a typing activity as people type to HitBot, a line each in Production's logs for nothing to act on.</remarks>
    [LoggerMessage(2203, LogLevel.Debug, "Ignored Teams activity of type {Type}")]
    public static partial void IgnoredActivity(ILogger logger, string type);

    [LoggerMessage(2204, LogLevel.Information, "Teams invoke {Name} is not implemented")]
    public static partial void UnknownInvoke(ILogger logger, string? name);

    [LoggerMessage(2205, LogLevel.Information, "Teams activity {ActivityId} was already handled")]
    public static partial void Duplicate(ILogger logger, string activityId);

    [LoggerMessage(2206, LogLevel.Warning, "Teams member lookup for {UserId} failed; the sender stays unknown for now")]
    public static partial void MemberLookupFailed(ILogger logger, Exception exception, string userId);

    [LoggerMessage(2207, LogLevel.Information, "Teams user {UserId} installed HitBot; linked to person {PersonId}")]
    public static partial void Installed(ILogger logger, string userId, string? personId);

    [LoggerMessage(2208, LogLevel.Information, "Teams user {UserId} removed HitBot")]
    public static partial void Uninstalled(ILogger logger, string userId);

    [LoggerMessage(2209, LogLevel.Warning, "Teams activity refused: {Reason}")]
    public static partial void Refused(ILogger logger, string reason);

    [LoggerMessage(2210, LogLevel.Warning, "Microsoft Graph {Method} {Operation} answered {Status} {Code} (request id {RequestId})")]
    public static partial void GraphFailed(ILogger logger, string method, string operation, int status, string? code, string? requestId);

    [LoggerMessage(2211, LogLevel.Debug, "Microsoft Graph {Method} {Operation} answered {Status} (request id {RequestId})")]
    public static partial void GraphCalled(ILogger logger, string method, string operation, int status, string? requestId);

    [LoggerMessage(2212, LogLevel.Information, "Teams user {UserId} queued to be linked later (attempt {Attempts})")]
    public static partial void PendingLinksd(ILogger logger, string userId, int attempts);

    [LoggerMessage(2213, LogLevel.Information, "Teams user {UserId} linked later to person {PersonId}")]
    public static partial void LinkedLater(ILogger logger, string userId, string? personId);

    [LoggerMessage(2214, LogLevel.Warning, "Teams user {UserId} cannot be linked: the Connector answered {Status}; dropped from the link-later queue")]
    public static partial void LinkLaterDropped(ILogger logger, string userId, int status);

    [LoggerMessage(2215, LogLevel.Information, "Proactive install pass: {Linked} linked, {Installing} installing, {NotInTenant} not in the tenant, of {Waiting}")]
    public static partial void InstallPass(ILogger logger, int linked, int installing, int notInTenant, int waiting);

    [LoggerMessage(2216, LogLevel.Warning, "Proactive install stopped early; trying again in {After}")]
    public static partial void InstallPassFailed(ILogger logger, Exception exception, TimeSpan after);

    // Debug: a pass asks about every person not yet reached (a whole roster after an import); the pass line above sums it up.
    [LoggerMessage(2217, LogLevel.Debug, "Proactive install for person {PersonId}: {State}")]
    public static partial void InstallOutcome(ILogger logger, string personId, string state);

    [LoggerMessage(2218, LogLevel.Warning, "Teams message or card action in a {ConversationType} conversation left unanswered: HitBot answers in personal chats only")]
    public static partial void NotPersonal(ILogger logger, string conversationType);

    [LoggerMessage(2219, LogLevel.Information, "Microsoft issued a Bot Framework token for app {AppId}: HitBot:Teams:AppId, AppPassword and TenantId work")]
    public static partial void CredentialsAccepted(ILogger logger, string appId);

    [LoggerMessage(2220, LogLevel.Warning, "Could not check the Teams credentials at start-up (Microsoft's login service did not answer); sends retry and their failures say why")]
    public static partial void CredentialsUnchecked(ILogger logger, Exception exception);

    [LoggerMessage(2221, LogLevel.Warning, "Microsoft answered {Code} when HitBot asked for a Teams token at start-up, which no HitBot:Teams setting explains (look the code up in Microsoft Entra's sign-in logs for the bot's app); HitBot started, and sends retry and their failures say why")]
    public static partial void CredentialsQuestioned(ILogger logger, string code, Exception exception);

    [LoggerMessage(2222, LogLevel.Error, "{Problem} Nobody is reached in Teams until it is fixed and HitBot restarted; HitBot started for Slack and the dashboard")]
    public static partial void CredentialsRefusedSlackServed(ILogger logger, string problem);
}
