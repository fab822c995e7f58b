using System.Collections.Concurrent;
using HitBot.Core.Messaging.Outbox;
using HitBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace HitBot.Tests;

/// <summary>Metrics and traces reach an OTLP collector set up the way its own docs say (a local one stands in).</summary>
public sealed class TelemetryExportTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Over_http_protobuf_metrics_and_traces_reach_the_collectors_own_paths()
    {
        await using var collector = await LocalCollector.StartAsync();
        using var app = new HitBotApp(new()
        {
            // As the README and collectors write it: the base address of the OTLP/HTTP receiver, port 4318 there.
            ["HitBot:Telemetry:OtlpEndpoint"] = collector.BaseUrl,
            ["HitBot:Telemetry:OtlpProtocol"] = "http/protobuf",
        });

        await app.CreateClient().GetAsync(new Uri("/healthz", UriKind.Relative), Ct);
        // A span of HitBot's own, as each delivery attempt makes; ended here, where a request's span may still be open.
        using (HitBotTelemetry.Source.StartActivity("hitbot.deliver")) { }
        // Waits for the exports (whatever the collector answered), so nothing here waits on a clock.
        app.Get<TracerProvider>().ForceFlush(10_000);
        app.Get<MeterProvider>().ForceFlush(10_000);

        // An OTLP/HTTP receiver answers only /v1/traces and /v1/metrics; anything else is a 404 and the data is lost.
        Assert.Contains("/v1/traces", collector.Paths);
        Assert.Contains("/v1/metrics", collector.Paths);
        Assert.All(collector.Paths, path => Assert.StartsWith("/v1/", path, StringComparison.Ordinal));
    }

    /// <summary>A loopback stand-in for an OpenTelemetry Collector's OTLP/HTTP receiver: it notes the path of every POST.</summary>
    sealed class LocalCollector : IAsyncDisposable
    {
        readonly WebApplication app;
        readonly ConcurrentQueue<string> paths = new();

        LocalCollector()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            app = builder.Build();
            app.Run(context =>
            {
                paths.Enqueue(context.Request.Path.Value ?? "");
                context.Response.StatusCode = context.Request.Path.Value is "/v1/traces" or "/v1/metrics" ? 200 : 404;
                return Task.CompletedTask;
            });
        }

        public IReadOnlyCollection<string> Paths => paths;

        public string BaseUrl => app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();

        public static async Task<LocalCollector> StartAsync()
        {
            var collector = new LocalCollector();
            await collector.app.StartAsync(TestContext.Current.CancellationToken);
            return collector;
        }

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
