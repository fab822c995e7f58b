using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HitBot.Tests.Infrastructure;

namespace HitBot.Bench;

/// <summary>
/// The Slack benchmark's two helpers, each in a process of its own (<see cref="BenchChildProcess"/>): the Slack Web API
/// stand-in HitBot calls chat.update on, and the driver that signs and sends the clicks. Each reports its own processor
/// time, so the bench can tell HitBot's share from theirs.
/// </summary>
static class SlackProcesses
{
    public const string StandInVerb = "slack-stand-in";
    public const string DriverVerb = "slack-driver";

    /// <summary>The stand-in's side: prints its API address, then answers "updates" (chat.update calls so far) and "cpu" (ms).</summary>
    public static async Task ServeStandInAsync()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        Console.WriteLine(slack.ApiBaseUrl);
        while (await Console.In.ReadLineAsync() is { } line)
            Console.WriteLine(line switch
            {
                "updates" => slack.CallsTo("chat.update").Count.ToString(CultureInfo.InvariantCulture),
                "cpu" => BenchChildProcess.OwnProcessorMs(),
                _ => "?",
            });
    }

    /// <summary>
    /// The driver's side: sends the clicks (a steady rate, or with a fifth argument that many senders as fast as they are
    /// answered), then prints one JSON line: latencies (ms), errors and its own processor time.
    /// </summary>
    public static async Task DriveAsync(string[] args)
    {
        var (baseUrl, perSecond, seconds, firstClick) = (args[1], Int(args[2]), double.Parse(args[3], CultureInfo.InvariantCulture), Int(args[4]));
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var (latencies, errors) = args.Length > 5
            ? await SlackInteractionsBenchmark.SaturateAsync(http, Int(args[5]), TimeSpan.FromSeconds(seconds), firstClick)
            : await SlackInteractionsBenchmark.DriveAsync(http, perSecond, TimeSpan.FromSeconds(seconds), firstClick);
        Console.WriteLine(JsonSerializer.Serialize(new DriverReport(latencies, errors, Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds)));
    }

    public sealed record DriverReport(List<double> Latencies, int Errors, double ProcessorMs);

    static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);
}
