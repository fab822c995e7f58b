using HitBot.Core.Storage;
using Microsoft.AspNetCore.Diagnostics;

namespace HitBot.Hosting;

/// <summary>
/// An admin API or dashboard request that failed because the disk refused a write to the database (full, or turned
/// read-only) is answered 503 with a title that says so and what to do, and the log gets one line without a stack trace.
/// ASP.NET Core's own answer was a 500 "An error occurred while processing your request.", which sent a script's author
/// or a coordinator looking for a mistake in their request. Teams' and Slack's endpoints keep their 500: the platforms
/// retry it, and nobody reads its words.
/// </summary>
public sealed partial class StorageRefusal(HitBotDb db, IProblemDetailsService problems, ILogger<StorageRefusal> logger) : IExceptionHandler
{
    /// <summary>HitBot stops after such a write and its service manager starts it again (README, "Monitoring"): a minute covers that.</summary>
    internal const string RetryAfterSeconds = "60";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var request = httpContext.Request;
        if (!request.Path.StartsWithSegments("/api/admin") && !request.Path.StartsWithSegments("/dashboard")) return false;
        if (db.RefusalBehind(exception) is not { } refused) return false;
        var route = (httpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? request.Path.Value ?? "";
        Refused(logger, request.Method, route, db.FilePath, refused.Message.TrimEnd('.'));
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new() { Title = Title(request.Method, refused), Status = StatusCodes.Status503ServiceUnavailable },
        });
    }

    /// <summary>What failed, whether anything was done, and who can cure it; the file's path stays in the log.</summary>
    internal static string Title(string method, Exception refused) =>
        $"HitBot cannot use its database: the disk that holds it refused a write ({refused.Message.TrimEnd('.')}). " +
        (HttpMethods.IsGet(method) || HttpMethods.IsHead(method)
            ? "Nothing was changed. "
            : "So this was not saved (or only part of it): look again once HitBot answers, and do it again if it is not there. ") +
        "HitBot starts again by itself; if this keeps happening, ask whoever runs HitBot's server to free space on that disk " +
        "(or make it writable): the setting HitBot:Storage:Path names the file.";

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "{Method} {Route} failed: the disk refused a write to the database file {Path} ({Reason}); it was answered 503")]
    static partial void Refused(ILogger logger, string method, string route, string path, string reason);
}
