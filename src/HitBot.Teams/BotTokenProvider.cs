using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;

namespace HitBot.Teams;

/// <summary>
/// The bearer token for outbound Bot Connector calls (protocols.md §3.1), from MSAL's client-credentials flow.
/// MSAL's own in-memory cache keeps one token per app until shortly before it expires, so this is cheap per call.
/// In emulator mode (no AppId) there is no token at all.
/// </summary>
public sealed class BotTokenProvider(IOptions<TeamsOptions> options, IHttpClientFactory httpClients)
{
    public const string Scope = "https://api.botframework.com/.default";

    readonly Lazy<IConfidentialClientApplication?> app = new(() => Build(options.Value, httpClients));

    public async Task<string?> GetTokenAsync(CancellationToken ct)
    {
        if (app.Value is not { } client) return null;
        var result = await client.AcquireTokenForClient([Scope]).ExecuteAsync(ct);
        return result.AccessToken;
    }

    static IConfidentialClientApplication? Build(TeamsOptions teams, IHttpClientFactory httpClients)
    {
        if (!teams.AuthEnabled) return null;
        // The authority is a setting (TokenAuthority) so staging and tests can point elsewhere; instance discovery
        // would otherwise ask login.microsoftonline.com whether that host is a known cloud first.
        return ConfidentialClientApplicationBuilder.Create(teams.AppId)
            .WithClientSecret(teams.AppPassword)
            .WithAuthority(teams.EffectiveTokenAuthority, validateAuthority: false)
            .WithInstanceDiscovery(false)
            .WithHttpClientFactory(new MsalHttpClientFactory(httpClients))
            .Build();
    }
}
