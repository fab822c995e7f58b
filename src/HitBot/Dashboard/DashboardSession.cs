using HitBot.Admin;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Dashboard;

/// <summary>
/// The dashboard's sign-in: an encrypted, HttpOnly, SameSite=Strict cookie naming a server-side session (see
/// <see cref="DashboardSessions"/>) and the credential it was opened with (as a hash). Every request checks both again,
/// so signing out, a changed admin token or a revoked or expired personal token ends the session, saved copies of the cookie too.
/// </summary>
public static class DashboardSession
{
    public const string Scheme = "hitbot-dashboard";
    public const string CookieName = "hitbot.session";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    /// <summary>The cookie handler's hook: a cookie whose session or credential is gone opens nothing and is removed.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var sessions = services.GetRequiredService<DashboardSessions>();
        var credential = AdminClaims.Credential(context.Principal);
        var sessionId = AdminClaims.SessionId(context.Principal);
        if (credential is not null && sessionId is not null
            && services.GetRequiredService<AdminIdentity>().StillValid(credential) && sessions.Use(sessionId, credential))
            return;
        if (sessionId is not null) sessions.End(sessionId);
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(Scheme);
    }

    /// <summary>The credential of a valid, current session, or null. Sets <c>HttpContext.User</c> for the CSRF check.</summary>
    public static async Task<AdminCredential?> ReadAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(Scheme);
        if (!result.Succeeded || AdminClaims.Credential(result.Principal) is not { } credential) return null;
        http.User = result.Principal;
        return credential;
    }

    /// <summary>The 403 for a signed-in browser's change that lacks its CSRF token, or null when the change may go ahead.</summary>
    public static async Task<ProblemHttpResult?> CsrfRefusalAsync(HttpContext http, IAntiforgery antiforgery) =>
        await antiforgery.IsRequestValidAsync(http) ? null
        : TypedResults.Problem(title: AdminAccessHandler.CsrfRefusal, statusCode: StatusCodes.Status403Forbidden);
}
