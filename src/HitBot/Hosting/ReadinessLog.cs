using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HitBot.Hosting;

/// <summary>
/// Logs readiness when it changes, not at every probe. ASP.NET Core's health-check service logs each degraded or unhealthy
/// check at every call: with a load balancer probing <c>/readyz</c> every ten seconds, one expired Teams secret wrote
/// thousands of identical warnings a day, and the lines that said what else went wrong were lost among them.
/// </summary>
public sealed partial class ReadinessLog(ILogger<ReadinessLog> logger)
{
    /// <summary>The category whose per-probe lines this replaces (filtered out in <see cref="ObservabilitySetup"/>).</summary>
    public const string HealthCheckServiceCategory = "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService";

    readonly Lock gate = new();
    string? last = "ready";

    /// <summary>Called with every <c>/readyz</c> report: a line only when the status or a check's description changed.</summary>
    public void Saw(HealthReport report)
    {
        var problems = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy)
            .Select(e => $"{e.Key}: {e.Value.Description}").ToList();
        var now = problems.Count == 0 ? "ready" : string.Join("; ", problems);
        lock (gate)
        {
            if (now == last) return;
            last = now;
        }
        if (report.Status == HealthStatus.Healthy) Ready();
        else if (report.Status == HealthStatus.Degraded) Degraded(now);
        else Unready(now, report.Entries.Values.Select(e => e.Exception).FirstOrDefault(e => e is not null));
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "HitBot is ready again: every readiness check passes.")]
    partial void Ready();

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "HitBot is degraded (/readyz still answers 200): {Problems}")]
    partial void Degraded(string problems);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "HitBot is not ready (/readyz answers 503): {Problems}")]
    partial void Unready(string problems, Exception? exception);
}
