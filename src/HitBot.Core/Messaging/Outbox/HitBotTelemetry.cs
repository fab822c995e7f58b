using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace HitBot.Core.Messaging.Outbox;

/// <summary>
/// HitBot's own metrics and traces, under the name "HitBot" (meter and activity source). They cost next to nothing
/// until a listener subscribes; the host exports them over OTLP only when <c>HitBot:Telemetry</c> says so. Tags carry
/// channels, outcomes and surfaces, never people or text.
/// </summary>
public static class HitBotTelemetry
{
    public const string Name = "HitBot";

    static readonly Meter Meter = new(Name);

    public static readonly ActivitySource Source = new(Name);

    static readonly Counter<long> Deliveries = Meter.CreateCounter<long>("hitbot.deliveries", "{delivery}",
        "Deliveries by channel and outcome: queued and sent (once each, however many tries), failed (a try that broke, retried), throttled (a 429, retried) and dead (given up, once).");

    static readonly Histogram<double> DispatchDuration = Meter.CreateHistogram<double>("hitbot.dispatch.duration", "s",
        "How long one send to a platform took, from the call to its answer, by channel and outcome.");

    static readonly Counter<long> Inbound = Meter.CreateCounter<long>("hitbot.inbound.requests", "{request}",
        "Requests HitBot received, by surface (teams, slack, admin, dashboard, health) and status class (2xx, 4xx, 5xx).");

    public static void Queued(IEnumerable<Delivery> queued)
    {
        if (!Deliveries.Enabled) return;
        foreach (var channel in queued.GroupBy(d => d.Address.Channel))
            Deliveries.Add(channel.Count(), Tag(channel.Key), new("outcome", "queued"));
    }

    public static void Finished(ChannelKind channel, string outcome, TimeSpan? sendTook = null)
    {
        Deliveries.Add(1, Tag(channel), new("outcome", outcome));
        if (sendTook is { } took) DispatchDuration.Record(took.TotalSeconds, Tag(channel), new("outcome", outcome));
    }

    public static void InboundRequest(string surface, int status) =>
        Inbound.Add(1, new("surface", surface), new("status_class", $"{status / 100}xx"));

    static KeyValuePair<string, object?> Tag(ChannelKind channel) => new("channel", ChannelName(channel));

    /// <summary>A platform as the <c>channel</c> tag names it.</summary>
    public static string ChannelName(ChannelKind channel) => channel == ChannelKind.Teams ? "teams" : "slack";
}
