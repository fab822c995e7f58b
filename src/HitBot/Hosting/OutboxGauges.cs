using System.Diagnostics.Metrics;
using HitBot.Core.Messaging.Outbox;

namespace HitBot.Hosting;

/// <summary>
/// How the outbox stands right now, read when a collector asks (every export, a minute by default): how many messages wait
/// to go and how long the one due longest ago has waited. <c>hitbot.deliveries</c> counts what happened, and its queued
/// minus sent is not the backlog (messages are also cancelled or held for a digest); an operator alerting on a backlog or
/// on lag needs these. The backlog comes from the counts kept with the rows and the wait from the first row of the due
/// index: a handful of reads however many wait. Neither carries a tag that could name a person.
/// </summary>
/// <remarks>
/// The meter comes from the host's <see cref="IMeterFactory"/>, not the static one of <see cref="HitBotTelemetry"/>: an
/// observable instrument reads this host's file, and a process with several hosts (the tests) must not read another's.
/// </remarks>
public sealed class OutboxGauges(IMeterFactory meters, OutboxStore outbox, TimeProvider time) : IHostedService
{
    public const string Waiting = "hitbot.outbox.waiting";
    public const string Wait = "hitbot.outbox.wait";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var meter = meters.Create(HitBotTelemetry.Name);
        meter.CreateObservableGauge(Waiting, WaitingNow, "{delivery}",
            "Messages waiting to go, by channel: queued, or failed and to be tried again, including those waiting for a person's morning or a platform's pace (not the answers to what someone just wrote).");
        meter.CreateObservableGauge(Wait, LongestWait, "s",
            "How long the message due longest ago has waited to go since it was due (0 when none is due).");
        return Task.CompletedTask;
    }

    // The host disposes the factory, and its meter and instruments with it.
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    IEnumerable<Measurement<int>> WaitingNow() => Read(() => outbox.WaitingByChannel()
        .Select(c => new Measurement<int>(c.Value, new KeyValuePair<string, object?>("channel", HitBotTelemetry.ChannelName(c.Key)))));

    IEnumerable<Measurement<double>> LongestWait() => Read(() =>
    {
        var now = time.GetUtcNow();
        var waited = outbox.NextDueAt() is { } due && due < now ? (now - due).TotalSeconds : 0;
        return new[] { new Measurement<double>(waited) };
    });

    /// <summary>
    /// Nothing when the file cannot be read (HitBot stopping, the disk gone): a collector then shows a gap, where a zero
    /// would say that nothing waits. Whatever the reason: a reading is never worth an error in the exporter's thread, and
    /// /readyz and the log already say what is wrong with the file.
    /// </summary>
    static IEnumerable<Measurement<T>> Read<T>(Func<IEnumerable<Measurement<T>>> read) where T : struct
    {
        try
        {
            return [.. read()];
        }
        catch (Exception)
        {
            return [];
        }
    }
}
