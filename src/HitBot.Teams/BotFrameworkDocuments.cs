using Microsoft.IdentityModel.Protocols;

namespace HitBot.Teams;

/// <summary>
/// Fetches the OpenID metadata and the key set with a fresh client from the factory on each call, so the singleton
/// authenticator never pins one handler (and its DNS answer). Plain http is allowed only when the metadata URL itself
/// is http on loopback: the local OpenID server of the tests.
/// </summary>
sealed class BotFrameworkDocuments(IHttpClientFactory httpClients, string metadataUrl) : IDocumentRetriever
{
    readonly bool requireHttps = !IsLoopbackHttp(metadataUrl);

    public Task<string> GetDocumentAsync(string address, CancellationToken cancel) =>
        new HttpDocumentRetriever(httpClients.CreateClient(BotFrameworkAuth.HttpClientName)) { RequireHttps = requireHttps }
            .GetDocumentAsync(address, cancel);

    static bool IsLoopbackHttp(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback;
}
