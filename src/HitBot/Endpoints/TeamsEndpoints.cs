using System.Text.Json.Nodes;
using HitBot.Teams;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace HitBot.Endpoints;

public static class TeamsEndpoints
{
    public static IEndpointRouteBuilder MapTeamsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/messages", HandleActivity);
        return app;
    }

    /// <summary>Read, verify, hand over, answer: every reply but an invoke's goes out later through the outbox (protocols.md §1.1).</summary>
    static async Task<Results<Ok, JsonHttpResult<JsonObject>, ProblemHttpResult, BareStatusResult>> HandleActivity(
        HttpRequest request, BotFrameworkAuth auth, TeamsActivityHandler handler, IOptions<TeamsOptions> options,
        ILogger<TeamsActivityHandler> logger, CancellationToken ct)
    {
        var read = await ActivityReader.ReadAsync(request.Body, request.ContentLength, ct);
        if (read.Activity is not { } activity)
            return TypedResults.Problem(title: read.Problem, statusCode: read.Status);

        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["ActivityId"] = activity.Id });

        // The serviceUrl claim is compared with the activity's, so the body is parsed first; nothing is stored or routed before this.
        if (options.Value.AuthEnabled)
        {
            var verdict = await auth.AuthenticateAsync((string?)request.Headers.Authorization, activity.ChannelId, activity.ServiceUrl, ct);
            // BotFrameworkAuth logs the reason; the caller learns nothing from the answer (protocols.md §2.2).
            if (!verdict.Succeeded) return BareStatusResult.Unauthorized;
        }

        var reply = await handler.HandleAsync(activity, ct);
        if (reply.Problem is { } problem) return TypedResults.Problem(title: problem, statusCode: reply.Status);
        if (reply.InvokeBody is { } body) return TypedResults.Json(body, statusCode: reply.Status);
        return reply.Status == StatusCodes.Status200OK ? TypedResults.Ok() : new BareStatusResult(reply.Status);
    }
}
