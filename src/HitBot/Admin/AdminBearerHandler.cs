using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace HitBot.Admin;

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c> for scripts: the shared admin token or a personal token. A wrong token counts
/// against the caller's address in <see cref="AuthFailureThrottle"/> and is logged with that address, never the token.
/// </summary>
public sealed class AdminBearerHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logs, UrlEncoder encoder,
    AdminIdentity identity, AuthFailureThrottle throttle)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logs, encoder)
{
    public const string Name = "hitbot-bearer";

    /// <summary>The <see cref="HttpContext.Items"/> key of the wait for a token not checked because its address is locked out.</summary>
    public const string LockedOutItem = "hitbot-bearer-locked-out";

    /// <summary>The <see cref="HttpContext.Items"/> key of what to tell the holder of a personal token past its lifetime.</summary>
    public const string ExpiredItem = "hitbot-bearer-expired";

    /// <summary>
    /// The token of an <c>Authorization: Bearer</c> header (the scheme in any case, as RFC 9110 reads it; "" when it has no
    /// token), or null for none or another scheme. A browser behind a proxy's own sign-in sends the proxy's
    /// <c>Basic</c> header on every request: that is no HitBot token, so its session cookie decides, and no guess is counted.
    /// </summary>
    public static string? BearerToken(HttpRequest request) =>
        AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
        && string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)
            ? header.Parameter?.Trim() ?? ""
            : null;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken(Request) is not { } token) return Task.FromResult(AuthenticateResult.NoResult());
        var (check, wait) = throttle.Judge(Context.Connection.RemoteIpAddress, () => identity.Check(token));
        if (check?.Credential is { } credential)
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(
                AdminClaims.Principal(credential, identity.DisplayName(credential), Name), Name)));
        if (check?.ExpiredAt is { } expired)
        {
            // A real token past its lifetime: its holder is told so and whom to ask (AdminAuthorizationResults), not "wrong token".
            Context.Items[ExpiredItem] = identity.ExpiredMessage(expired);
            Logger.LogInformation("Admin API refused an expired personal token from {Address}", Context.Connection.RemoteIpAddress);
            return Task.FromResult(AuthenticateResult.Fail("Expired personal token."));
        }
        if (wait is not null)
        {
            // Sent together with the tries that used up the minute: not checked, and answered 429 (AdminAuthorizationResults).
            Context.Items[LockedOutItem] = wait;
            return Task.FromResult(AuthenticateResult.Fail("Too many wrong tokens from this address."));
        }

        Logger.LogWarning("Admin API bearer token refused from {Address}", Context.Connection.RemoteIpAddress);
        return Task.FromResult(AuthenticateResult.Fail("Wrong admin or personal token."));
    }
}
