using HitBot.Core.Messaging.Outbox;
using Microsoft.AspNetCore.HttpLogging;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace HitBot.Hosting;

/// <summary>Logs (JSON in Production), the readiness checks, and metrics and traces over OTLP when configured.</summary>
public static class ObservabilitySetup
{
    public static WebApplicationBuilder AddHitBotObservability(this WebApplicationBuilder builder)
    {
        // One JSON object per line for log collectors. Scopes carry the request and trace ids; messages carry ids only.
        if (builder.Environment.IsProduction())
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });

        // The generic host logs a start that failed ("Hosting failed to start", Error) with the whole exception, then
        // rethrows it: an address already taken is then SettingsProblem's one line, any other failure .NET's own unhandled
        // exception report, so the log only buried that line under Kestrel's stack trace. A BackgroundService that fails
        // later is still logged, with its exception, at Critical ("...BackgroundServiceExceptionBehavior...StopHost").
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

        // ASP.NET Core's "Request starting/finished" lines (Information) carry the whole URL with its query string: a
        // coordinator's search (?q=someone@district.org or a name) reached the log as soon as someone turned the category
        // Microsoft.AspNetCore up to see requests. One line per request is HttpLogging's below, which logs the path only.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

        // One line per request when Logging:LogLevel:Microsoft.AspNetCore.HttpLogging is Information (off by default).
        builder.Services.AddHttpLogging(o =>
        {
            o.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            o.CombineLogs = true;
        });

        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section)
            // "localhost:4317" parses as a URL of the scheme "localhost": it started and exported nothing.
            .Validate(o => o.OtlpEndpoint.Length == 0 || IsHttpUrl(o.OtlpEndpoint),
                "HitBot:Telemetry:OtlpEndpoint must be an http:// or https:// URL such as http://localhost:4317, or empty to export nothing.")
            .Validate(o => o.OtlpProtocol is "grpc" or "http/protobuf", "HitBot:Telemetry:OtlpProtocol must be grpc or http/protobuf.")
            .Validate(o => o.OutboxStuckAfter > TimeSpan.Zero, "HitBot:Telemetry:OutboxStuckAfter must be a positive time span, e.g. 00:15:00.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ServiceName), "HitBot:Telemetry:ServiceName must name this HitBot to the collector, e.g. hitbot.")
            .ValidateOnStart();
        builder.Services.AddHostedService<OutboxGauges>();
        builder.Services.AddSingleton<OutboxReadiness>();
        // Readiness is logged when it changes (ReadinessLog), not once per check at every probe.
        builder.Services.AddSingleton<ReadinessLog>();
        builder.Logging.AddFilter(ReadinessLog.HealthCheckServiceCategory, LogLevel.None);
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseReadiness>("database", tags: [HealthEndpointTags.Ready])
            .AddCheck<ChannelsReadiness>("channels", tags: [HealthEndpointTags.Ready])
            .AddCheck<OutboxReadiness>("outbox", tags: [HealthEndpointTags.Ready]);

        var telemetry = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        // A wrong endpoint or an empty service name is left to the checks above, which stop the start naming the key; an empty
        // name given to the exporter was an unhandled exception, a stack trace and exit 134.
        if (telemetry.Exporting && IsHttpUrl(telemetry.OtlpEndpoint) && !string.IsNullOrWhiteSpace(telemetry.ServiceName)
            && Uri.TryCreate(telemetry.OtlpEndpoint, UriKind.Absolute, out var endpoint))
        {
            var grpc = telemetry.OtlpProtocol == "grpc";
            // The setting is the collector's base address, as OTEL_EXPORTER_OTLP_ENDPOINT is. Set in code, the exporter
            // posts OTLP/HTTP to that URL as it is, so each signal's path is added here: without it every export went to
            // "/", which a collector answers 404, and no metric or trace ever arrived.
            Action<OtlpExporterOptions> Otlp(string signal) => o =>
            {
                o.Endpoint = grpc ? endpoint : new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/v1/" + signal);
                o.Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
            };
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(r => r.AddService(telemetry.ServiceName))
                .WithMetrics(m => m.AddMeter(HitBotTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddOtlpExporter(Otlp("metrics")))
                // An exception's message may quote what someone typed or their address: spans carry its type (error.type) only.
                .WithTracing(t => t.AddSource(HitBotTelemetry.Name)
                    .AddAspNetCoreInstrumentation(o => o.RecordException = false)
                    .AddHttpClientInstrumentation(o => o.RecordException = false)
                    .AddProcessor(new TelemetryScrubber())
                    .AddOtlpExporter(Otlp("traces")));
        }
        return builder;
    }

    static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);

    /// <summary>Counts every request by the surface it came to (<c>hitbot.inbound.requests</c>).</summary>
    public static WebApplication UseInboundMetrics(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            await next(context);
            HitBotTelemetry.InboundRequest(SurfaceOf(context.Request.Path), context.Response.StatusCode);
        });
        return app;
    }

    internal static string SurfaceOf(PathString path) =>
        path.StartsWithSegments("/api/messages") ? "teams"
        : path.StartsWithSegments("/slack") ? "slack"
        : path.StartsWithSegments("/api/admin") ? "admin"
        : path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") ? "health"
        : "dashboard";
}
