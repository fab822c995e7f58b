using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace HitBot.Bench;

/// <summary>
/// HitBot as an operator runs it: <c>dotnet HitBot.dll</c> in a process of its own (server GC, its own runtime
/// settings), on 127.0.0.1, over a given database file. Its output is read and dropped, so no log line reaches the tables.
/// </summary>
sealed class HostProcess : IDisposable
{
    public const string AdminToken = "bench-admin-token-bench-admin-token-0123";
    readonly Process process;

    HostProcess(Process process, Uri baseAddress) => (this.process, BaseAddress) = (process, baseAddress);

    public Uri BaseAddress { get; }

    public static HostProcess Start(string databasePath)
    {
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = BenchHost.HostFolder(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "HitBot.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["HitBot__Storage__Path"] = databasePath;
        // Beside the data folder, never in it (HitBot refuses to start otherwise).
        start.Environment["HitBot__Surveys__AnonymityKeyPath"] = Path.GetDirectoryName(databasePath) + ".anonymity.key";
        start.Environment["HitBot__Admin__Token"] = AdminToken;
        // Loopback only: Teams in emulator mode answers only on this machine, and nothing is configured to call out.
        start.Environment["HitBot__Teams__Emulator"] = "true";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("HitBot did not start.");
        var host = new HostProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, line) => host.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => host.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    readonly System.Collections.Concurrent.ConcurrentQueue<string> lastLines = new();

    /// <summary>The last few lines HitBot wrote: shown only when it stops by itself, to say why.</summary>
    void Keep(string? line)
    {
        if (line is null) return;
        lastLines.Enqueue(line);
        while (lastLines.Count > 5) lastLines.TryDequeue(out _);
    }

    /// <summary>Throws with HitBot's last lines when the process has ended (a start-up failure).</summary>
    public void ThrowIfExited()
    {
        if (process.HasExited)
            throw new InvalidOperationException($"HitBot stopped (exit code {process.ExitCode}): " + string.Join(Environment.NewLine, lastLines));
    }

    /// <summary>Resident memory now and at its peak (Linux /proc), in MB; null elsewhere.</summary>
    public (double Now, double Peak)? Memory()
    {
        var status = $"/proc/{process.Id}/status";
        if (!File.Exists(status)) return null;
        double Read(string key) => File.ReadLines(status).Where(l => l.StartsWith(key, StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).FirstOrDefault();
        return (Read("VmRSS:"), Read("VmHWM:"));
    }

    public TimeSpan CpuTime => process.TotalProcessorTime;

    bool disposed;

    /// <summary>Stops the process; safe to call twice (a bench stops it early to open its file).</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        process.Dispose();
    }
}
