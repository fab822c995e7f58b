using System.Diagnostics;
using System.Globalization;
using HitBot.Tests.Infrastructure;

namespace HitBot.Bench;

/// <summary>
/// The Bot Connector stand-in in a process of its own (this program with the verb <c>connector-stand-in</c>), so the
/// bench's allocation figure counts HitBot's work only: in-process, every request the stand-in parses and answers
/// is counted with it. It listens on 127.0.0.1 like the in-process one.
/// </summary>
sealed class ConnectorProcess : IAsyncDisposable
{
    public const string Verb = "connector-stand-in";
    readonly Process process;

    ConnectorProcess(Process process, string serviceUrl) => (this.process, ServiceUrl) = (process, serviceUrl);

    public string ServiceUrl { get; }

    public static async Task<ConnectorProcess> StartAsync()
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true };
        // Under "dotnet HitBot.Bench.dll" the process is the dotnet host, which needs the assembly first.
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet") start.ArgumentList.Add(typeof(ConnectorProcess).Assembly.Location);
        start.ArgumentList.Add(Verb);
        var process = Process.Start(start) ?? throw new InvalidOperationException("The connector stand-in did not start.");
        var url = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The connector stand-in said nothing.");
        return new ConnectorProcess(process, url);
    }

    /// <summary>How many activities the stand-in received.</summary>
    public async Task<int> ActivityCountAsync()
    {
        await process.StandardInput.WriteLineAsync("count");
        await process.StandardInput.FlushAsync();
        return int.Parse(await process.StandardOutput.ReadLineAsync() ?? "0", CultureInfo.InvariantCulture);
    }

    /// <summary>The processor time the stand-in has used so far.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>The child's side: serve until the parent closes standard input, answering "count" lines.</summary>
    public static async Task ServeAsync()
    {
        await using var connector = await FakeBotConnector.StartAsync(recordCalls: false);
        Console.WriteLine(connector.ServiceUrl);
        while (await Console.In.ReadLineAsync() is { } line)
            if (line == "count") Console.WriteLine(connector.ActivityCount.ToString(CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
