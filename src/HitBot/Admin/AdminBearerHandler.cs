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
    const string Prefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0) return Task.FromResult(AuthenticateResult.NoResult());
        if (header.StartsWith(Prefix, StringComparison.Ordinal) && identity.Check(header[Prefix.Length..].Trim()) is { } credential)
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(
                AdminClaims.Principal(credential, identity.DisplayName(credential), Name), Name)));

        throttle.Failed(Context.Connection.RemoteIpAddress);
        Logger.LogWarning("Admin API bearer token refused from {Address}", Context.Connection.RemoteIpAddress);
        return Task.FromResult(AuthenticateResult.Fail("Wrong admin or personal token."));
    }
}
