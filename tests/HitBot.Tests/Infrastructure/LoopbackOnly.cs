using HitBot.Core;
using Microsoft.Extensions.Http;

namespace HitBot.Tests.Infrastructure;

/// <summary>
/// Every HttpClient the app under test makes refuses a host off this machine before any DNS look-up or connection: a test
/// that hands HitBot an outside address (a look-alike Connector host, say) can then never reach it, even if the check it
/// tests were broken. A client whose primary handler is a <see cref="RerouteHandler"/> is already sent to a loopback
/// stand-in whatever its address says.
/// </summary>
sealed class LoopbackOnly : IHttpMessageHandlerBuilderFilter
{
    public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next) => builder =>
    {
        next(builder);
        if (builder.PrimaryHandler is not RerouteHandler) builder.PrimaryHandler = new Guard(builder.PrimaryHandler);
    };

    sealed class Guard(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            request.RequestUri is { } uri && Loopback.Is(uri)
                ? base.SendAsync(request, cancellationToken)
                : throw new HttpRequestException($"Tests never leave this machine: {request.RequestUri?.Host} is not a loopback address.");
    }
}
