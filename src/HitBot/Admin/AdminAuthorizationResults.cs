using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace HitBot.Admin;

/// <summary>
/// How the admin API says no, as problem details: 404 while it is off, 401 (with <c>WWW-Authenticate: Bearer</c>) without
/// a valid credential (saying so when a personal token expired), 429 for a token not checked because its address is locked out, 403 with the reason when the caller may not do this. Other paths keep ASP.NET Core's answers.
/// </summary>
public sealed class AdminAuthorizationResults(AdminIdentity identity) : IAuthorizationMiddlewareResultHandler
{
    readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded || !context.Request.Path.StartsWithSegments("/api/admin"))
        {
            await fallback.HandleAsync(next, context, policy, authorizeResult);
            return;
        }
        IResult answer;
        if (!identity.Enabled)
            answer = TypedResults.Problem(title: "The admin API is off: set HitBot:Admin:Token to turn it on.", statusCode: StatusCodes.Status404NotFound);
        else if (authorizeResult.Forbidden && AdminClaims.Credential(context.User) is not null)
            answer = TypedResults.Problem(title: authorizeResult.AuthorizationFailure?.FailureReasons.FirstOrDefault()?.Message ?? "Not allowed.",
                statusCode: StatusCodes.Status403Forbidden);
        else if (context.Items[AdminBearerHandler.LockedOutItem] is TimeSpan wait)
            answer = AdminApi.TooManyFailures(context, wait);
        else if (context.Items[AdminBearerHandler.ExpiredItem] is string expired)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            answer = TypedResults.Problem(title: expired, statusCode: StatusCodes.Status401Unauthorized);
        }
        else
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            answer = TypedResults.Problem(
                title: "Sign in to the dashboard, or send the admin token (or your personal token) as 'Authorization: Bearer <token>'.",
                statusCode: StatusCodes.Status401Unauthorized);
        }
        await answer.ExecuteAsync(context);
    }
}
