using System.Security.Claims;

namespace HitBot.Admin;

/// <summary>
/// The caller of the admin API as a <see cref="ClaimsPrincipal"/>: the credential they proved (as a hash), the person
/// behind a personal token and, for a browser, the session. Roles are not stored: <see cref="AdminRoleClaims"/> adds them
/// on every request.
/// </summary>
public static class AdminClaims
{
    const string HashClaim = "hitbot:credential";
    const string PersonClaim = "hitbot:person";
    const string SessionClaim = "hitbot:session";

    public static ClaimsPrincipal Principal(AdminCredential credential, string displayName, string scheme, string? sessionId = null)
    {
        var claims = new List<Claim>
        {
            // The antiforgery token is bound to this id, so a token from one session is no good in another.
            new(ClaimTypes.NameIdentifier, credential.PersonId ?? "admin-token"),
            new(ClaimTypes.Name, displayName),
            new(HashClaim, credential.Hash),
        };
        if (credential.PersonId is { } id) claims.Add(new Claim(PersonClaim, id));
        if (sessionId is not null) claims.Add(new Claim(SessionClaim, sessionId));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    public static AdminCredential? Credential(ClaimsPrincipal? principal) =>
        principal?.FindFirstValue(HashClaim) is { } hash ? new AdminCredential(principal.FindFirstValue(PersonClaim), hash) : null;

    public static string? SessionId(ClaimsPrincipal? principal) => principal?.FindFirstValue(SessionClaim);

    /// <summary>The person calling with their personal token, or null for the shared admin token.</summary>
    public static string? PersonId(ClaimsPrincipal? principal) => principal?.FindFirstValue(PersonClaim);
}
