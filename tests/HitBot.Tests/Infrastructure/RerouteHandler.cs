namespace HitBot.Tests.Infrastructure;

/// <summary>
/// Sends every request to a local fake instead of its real host, keeping path and query. MSAL refuses an http
/// authority, so the token client is configured for an https host that this handler quietly turns into the fake.
/// </summary>
public sealed class RerouteHandler(string baseUrl) : DelegatingHandler(new SocketsHttpHandler())
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri)
            request.RequestUri = new Uri(new Uri(baseUrl), uri.PathAndQuery);
        return base.SendAsync(request, cancellationToken);
    }
}
