using Microsoft.Extensions.Logging;

namespace HitBot.Teams;

/// <summary>Log events of inbound authentication. Reasons and URLs only: the token itself is never logged.</summary>
static partial class AuthLog
{
    [LoggerMessage(2101, LogLevel.Information, "Bot Framework request refused: {Reason}")]
    public static partial void Refused(ILogger logger, string reason);

    [LoggerMessage(2104, LogLevel.Information, "{Count} more Bot Framework requests were refused for the reason below in the last minute or more (one line a minute for each reason)")]
    public static partial void RefusalsUnlogged(ILogger logger, int count);

    [LoggerMessage(2102, LogLevel.Warning, "Bot Framework OpenID metadata could not be fetched from {MetadataUrl}")]
    public static partial void MetadataUnavailable(ILogger logger, Exception exception, string metadataUrl);

    [LoggerMessage(2103, LogLevel.Warning, "Bot Framework signing keys could not be fetched from {JwksUri}")]
    public static partial void KeysUnavailable(ILogger logger, Exception exception, string jwksUri);
}
