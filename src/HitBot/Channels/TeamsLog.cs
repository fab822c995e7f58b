namespace HitBot.Channels;

/// <summary>Refusals at the Teams endpoint's door. Activity ids only, never the body.</summary>
static partial class TeamsLog
{
    [LoggerMessage(2301, LogLevel.Warning, "Teams activity {ActivityId} refused: its serviceUrl is not one HitBot may call")]
    public static partial void ServiceUrlRefused(ILogger logger, string? activityId);

    [LoggerMessage(2302, LogLevel.Warning, "Teams activity {ActivityId} refused: it comes from another tenant than HitBot:Teams:TenantId")]
    public static partial void OtherTenant(ILogger logger, string? activityId);
}
