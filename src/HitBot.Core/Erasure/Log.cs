using Microsoft.Extensions.Logging;

namespace HitBot.Core.Erasure;

/// <summary>Erasure's log events (ids 8000–8099). Ids only: never names, e-mails or tokens (style.md, Logging).</summary>
static partial class Log
{
    [LoggerMessage(8001, LogLevel.Information, "Finished the erasure of person {PersonId} that a stop had cut off")]
    public static partial void InterruptedErasureFinished(ILogger logger, string personId);

    [LoggerMessage(8002, LogLevel.Error, "Finishing the erasures a stop had cut off failed; they are finished at the next start or the next erase of the same person")]
    public static partial void InterruptedErasuresFailed(ILogger logger, Exception exception);
}
