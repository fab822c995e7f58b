using Microsoft.Extensions.Logging;

namespace HitBot.Core.Updates;

/// <summary>The updates' log events (ids 3000–3999). Ids only: never tokens, message text or answers (style.md, Logging).</summary>
static partial class Log
{
    [LoggerMessage(3001, LogLevel.Information, "Scheduled update {UpdateId} queued for {Recipients} people; next occurrence {NextAt}")]
    public static partial void ScheduledUpdateSent(ILogger logger, string updateId, int recipients, DateTime? nextAt);

    [LoggerMessage(3002, LogLevel.Error, "Scheduled update {UpdateId} could not be queued; trying again at the next look")]
    public static partial void ScheduledUpdateFailed(ILogger logger, Exception exception, string updateId);

    [LoggerMessage(3003, LogLevel.Error, "The update schedule look failed; trying again at the next one")]
    public static partial void ScheduleLookFailed(ILogger logger, Exception exception);

    [LoggerMessage(3004, LogLevel.Information, "Series {SeriesId} queued issue {UpdateId} for {Recipients} people")]
    public static partial void SeriesIssueSent(ILogger logger, string seriesId, string updateId, int recipients);

    [LoggerMessage(3005, LogLevel.Error, "Series {SeriesId} could not fire; trying again at the next look")]
    public static partial void SeriesFailed(ILogger logger, Exception exception, string seriesId);

    [LoggerMessage(3006, LogLevel.Information, "Update {UpdateId} is queued for its whole audience ({Recipients} people): a send from chat, or one cut off partway and finished now")]
    public static partial void InterruptedSendFinished(ILogger logger, string updateId, int recipients);

    [LoggerMessage(3007, LogLevel.Error, "The send of update {UpdateId} was cut off partway, and the rest could not be queued; trying again at the next look")]
    public static partial void InterruptedSendFailed(ILogger logger, Exception exception, string updateId);

    [LoggerMessage(3008, LogLevel.Warning, "The correction of update {UpdateId} (revision {Revision}) was cut off partway; the rest of its edits are queued now")]
    public static partial void InterruptedCorrectionFinished(ILogger logger, string updateId, int revision);

    [LoggerMessage(3009, LogLevel.Error, "The correction of update {UpdateId} was cut off partway, and the rest could not be queued; trying again at the next look")]
    public static partial void InterruptedCorrectionFailed(ILogger logger, Exception exception, string updateId);

    [LoggerMessage(3010, LogLevel.Information, "Update {UpdateId} fell due while HitBot was down and it is night in the program's time zone: it goes at {At:u}")]
    public static partial void LateUpdateWaitsForMorning(ILogger logger, string updateId, DateTime at);

    [LoggerMessage(3011, LogLevel.Information, "Series {SeriesId}'s slot fell due while HitBot was down and it is night in the program's time zone: its issue goes at {At:u}")]
    public static partial void LateSeriesSlotWaitsForMorning(ILogger logger, string seriesId, DateTime at);

    [LoggerMessage(3012, LogLevel.Information, "The send of update {UpdateId} was cut off partway and HitBot found it again at night in the program's time zone: the rest goes at {At:u}")]
    public static partial void InterruptedSendWaitsForMorning(ILogger logger, string updateId, DateTime at);

    [LoggerMessage(3013, LogLevel.Warning, "Series {SeriesId} sent no issue for {Slots} slot(s) from {First:u} to {Last:u}; the central team is told")]
    public static partial void SeriesSlotsMissed(ILogger logger, string seriesId, int slots, DateTime first, DateTime last);
}
