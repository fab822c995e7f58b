using System.Diagnostics;
using System.Net.Http.Headers;
using HitBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace HitBot.Bench;

/// <summary>
/// Issue 16's scale case: a 100,000-person roster and 1,000,000 delivery rows in the file (seeded in bulk, see
/// <see cref="ScaleSeed"/>), then HitBot started on that file in a process of its own: cold start to /readyz, the admin
/// lists and the overview timed over HTTP, and the process's resident memory after the warm-up.
/// </summary>
static class ScaleBenchmark
{
    const int Rounds = 5;

    /// <param name="keep">
    /// A file to keep the seeded database in (<c>--keep-file</c>): seeding takes minutes, so a second run copies it instead
    /// of seeding again. The copy is what HitBot opens (and migrates, when the schema moved on since the seeding).
    /// </param>
    public static async Task<BenchResult> RunAsync(int people, int rows, string? keep = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "hitbot-bench", Guid.NewGuid().ToString("N"));
        var path = Path.Combine(folder, "hitbot.db");
        try
        {
            var seeded = Seed(path, people, rows, keep);
            var fileBytes = new FileInfo(path).Length;

            var start = Stopwatch.StartNew();
            using var host = HostProcess.Start(path);
            using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
            var ready = await FirstAnswerAsync(host, http, "readyz", start);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HostProcess.AdminToken);

            var timed = new List<(string What, string Path)>
            {
                ("GET /api/admin/overview (the newest update went to every tutor)", "api/admin/overview"),
                ("GET /api/admin/people?limit=100 (page 1)", "api/admin/people?limit=100"),
                ("GET /api/admin/people (page 1 at the default 1,000)", "api/admin/people"),
                ("GET /api/admin/people?offset=50000&limit=100 (a page in the middle)", "api/admin/people?offset=50000&limit=100"),
                ("GET /api/admin/people?q=tutor 4242&limit=20 (search)", "api/admin/people?q=tutor%204242&limit=20"),
                ("GET /api/admin/feedback?limit=50 (5,000 items)", "api/admin/feedback?limit=50"),
                ($"GET /api/admin/updates/bench-update-0 (its report)", "api/admin/updates/bench-update-0"),
            };
            var first = new Dictionary<string, double>();
            // Resident memory after each first request, to see which read leaves LiteDB's cache holding the most.
            var grown = new List<string> { $"started {Megabytes(host)}" };
            foreach (var (what, at) in timed)
            {
                first[what] = await TimeAsync(http, at);
                grown.Add($"{at[(at.LastIndexOf('/') + 1)..]} {Megabytes(host)}");
            }
            var medians = new List<(string, string)>();
            foreach (var (what, at) in timed)
            {
                var times = new List<double>();
                for (var i = 0; i < Rounds; i++) times.Add(await TimeAsync(http, at));
                times.Sort();
                medians.Add((what, $"{times[Rounds / 2]:F0} ms (first {first[what]:F0}, max {times[^1]:F0})"));
            }
            GC.KeepAlive(http);
            var memory = host.Memory();
            var cpu = host.CpuTime;
            host.Dispose();
            List<(string Audience, TimeSpan Took, int Matched)> audiences;
            using (var db = new HitBotDb(Options.Create(new StorageOptions { Path = path }))) audiences = ScaleSeed.TimeAudiences(db);

            var figures = new List<(string, string)>
            {
                ("directory / delivery rows / updates", $"{seeded.People:N0} people / {seeded.Rows:N0} rows / {seeded.Updates} updates to every tutor"),
                ("seeding (bulk inserts through the stores)", seeded.Reused is { } kept
                    ? $"not timed: a copy of {Path.GetFileName(kept)}, seeded earlier with the sizes asked for; opening it (with any schema upgrade since) took {seeded.Opened.TotalSeconds:F1} s"
                    : $"people {seeded.PeopleTime.TotalSeconds:F1} s, rows {seeded.RowsTime.TotalSeconds:F1} s"),
                ("database file (after a checkpoint)", $"{fileBytes / 1024.0 / 1024.0:F0} MB ({fileBytes / (double)seeded.Rows:F0} bytes per row, people included)"),
                ("cold start: process start to /readyz answering", $"{ready.Took.TotalMilliseconds:F0} ms ({ready.Status})"),
            };
            figures.AddRange(audiences.Select(a => ($"audience resolution: {a.Audience}", $"{a.Took.TotalMilliseconds:F0} ms ({a.Matched:N0} matched)")));
            figures.AddRange(medians);
            figures.Add(("resident memory after start and after each first request (MB)", string.Join(", ", grown)));
            figures.Add(("resident memory after the warm-up (VmRSS) / peak (VmHWM)", memory is { } m ? $"{m.Now:F0} MB / {m.Peak:F0} MB" : "unknown (not Linux)"));
            figures.Add(("HitBot's CPU time for the run", $"{cpu.TotalSeconds:F1} s"));
            figures.Add(("machine load (1-minute average) after the run", BenchMachine.Load()));
            return new BenchResult($"Scale: {seeded.People:N0} people and {seeded.Rows:N0} delivery rows (median of {Rounds} after one warm-up request each)", figures)
            {
                Key = "scale",
            };
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    static string Megabytes(HostProcess host) => host.Memory() is { } m ? $"{m.Now:F0}" : "?";

    static ScaleSeed.Seeded Seed(string path, int people, int rows, string? keep)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (keep is not null && File.Exists(keep))
        {
            File.Copy(keep, path);
            // Opened once before anything is timed: a file seeded by an older HitBot is migrated here, not in the cold start.
            var opening = Stopwatch.StartNew();
            using var db = new HitBotDb(Options.Create(new StorageOptions { Path = path }));
            var opened = opening.Elapsed;
            var updates = db.Collection<HitBot.Core.Updates.Update>(HitBot.Core.Updates.UpdateStore.Updates).Count();
            return new ScaleSeed.Seeded(people, rows, updates, TimeSpan.Zero, TimeSpan.Zero) { Reused = keep, Opened = opened };
        }
        ScaleSeed.Seeded seeded;
        using (var db = new HitBotDb(Options.Create(new StorageOptions { Path = path })))
        {
            seeded = ScaleSeed.Write(db, people, rows);
            db.Checkpoint();
        }
        if (keep is not null) File.Copy(path, keep);
        return seeded;
    }

    static async Task<(TimeSpan Took, string Status)> FirstAnswerAsync(HostProcess host, HttpClient http, string path, Stopwatch since)
    {
        while (since.Elapsed < TimeSpan.FromMinutes(2))
        {
            try
            {
                using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
                var body = await response.Content.ReadAsStringAsync();
                return (since.Elapsed, $"{(int)response.StatusCode} {body[..Math.Min(body.Length, 60)]}".Trim());
            }
            catch (HttpRequestException)
            {
                // Not listening yet: the process is still starting, unless it stopped.
                host.ThrowIfExited();
            }
            await Task.Delay(10);
        }
        throw new TimeoutException("HitBot did not answer /readyz within 2 minutes.");
    }

    static async Task<double> TimeAsync(HttpClient http, string path)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        return clock.Elapsed.TotalMilliseconds;
    }
}
