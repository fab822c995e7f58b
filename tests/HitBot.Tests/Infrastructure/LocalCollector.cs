using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HitBot.Tests.Infrastructure;

/// <summary>A loopback stand-in for an OpenTelemetry Collector's OTLP/HTTP receiver: it notes the path and body of every POST.</summary>
sealed class LocalCollector : IAsyncDisposable
{
    readonly WebApplication app;
    readonly ConcurrentQueue<string> paths = new();
    readonly ConcurrentQueue<byte[]> bodies = new();

    LocalCollector()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.Run(async context =>
        {
            paths.Enqueue(context.Request.Path.Value ?? "");
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            bodies.Enqueue(body.ToArray());
            context.Response.StatusCode = context.Request.Path.Value is "/v1/traces" or "/v1/metrics" ? 200 : 404;
        });
    }

    public IReadOnlyCollection<string> Paths => paths;

    /// <summary>What was exported, as sent (OTLP protobuf, uncompressed: its strings are there as UTF-8).</summary>
    public IReadOnlyCollection<byte[]> Bodies => bodies;

    public string BaseUrl => app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();

    public static async Task<LocalCollector> StartAsync()
    {
        var collector = new LocalCollector();
        await collector.app.StartAsync(TestContext.Current.CancellationToken);
        return collector;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
