using Microsoft.Extensions.Logging;

namespace HitBot.Core.Storage;

/// <summary>Storage's log events (ids 7000–7099). Ids only: never tokens, message text or answers (style.md, Logging).</summary>
static partial class Log
{
    [LoggerMessage(7001, LogLevel.Debug, "Checkpointed {LogKilobytes} KB of LiteDB log in {Milliseconds} ms (writes quiet: {Quiet})")]
    public static partial void Checkpointed(ILogger logger, long logKilobytes, double milliseconds, bool quiet);

    [LoggerMessage(7002, LogLevel.Error, "LiteDB checkpoint failed; trying again at the next look")]
    public static partial void CheckpointFailed(ILogger logger, Exception exception);
}
