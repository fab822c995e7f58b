using HitBot.Core.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HitBot.Hosting;

public static class HealthEndpointTags
{
    public const string Ready = "ready";
}

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        // Live: the process answers. Load balancers only need 200; the schema version shows the database file opened.
        // Not live once LiteDB has closed the file after a refused write: only opening it again, a restart, cures that,
        // and a liveness probe is what restarts a process.
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = (context, _) =>
            {
                var db = context.RequestServices.GetRequiredService<HitBotDb>();
                if (db.ClosedBy is not { } closedBy)
                    return context.Response.WriteAsJsonAsync(new { status = "ok", schemaVersion = db.SchemaVersion });
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return context.Response.WriteAsJsonAsync(new
                {
                    status = "failed",
                    description = $"The database file {db.FilePath} was closed after a write failed ({closedBy.Message.TrimEnd('.')}); " +
                        "nothing is saved or read until HitBot restarts. Free space on that disk (or make it writable), then restart HitBot.",
                });
            },
        });
        // Ready: the database is open, a chat platform is configured, the outbox moves. 503 when not ready.
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthEndpointTags.Ready),
            ResponseWriter = (context, report) =>
            {
                context.RequestServices.GetRequiredService<ReadinessLog>().Saw(report);
                return context.Response.WriteAsJsonAsync(new
                {
                    status = report.Status switch { HealthStatus.Healthy => "ready", HealthStatus.Degraded => "degraded", _ => "unready" },
                    checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString().ToLowerInvariant(), description = e.Value.Description }),
                });
            },
        });
        return app;
    }
}
