using System.Globalization;
using HitBot.Tests.Infrastructure;

namespace HitBot.Bench;

/// <summary>
/// The Bot Connector stand-in in a process of its own (this program with the verb <c>connector-stand-in</c>), so the
/// bench's allocation and processor figures count HitBot's work only: in-process, every request the stand-in parses and
/// answers is counted with it. It listens on 127.0.0.1 like the in-process one.
/// </summary>
sealed class ConnectorProcess : IAsyncDisposable
{
    public const string Verb = "connector-stand-in";
    readonly BenchChildProcess child;

    ConnectorProcess(BenchChildProcess child, string serviceUrl) => (this.child, ServiceUrl) = (child, serviceUrl);

    public string ServiceUrl { get; }

    public static async Task<ConnectorProcess> StartAsync()
    {
        var child = BenchChildProcess.Start(Verb);
        return new ConnectorProcess(child, await child.ReadLineAsync());
    }

    /// <summary>How many activities the stand-in received.</summary>
    public async Task<int> ActivityCountAsync() => int.Parse(await child.AskAsync("count"), CultureInfo.InvariantCulture);

    /// <summary>The processor time the stand-in has used so far.</summary>
    public async Task<TimeSpan> ProcessorTimeAsync() =>
        TimeSpan.FromMilliseconds(double.Parse(await child.AskAsync("cpu"), CultureInfo.InvariantCulture));

    /// <summary>The child's side: serve until the parent closes standard input, answering "count" and "cpu" (ms) lines.</summary>
    public static async Task ServeAsync()
    {
        await using var connector = await FakeBotConnector.StartAsync(recordCalls: false);
        Console.WriteLine(connector.ServiceUrl);
        while (await Console.In.ReadLineAsync() is { } line)
            Console.WriteLine(line switch
            {
                "count" => connector.ActivityCount.ToString(CultureInfo.InvariantCulture),
                "cpu" => BenchChildProcess.OwnProcessorMs(),
                _ => "?",
            });
    }

    public ValueTask DisposeAsync() => child.DisposeAsync();
}
