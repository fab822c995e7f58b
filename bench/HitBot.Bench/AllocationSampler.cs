using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace HitBot.Bench;

/// <summary>
/// The runtime's allocation samples (one event about every 100 KB allocated, naming the type that crossed the mark),
/// summed by type: a cheap profile of what a run allocates. On when HITBOT_BENCH_ALLOCATIONS=1; printed to stderr.
/// </summary>
sealed class AllocationSampler : EventListener
{
    const EventKeywords GcKeyword = (EventKeywords)0x1;
    readonly ConcurrentDictionary<string, long> bytesByType = new(StringComparer.Ordinal);
    volatile bool recording;

    public static AllocationSampler? StartIfAsked() =>
        Environment.GetEnvironmentVariable("HITBOT_BENCH_ALLOCATIONS") == "1" ? new AllocationSampler() : null;

    public void Record() => recording = true;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!recording || e.EventName is not "GCAllocationTick_V4" || e.Payload is null) return;
        var type = e.PayloadNames?.IndexOf("TypeName") is { } i and >= 0 ? e.Payload[i] as string ?? "?" : "?";
        var amount = e.PayloadNames?.IndexOf("AllocationAmount64") is { } j and >= 0 ? Convert.ToInt64(e.Payload[j], System.Globalization.CultureInfo.InvariantCulture) : 0;
        bytesByType.AddOrUpdate(type, amount, (_, total) => total + amount);
    }

    public void Print(int top = 25)
    {
        foreach (var (type, bytes) in bytesByType.OrderByDescending(kv => kv.Value).Take(top))
            Console.Error.WriteLine($"alloc {bytes / 1048576.0,8:F1} MB  {type}");
    }
}
