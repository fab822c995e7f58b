using HitBot.Core.Messaging.Outbox;
using HitBot.Tests.Infrastructure;
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
}
