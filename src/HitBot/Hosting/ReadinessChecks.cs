using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using HitBot.Slack;
using HitBot.Teams;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace HitBot.Hosting;

/// <summary>
/// The database answers and takes writes. Its schema version is read from memory and answers even on a disk that
/// refuses every write (full, or turned read-only), so the last failed write is what says so.
/// </summary>
public sealed class DatabaseReadiness(HitBotDb db) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // The same words at every probe (no count, no time): ReadinessLog writes a line only when they change.
        if (db.WriteRefused is { } refused)
            return Task.FromResult(HealthCheckResult.Unhealthy(
                $"HitBot cannot write its database file {db.FilePath} (HitBot:Storage:Path): {refused.Message.TrimEnd('.')}. " +
                "Nothing new is saved: free space on that disk (or make it writable), then restart HitBot.", refused));
        try
        {
            return Task.FromResult(HealthCheckResult.Healthy($"open at schema version {db.SchemaVersion}"));
        }
        catch (ObjectDisposedException e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the database is closed (HitBot is stopping)", e));
        }
    }
}

/// <summary>
/// At least one real chat platform can reach HitBot; Teams in emulator mode alone, or nothing at all (a fresh install), is
/// degraded, not ready for people, and the description says which setting is missing. A platform refusing HitBot's own
/// credentials on its latest send is unhealthy (503), naming the setting to fix; degraded (200) while the other still works.
/// </summary>
public sealed class ChannelsReadiness(IOptions<TeamsOptions> teams, IOptions<SlackOptions> slack, DispatcherProgress progress) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var on = new List<ChannelKind>();
        if (teams.Value.AuthEnabled) on.Add(ChannelKind.Teams);
        if (slack.Value.Enabled) on.Add(ChannelKind.Slack);
        // Configured is not enough: a revoked or replaced token fails every send, and the outbox still "moves" (they die).
        var refused = progress.CredentialsRefused;
        if (refused.Count > 0)
        {
            var why = string.Join("; ", refused.OrderBy(r => r.Key).Select(r => r.Key switch
            {
                ChannelKind.Slack => $"Slack has refused HitBot's token since {r.Value:u} (or the app was removed from the workspace): install the Slack app again if it was removed, set a valid HitBot:Slack:BotToken and restart",
                // Teams' BotDisabledByAdmin counts here too: the tenant's admin turned the app off, and no setting fixes that.
                ChannelKind.Teams => $"Teams has refused HitBot since {r.Value:u}: check HitBot:Teams:AppId and HitBot:Teams:AppPassword and restart, or, if the delivery report says BotDisabledByAdmin, ask your Teams admin to allow the app",
                var other => $"{other} has refused HitBot's credentials since {r.Value:u}",
            }));
            // With both chats on, the other still works: a 503 would make a load balancer stop sending it (and the
            // dashboard) any request, and Slack turns off event delivery to an app that fails 5 % of them within an hour.
            var working = on.Where(c => !refused.ContainsKey(c)).ToList();
            return Task.FromResult(working.Count > 0
                ? HealthCheckResult.Degraded($"{why}; {string.Join(" and ", working)} still works")
                : HealthCheckResult.Unhealthy(why));
        }
        return Task.FromResult(on.Count > 0
            ? HealthCheckResult.Healthy($"{string.Join(" and ", on)} configured")
            : HealthCheckResult.Degraded(teams.Value.Emulator
                ? "no chat platform configured: Teams is in emulator mode (HitBot:Teams:AppId empty) and Slack is off"
                : "no chat platform configured: Teams is off (set HitBot:Teams:AppId) and Slack is off (set HitBot:Slack:SigningSecret and HitBot:Slack:BotToken)"));
    }
}

/// <summary>
/// The outbox moves: a delivery that has been due for <see cref="TelemetryOptions.OutboxStuckAfter"/> while the
/// dispatcher finished none in that time means sending has stopped. A large send paced by the platforms keeps
/// finishing deliveries, so it is not "stuck" however long it takes.
/// </summary>
public sealed class OutboxReadiness(OutboxStore outbox, DispatcherProgress progress, TimeProvider time, IOptions<TelemetryOptions> options) : IHealthCheck
{
    readonly Lock gate = new();
    long lastFinished = -1;
    DateTimeOffset lastProgressAt = time.GetUtcNow();

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        DateTimeOffset quietSince;
        lock (gate)
        {
            if (progress.Finished != lastFinished)
            {
                lastFinished = progress.Finished;
                lastProgressAt = now;
            }
            quietSince = lastProgressAt;
        }
        var limit = options.Value.OutboxStuckAfter;
        if (outbox.NextDueAt() is { } due && now - due > limit && now - quietSince > limit)
            return Task.FromResult(HealthCheckResult.Unhealthy(
                $"stuck: a delivery has been due since {due:u} and none has finished since {quietSince:u}"));
        return Task.FromResult(HealthCheckResult.Healthy(outbox.InFlight > 0 ? $"{outbox.InFlight} sends in flight" : "moving"));
    }
}
