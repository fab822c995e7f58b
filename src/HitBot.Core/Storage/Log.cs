using Microsoft.Extensions.Logging;

namespace HitBot.Core.Storage;

/// <summary>Storage's log events (ids 7000–7099). Ids only: never tokens, message text or answers (style.md, Logging).</summary>
static partial class Log
{
    [LoggerMessage(7001, LogLevel.Debug, "Checkpointed {LogKilobytes} KB of LiteDB log in {Milliseconds} ms (writes quiet: {Quiet})")]
    public static partial void Checkpointed(ILogger logger, long logKilobytes, double milliseconds, bool quiet);

    [LoggerMessage(7002, LogLevel.Error, "LiteDB checkpoint failed; trying again at the next look")]
    public static partial void CheckpointFailed(ILogger logger, Exception exception);

    [LoggerMessage(7003, LogLevel.Information, "Upgrading the database {Path} from schema version {From} to {To}. HitBot answers nothing (health checks included) until it is done: a minute or more on a large file. A stop here is safe, and the next start carries on")]
    public static partial void Upgrading(ILogger logger, string path, int from, int to);

    [LoggerMessage(7004, LogLevel.Information, "Upgraded the database to schema version {To} in {Seconds:0.0} s")]
    public static partial void Upgraded(ILogger logger, int to, double seconds);
}
