namespace HitBot.Endpoints;

public static class TeamsEndpoints
{
    public static IEndpointRouteBuilder MapTeamsEndpoints(this IEndpointRouteBuilder app)
    {
        // Filled in by the Teams inbound work: POST /api/messages.
        return app;
    }
}
