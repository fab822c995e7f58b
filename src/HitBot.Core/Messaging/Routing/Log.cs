using Microsoft.Extensions.Logging;

namespace HitBot.Core.Messaging.Routing;

/// <summary>Routing's log events (ids 1000–1999; the outbox keeps 2000–2999 in Outbox/Log.cs). Ids only: never tokens, message text or answers (style.md, Logging).</summary>
static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "No route for verb {Verb}")]
    public static partial void NoRoute(ILogger logger, string verb);

    [LoggerMessage(1002, LogLevel.Information, "Card data for verb {Verb} does not bind to {Record}; answered as a damaged card")]
    public static partial void DamagedCardData(ILogger logger, string verb, string record);
}
