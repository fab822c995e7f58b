using HitBot.Core.Storage;

namespace HitBot.Endpoints;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        // Load balancers only need 200; the schema version shows the database file opened.
        app.MapGet("/healthz", (HitBotDb db) => TypedResults.Ok(new { status = "ok", schemaVersion = db.SchemaVersion }));
        return app;
    }
}
