using System.Diagnostics;
using System.Text;
using HitBot.Core.Directory;
using HitBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace HitBot.Bench;

/// <summary>
/// Imports a roster into a directory that already holds <c>existing</c> people (issue 16's scale case: 50,000 rows into
/// a 100,000-person directory, half of them already known), then the same file again (nothing changes).
/// </summary>
static class RosterImportBenchmark
{
    public static BenchResult Run(int existing, int rows)
    {
        var folder = Path.Combine(Path.GetTempPath(), "hitbot-bench", Guid.NewGuid().ToString("N"));
        try
        {
            using var db = new HitBotDb(Options.Create(new StorageOptions { Path = Path.Combine(folder, "bench.db") }));
            var store = new DirectoryStore(db);
            var import = new RosterImport(store, TimeProvider.System);

            var seed = Stopwatch.StartNew();
            for (var from = 0; from < existing; from += RosterImport.MaxRows)
                Check(import.Import(new StringReader(Csv(from, Math.Min(RosterImport.MaxRows, existing - from))), skipInvalid: false));
            seed.Stop();

            // Half the file is people already in the directory (moved site), half is new.
            var csv = Csv(existing - rows / 2, rows, site: "Roosevelt");
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var first = Stopwatch.StartNew();
            var result = Check(import.Import(new StringReader(csv), skipInvalid: false));
            first.Stop();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var again = Stopwatch.StartNew();
            var unchanged = Check(import.Import(new StringReader(csv), skipInvalid: false));
            again.Stop();
            var cpuAgain = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

            // The log written into the data file first, so the size does not depend on when the last checkpoint ran.
            db.Checkpoint();
            return new BenchResult($"Import a {rows:N0}-row roster into a {existing:N0}-person directory",
            [
                ("seeding the directory", $"{seed.Elapsed.TotalSeconds:F1} s ({existing:N0} people)"),
                ("import (half new, half changed)", $"{first.Elapsed.TotalSeconds:F2} s ({cpu.TotalSeconds:F1} s of CPU) — {result.Created:N0} created, {result.Updated:N0} updated"),
                ("the same file again (nothing changes)", $"{again.Elapsed.TotalSeconds:F2} s ({cpuAgain.TotalSeconds:F1} s of CPU) — {unchanged.Unchanged:N0} unchanged"),
                ("allocated by the import", $"{allocated / 1024.0 / 1024.0:F0} MB"),
                // Other work on the machine stretches wall time; the CPU time above and this say how much.
                ("machine load (1-minute average) after the run", File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown"),
                ("database file, after a checkpoint", $"{new FileInfo(db.FilePath).Length / 1024.0 / 1024.0:F0} MB"),
            ]);
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    static RosterImportResult Check(RosterImportResult result) =>
        result.Imported ? result : throw new InvalidOperationException("The bench roster was refused: " + result.Errors.FirstOrDefault()?.Message);

    static string Csv(int from, int count, string site = "Lincoln")
    {
        var csv = new StringBuilder("name,email,role,site,partner\n");
        for (var i = from; i < from + count; i++)
            csv.Append("Tutor ").Append(i).Append(",tutor").Append(i).Append("@district.example,tutor,")
               .Append(site).Append(i % 40).Append(",Partner ").Append(i % 12).Append('\n');
        return csv.ToString();
    }
}
