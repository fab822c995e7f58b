namespace HitBot.Admin;

/// <summary>What every <c>/api/admin</c> answer carries, and the throttle that stops token guessing before authentication.</summary>
public static class AdminApi
{
    /// <summary>The policy scheme that sends each request to the bearer handler or the session cookie.</summary>
    public const string Scheme = "hitbot-admin";

    public static WebApplication UseAdminDoor(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (http.Request.Path.StartsWithSegments("/api/admin"))
            {
                // Answers hold names and feedback: never kept by a browser or proxy cache, never sniffed into another type.
                http.Response.Headers.CacheControl = "no-store";
                http.Response.Headers.XContentTypeOptions = "nosniff";
                var address = http.Connection.RemoteIpAddress;
                if (AdminBearerHandler.BearerToken(http.Request) is not null
                    && http.RequestServices.GetRequiredService<AuthFailureThrottle>().RetryAfter(address) is { } wait)
                {
                    await TooManyFailures(http, wait).ExecuteAsync(http);
                    return;
                }
            }
            await next(http);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>429 with Retry-After in whole seconds (rounded up, so a client that waits exactly that long gets through).</summary>
    public static IResult TooManyFailures(HttpContext http, TimeSpan wait)
    {
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            title: $"Too many wrong tokens from this address: wait {seconds} seconds before trying again.",
            statusCode: StatusCodes.Status429TooManyRequests);
    }
}
