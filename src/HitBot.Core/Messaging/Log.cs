using Microsoft.Extensions.Logging;

namespace HitBot.Core.Messaging;

/// <summary>The core's log events. Ids only: never tokens, message text or answers (style.md, Logging).</summary>
static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "No route for verb {Verb}")]
    public static partial void NoRoute(ILogger logger, string verb);
}
