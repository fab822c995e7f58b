using Microsoft.Extensions.Logging;

namespace HitBot.Core.Surveys;

/// <summary>The surveys' log events (ids 6000–6999). Ids only: never tokens, message text or answers (style.md, Logging).</summary>
static partial class Log
{
    [LoggerMessage(6001, LogLevel.Error, "The survey look failed; trying again at the next one")]
    public static partial void SurveyLookFailed(ILogger logger, Exception exception);

    [LoggerMessage(6002, LogLevel.Warning, "Survey run {RunId} was due to open and close while HitBot was stopped; it was skipped and nothing was sent")]
    public static partial void MissedRunSkipped(ILogger logger, string runId);
}
