using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HitBot.Bench;

/// <summary>
/// A reference app HitBot is measured against, run with node as a child process on a loopback port: the Bot Framework
/// SDK bot in bench/botbuilder-reference (botbuilder 4.23, CloudAdapter) or the Bolt app in bench/bolt-reference
/// (Bolt for JavaScript 5.1). Its node_modules are installed on first use; its output is kept, not printed, so the
/// result tables stay readable, and shown only when it fails to start.
/// </summary>
sealed class ReferenceBot : IDisposable
{
    readonly Process process;
    readonly StringBuilder output = new();

    ReferenceBot(Process process, int port, string name)
    {
        this.process = process;
        this.name = name;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    readonly string name;

    public Uri BaseAddress { get; }

    public Uri MessagesUrl => new(BaseAddress, "/api/messages");

    /// <summary>CPU time the node process has used so far.</summary>
    public TimeSpan Cpu
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>The last lines the bot wrote, for an error message.</summary>
    public string Tail
    {
        get
        {
            lock (output) return string.Join('\n', output.ToString().Split('\n').TakeLast(10));
        }
    }

    /// <summary>Lines the bot wrote to stderr (a failed turn writes one).</summary>
    public int ErrorLines { get; private set; }

    public static Task<ReferenceBot> StartAsync(string appId, string openIdMetadataUrl) =>
        StartAsync("botbuilder-reference", "botbuilder", new() { ["BENCH_APP_ID"] = appId, ["BENCH_OPENID_METADATA_URL"] = openIdMetadataUrl });

    /// <param name="ackOnly">Only acknowledge each click, without updating its message.</param>
    public static Task<ReferenceBot> StartBoltAsync(string signingSecret, string slackApiUrl, bool ackOnly = false) =>
        StartAsync("bolt-reference", Path.Combine("@slack", "bolt"), new()
        {
            ["BENCH_SIGNING_SECRET"] = signingSecret, ["BENCH_SLACK_API_URL"] = slackApiUrl, ["BENCH_ACK_ONLY"] = ackOnly ? "1" : "0",
        });

    static async Task<ReferenceBot> StartAsync(string folderName, string package, Dictionary<string, string> settings)
    {
        var folder = Folder(folderName);
        if (!System.IO.Directory.Exists(Path.Combine(folder, "node_modules", package)))
            await RunAsync("npm", "ci --no-audit --no-fund", folder);
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo("node", "index.js")
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var (key, value) in settings) start.Environment[key] = value;
        start.Environment["BENCH_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["NODE_ENV"] = "production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var bot = new ReferenceBot(process, port, folderName);
        process.OutputDataReceived += (_, e) =>
        {
            lock (bot.output) bot.output.AppendLine(e.Data);
            if (e.Data?.StartsWith("listening on ", StringComparison.Ordinal) == true) bot.listening.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (bot.output) { bot.output.AppendLine(e.Data); bot.ErrorLines++; }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await bot.WaitUntilListeningAsync();
        return bot;
    }

    /// <summary>index.js prints "listening on …" once its socket is bound: wait for that line (or the process ending).</summary>
    async Task WaitUntilListeningAsync()
    {
        try
        {
            await Task.WhenAny(listening.Task, process.WaitForExitAsync()).Unwrap().WaitAsync(TimeSpan.FromSeconds(30));
            if (!listening.Task.IsCompleted) throw new InvalidOperationException("it exited");
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            string text;
            lock (output) text = output.ToString();
            throw new InvalidOperationException($"The {name} app did not start ({e.Message}):\n" + text, e);
        }
    }

    readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    static async Task RunAsync(string file, string arguments, string folder)
    {
        using var npm = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true })
                        ?? throw new InvalidOperationException($"{file} did not start.");
        var stdout = npm.StandardOutput.ReadToEndAsync();
        var stderr = npm.StandardError.ReadToEndAsync();
        await npm.WaitForExitAsync();
        if (npm.ExitCode != 0) throw new InvalidOperationException($"{file} {arguments} failed:\n{await stdout}\n{await stderr}");
    }


    static string Folder(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "HitBot.sln"))) return Path.Combine(dir.FullName, "bench", name);
        throw new InvalidOperationException("Run the bench from the repository (HitBot.sln not found above it).");
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill();
        process.WaitForExit(5000);
        process.Dispose();
    }
}
