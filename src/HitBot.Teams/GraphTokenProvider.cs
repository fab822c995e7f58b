using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;

namespace HitBot.Teams;

/// <summary>
/// An app-only Microsoft Graph token for the bot's own app registration (protocols.md §3.8.1), from the school's tenant.
/// A separate MSAL client from <see cref="BotTokenProvider"/>: the authority (tenant) and the audience both differ.
/// </summary>
public sealed class GraphTokenProvider(IOptions<TeamsOptions> options, IHttpClientFactory httpClients)
{
    public const string Scope = "https://graph.microsoft.com/.default";

    readonly Lazy<IConfidentialClientApplication> app = new(() => Build(options.Value, httpClients));

    public async Task<string> GetTokenAsync(CancellationToken ct)
    {
        var result = await app.Value.AcquireTokenForClient([Scope]).ExecuteAsync(ct);
        return result.AccessToken;
    }

    static IConfidentialClientApplication Build(TeamsOptions teams, IHttpClientFactory httpClients) =>
        ConfidentialClientApplicationBuilder.Create(teams.AppId)
            .WithClientSecret(teams.AppPassword)
            .WithAuthority(teams.GraphTokenAuthority, validateAuthority: false)
            .WithInstanceDiscovery(false)
            .WithHttpClientFactory(new MsalHttpClientFactory(httpClients))
            .Build();
}
