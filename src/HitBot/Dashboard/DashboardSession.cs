using System.Security.Claims;
using HitBot.Endpoints;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Dashboard;

/// <summary>
/// The dashboard's sign-in: an encrypted, HttpOnly, SameSite=Strict cookie holding the credential the person signed in
/// with (as a hash). Every request checks it again, so a changed admin token or a revoked personal token ends sessions.
/// </summary>
public static class DashboardSession
{
    public const string Scheme = "hitbot-dashboard";
    public const string CookieName = "hitbot.session";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    const string HashClaim = "hitbot:credential";
    const string PersonClaim = "hitbot:person";

    public static ClaimsPrincipal Principal(AdminCredential credential, string displayName)
    {
        var claims = new List<Claim>
        {
            // The antiforgery token is bound to this id, so a token from one session is no good in another.
            new(ClaimTypes.NameIdentifier, credential.PersonId ?? "admin-token"),
            new(ClaimTypes.Name, displayName),
            new(HashClaim, credential.Hash),
        };
        if (credential.PersonId is { } id) claims.Add(new Claim(PersonClaim, id));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
    }

    /// <summary>The credential of a valid, current session, or null. Sets <c>HttpContext.User</c> for the CSRF check.</summary>
    public static async Task<AdminCredential?> ReadAsync(HttpContext http, AdminIdentity identity)
    {
        var result = await http.AuthenticateAsync(Scheme);
        if (!result.Succeeded || result.Principal.FindFirstValue(HashClaim) is not { } hash) return null;
        var credential = new AdminCredential(result.Principal.FindFirstValue(PersonClaim), hash);
        if (!identity.StillValid(credential)) return null;
        http.User = result.Principal;
        return credential;
    }

    /// <summary>The 403 for a signed-in browser's change that lacks its CSRF token, or null when the change may go ahead.</summary>
    public static async Task<ProblemHttpResult?> CsrfRefusalAsync(HttpContext http, IAntiforgery antiforgery) =>
        await antiforgery.IsRequestValidAsync(http) ? null
        : TypedResults.Problem(title: "The page's security token is missing or out of date: reload the page and try again.",
            statusCode: StatusCodes.Status403Forbidden);
}
