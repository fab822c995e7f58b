using System.Globalization;
using System.Runtime.InteropServices;

namespace HitBot.Bench;

/// <summary>The machine a run was measured on, as docs/benchmarks.md describes it: figures move with it.</summary>
static class BenchMachine
{
    public static string Describe() =>
        $"{Environment.ProcessorCount} cores ({Cpu()}), {Memory()} RAM, {RuntimeInformation.OSDescription}, " +
        $"{RuntimeInformation.FrameworkDescription}, {Build} build; load average {Load()} when the run ended; " +
        $"run of {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.";

#if DEBUG
    const string Build = "Debug";
#else
    const string Build = "Release";
#endif

    /// <summary>The 1-minute load average (Linux): other work on the machine stretches every wall-clock figure.</summary>
    public static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    static string Cpu() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
            : RuntimeInformation.ProcessArchitecture.ToString();

    static string Memory() => $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024.0 / 1024.0:F0} GiB";
}
