using System.Diagnostics;

namespace HitBot.Bench;

/// <summary>
/// This program started again with a verb (a stand-in or a load driver), talking over its standard input and output,
/// so that the bench's own process holds HitBot alone and its processor time is HitBot's.
/// </summary>
sealed class BenchChildProcess : IAsyncDisposable
{
    readonly Process process;

    BenchChildProcess(Process process) => this.process = process;

    public static BenchChildProcess Start(string verb, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true };
        // Under "dotnet HitBot.Bench.dll" the process is the dotnet host, which needs the assembly first.
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet") start.ArgumentList.Add(typeof(BenchChildProcess).Assembly.Location);
        start.ArgumentList.Add(verb);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return new BenchChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"The {verb} process did not start."));
    }

    /// <summary>The next line the child wrote.</summary>
    public async Task<string> ReadLineAsync() =>
        await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The child process ended without answering.");

    /// <summary>Sends a line and returns the child's one-line answer.</summary>
    public async Task<string> AskAsync(string line)
    {
        await process.StandardInput.WriteLineAsync(line);
        await process.StandardInput.FlushAsync();
        return await ReadLineAsync();
    }

    /// <summary>The child's side: this process's processor time in milliseconds, as a child answers "cpu".</summary>
    public static string OwnProcessorMs() =>
        Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.StandardInput.Close();
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
