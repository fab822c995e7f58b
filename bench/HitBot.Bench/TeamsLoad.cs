using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Tests.Infrastructure;

namespace HitBot.Bench;

/// <summary>What one slice of load measured: latencies in ms (sorted), answers other than 200, and how long it ran.</summary>
sealed record LoadResult(List<double> Latencies, int Errors, TimeSpan Elapsed)
{
    public double Percentile(double p) => Latencies.Count == 0 ? double.NaN : Latencies[Math.Min(Latencies.Count - 1, (int)(Latencies.Count * p))];
    public double Max => Latencies.Count == 0 ? double.NaN : Latencies[^1];
}

/// <summary>
/// The same JWT-signed Teams activities for any bot's <c>/api/messages</c>: open loop at a fixed rate (latency counted
/// from the moment a request was due, so a bot that falls behind shows it), or closed loop with a number of senders
/// that each send again as soon as they are answered (the most the bot can take).
/// </summary>
/// <remarks>
/// Each request comes from the next of <paramref name="tutors"/> people in turn, each in their own 1:1 chat: Teams paces
/// sends per conversation (7 / s), so one chat for all would measure the pacing of the replies, not the bot.
/// </remarks>
sealed class TeamsLoad(HttpClient http, string token, string serviceUrl, string appId, int tutors)
{
    int next;

    public static string Tutor(int i) => "29:tutor" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task<LoadResult> OpenLoopAsync(Uri url, int perSecond, TimeSpan duration, Func<string, JsonObject>? activity = null)
    {
        var total = (int)(perSecond * duration.TotalSeconds);
        var interval = TimeSpan.FromSeconds(1.0 / perSecond);
        var latencies = new double[total];
        var errors = 0;
        var watch = Stopwatch.StartNew();
        var sends = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = interval * i;
            var wait = due - watch.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            var n = i;
            sends.Add(Task.Run(async () =>
            {
                var ok = await SendAsync(url, activity);
                latencies[n] = (watch.Elapsed - due).TotalMilliseconds;
                if (!ok) Interlocked.Increment(ref errors);
            }));
        }
        await Task.WhenAll(sends);
        return new LoadResult([.. latencies.Order()], errors, watch.Elapsed);
    }

    public async Task<LoadResult> SaturateAsync(Uri url, int senders, TimeSpan duration)
    {
        var latencies = new List<double>();
        var errors = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(async () =>
        {
            var mine = new List<double>();
            while (watch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                if (!await SendAsync(url, null)) Interlocked.Increment(ref errors);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            lock (latencies) latencies.AddRange(mine);
        })));
        var elapsed = watch.Elapsed;
        latencies.Sort();
        return new LoadResult(latencies, errors, elapsed);
    }

    async Task<bool> SendAsync(Uri url, Func<string, JsonObject>? activity)
    {
        var body = (activity ?? Help)(Guid.NewGuid().ToString("N")).ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await http.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>A tutor typing "help" in their 1:1 chat.</summary>
    public JsonObject Help(string id) => Base("message", id, a => a["text"] = "help");

    public JsonObject Base(string type, string id, Action<JsonObject> fill)
    {
        var user = Tutor((int)((uint)Interlocked.Increment(ref next) % (uint)tutors));
        var activity = new JsonObject
        {
            ["type"] = type,
            ["id"] = id,
            ["channelId"] = "msteams",
            ["serviceUrl"] = serviceUrl,
            ["from"] = new JsonObject { ["id"] = user, ["name"] = "Tutor" },
            ["recipient"] = new JsonObject { ["id"] = "28:" + appId, ["name"] = "HitBot" },
            ["conversation"] = new JsonObject { ["id"] = FakeBotConnector.ConversationFor(user), ["conversationType"] = "personal", ["tenantId"] = "tenant-1" },
        };
        fill(activity);
        return activity;
    }
}
