using System.Text.Json.Nodes;
using HitBot.Admin;
using HitBot.Core;
using HitBot.Teams;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace HitBot.Channels;

public static class TeamsEndpoints
{
    public static IEndpointRouteBuilder MapTeamsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/messages", HandleActivity);
        return app;
    }

    /// <summary>Read, verify, hand over, answer: every reply but an invoke's goes out later through the outbox (protocols.md §1.1).</summary>
    static async Task<Results<Ok, JsonHttpResult<JsonObject>, ProblemHttpResult, BareStatusResult>> HandleActivity(
        HttpRequest request, BotFrameworkAuth auth, ServiceUrlPolicy serviceUrls, TeamsActivityHandler handler, IOptions<TeamsOptions> options,
        ILogger<TeamsActivityHandler> logger, CancellationToken ct)
    {
        var settings = options.Value;
        // No AppId and no emulator asked for (a Slack-only install): there is no Teams here to talk to.
        if (!settings.Enabled)
            return TypedResults.Problem(title: "Teams is off on this HitBot: set HitBot:Teams:AppId to connect a bot.", statusCode: StatusCodes.Status404NotFound);

        // Emulator mode checks no token, and a page on any site the developer has open may POST to localhost as a "simple"
        // cross-site request (text/plain, or no type), which browsers send without asking first. Emulators send JSON.
        if (!settings.AuthEnabled && !request.HasJsonContentType())
            return TypedResults.Problem(title: "In emulator mode HitBot takes activities sent as application/json only.",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        // A site whose name an attacker re-points at 127.0.0.1 (DNS rebinding) is same-origin to its own page, JSON and all;
        // the Host header still names that site. Emulators call localhost.
        if (!settings.AuthEnabled && !Loopback.IsHost(request.Host.Host))
            return TypedResults.Problem(title: "In emulator mode HitBot answers requests addressed to localhost only.",
                statusCode: StatusCodes.Status403Forbidden);

        // The token first: without one Microsoft issued for this bot, not a byte of the body is read or parsed. BotFrameworkAuth
        // logs the reason; the caller learns nothing from the answer (protocols.md §2.2).
        var token = await auth.CheckTokenAsync((string?)request.Headers.Authorization, ct);
        if (!token.Result.Succeeded) return BareStatusResult.Unauthorized;

        var read = await ActivityReader.ReadAsync(request.Body, request.ContentLength, ct);
        if (read.Activity is not { } activity)
            return TypedResults.Problem(title: read.Problem, statusCode: read.Status);

        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["ActivityId"] = activity.Id });

        // The token's serviceurl claim and key endorsements are checked against the activity; nothing is stored or routed before this.
        if (!auth.CheckActivity(token, activity.ChannelId, activity.ServiceUrl).Succeeded) return BareStatusResult.Unauthorized;
        // Replies and member look-ups go to the serviceUrl, so one outside Teams' hosts (or, unauthenticated, off this
        // machine) is refused before anything is stored or called.
        if (activity.ServiceUrl is not null && !serviceUrls.IsAllowed(activity.ServiceUrl))
        {
            TeamsLog.ServiceUrlRefused(logger, activity.Id);
            return TypedResults.Problem(title: serviceUrls.Refusal(activity.ServiceUrl), statusCode: StatusCodes.Status403Forbidden);
        }
        // A single-tenant bot serves its own district only; another tenant's activity is stored nowhere.
        if (settings.TenantId.Length > 0
            && !string.Equals(ActivityParser.TenantId(activity), settings.TenantId, StringComparison.OrdinalIgnoreCase))
        {
            TeamsLog.OtherTenant(logger, activity.Id);
            return TypedResults.Problem(title: "This bot serves one Microsoft 365 tenant, and this activity comes from another.", statusCode: StatusCodes.Status403Forbidden);
        }

        var reply = await handler.HandleAsync(activity, ct);
        if (reply.Problem is { } problem) return TypedResults.Problem(title: problem, statusCode: reply.Status);
        if (reply.InvokeBody is { } body) return TypedResults.Json(body, statusCode: reply.Status);
        return reply.Status == StatusCodes.Status200OK ? TypedResults.Ok() : new BareStatusResult(reply.Status);
    }
}
