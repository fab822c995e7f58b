namespace HitBot.Hosting;

/// <summary>Where metrics and traces go. Off until an OTLP endpoint is set: nothing is exported by default.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "HitBot:Telemetry";

    /// <summary>The OTLP collector, e.g. <c>http://localhost:4317</c> (gRPC) or <c>http://localhost:4318</c> (HTTP). Empty = off.</summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary><c>grpc</c> or <c>http/protobuf</c>.</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>The <c>service.name</c> the collector shows.</summary>
    public string ServiceName { get; set; } = "hitbot";

    /// <summary>A delivery due longer than this, while the dispatcher finishes none, makes <c>/readyz</c> answer 503.</summary>
    public TimeSpan OutboxStuckAfter { get; set; } = TimeSpan.FromMinutes(15);

    public bool Exporting => OtlpEndpoint.Length > 0;
}
