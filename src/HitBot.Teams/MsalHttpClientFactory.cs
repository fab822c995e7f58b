using Microsoft.Identity.Client;

namespace HitBot.Teams;

/// <summary>Gives MSAL a pooled client from <see cref="IHttpClientFactory"/>, so token calls share handlers and tests can reroute them.</summary>
public sealed class MsalHttpClientFactory(IHttpClientFactory httpClients) : IMsalHttpClientFactory
{
    public const string HttpClientName = "HitBot.Teams.Token";

    public HttpClient GetHttpClient() => httpClients.CreateClient(HttpClientName);
}
