using System.Diagnostics;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace HitBot.Bench;

/// <summary>
/// Queue an update to 100,000 people, cancel it, then import a 50,000-line roster (half of it people already there, with a
/// new site), while another thread keeps writing one small row every 5 ms, as Teams' and Slack's requests do: how long
/// such a write waits behind the big ones (they go a chunk at a time).
/// </summary>
static class BigWritesBenchmark
{
    public static BenchResult Run(int people)
    {
        var folder = Path.Combine(Path.GetTempPath(), "hitbot-bench", Guid.NewGuid().ToString("N"));
        try
        {
            using var db = new HitBotDb(Options.Create(new StorageOptions { Path = Path.Combine(folder, "bench.db") }));
            using var signal = new OutboxSignal();
            var outbox = new OutboxStore(db, signal);
            var now = DateTimeOffset.UtcNow;
            var fanOut = QueueBenchmark.FanOut(people, now);
            var message = Message.Text("Thank you!");
            // Warm the JIT on a small fan-out and its cancel first.
            outbox.EnqueueMany(fanOut.Take(2_000).Select(d => d with { Id = "warm-up:" + d.Id, Campaign = "warm-up" }));
            outbox.Cancel(["warm-up"], "warm-up");
            var roster = new RosterImport(new DirectoryStore(db), TimeProvider.System);
            roster.Import(new StringReader(Roster(0, RosterLines / 2, "Lincoln Elementary")), skipInvalid: false);

            using var probe = new SmallWrites(outbox, message, now);
            var queueingFrom = Stopwatch.GetTimestamp();
            outbox.EnqueueMany(fanOut);
            var cancellingFrom = Stopwatch.GetTimestamp();
            var cancelled = outbox.Cancel(["update:w12"], "Cancelled by the central team");
            var cancelledAt = Stopwatch.GetTimestamp();
            var imported = roster.Import(new StringReader(Roster(0, RosterLines, "Washington Middle")), skipInvalid: false);
            var importedAt = Stopwatch.GetTimestamp();
            // A write counts for the phase it started in: one that waited for a whole single transaction ends after it.
            var writes = probe.Stop();
            var whileQueueing = writes.Where(w => w.StartedAt >= queueingFrom && w.StartedAt < cancellingFrom).Select(w => w.Ms).ToList();
            var whileCancelling = writes.Where(w => w.StartedAt >= cancellingFrom && w.StartedAt < cancelledAt).Select(w => w.Ms).ToList();
            var whileImporting = writes.Where(w => w.StartedAt >= cancelledAt && w.StartedAt < importedAt).Select(w => w.Ms).ToList();
            var importing = Stopwatch.GetElapsedTime(cancelledAt, importedAt);
            var queued = Stopwatch.GetElapsedTime(queueingFrom, cancellingFrom);
            var cancelling = Stopwatch.GetElapsedTime(cancellingFrom, cancelledAt);
            if (cancelled != people) throw new InvalidOperationException($"Cancelled {cancelled} of {people}.");
            if (imported.Created + imported.Updated != RosterLines) throw new InvalidOperationException($"Imported {imported.Created} + {imported.Updated} of {RosterLines}.");
            return new BenchResult($"Queue, then cancel, an update to {people:N0} people, then import {RosterLines:N0} roster lines, while small writes go on (outbox rows a thousand to a transaction, people five thousand)",
            [
                ("time to queue / to cancel / to import", $"{queued.TotalSeconds:F2} / {cancelling.TotalSeconds:F2} / {importing.TotalSeconds:F2} s"),
                ("a small write while queueing: p50 / p99 / longest", Waits(whileQueueing)),
                ("a small write while cancelling: p50 / p99 / longest", Waits(whileCancelling)),
                ("a small write while importing: p50 / p99 / longest", Waits(whileImporting)),
                ("small writes measured", $"{whileQueueing.Count} / {whileCancelling.Count} / {whileImporting.Count}"),
            ]);
        }
        finally
        {
            if (System.IO.Directory.Exists(folder)) System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    const int RosterLines = 50_000;

    /// <summary>Tutors <paramref name="from"/> to <paramref name="count"/> at one site, as a roster CSV.</summary>
    static string Roster(int from, int count, string site) =>
        "name,email,role,site\n" + string.Join("\n", Enumerable.Range(from, count).Select(i => $"Tutor {i},tutor{i:D6}@example.org,tutor,{site}"));

    static string Waits(List<double> waits)
    {
        waits.Sort();
        return waits.Count == 0 ? "none" : $"{waits[waits.Count / 2]:F1} / {waits[(int)(waits.Count * 0.99)]:F0} / {waits[^1]:F0} ms";
    }

    /// <summary>
    /// One reply row written at each 5 ms tick of a timer, each write timed (its own commit included). A tick that comes
    /// while a write still waits is skipped, so a long wait shows as one slow write, as a request would see it.
    /// </summary>
    sealed class SmallWrites : IDisposable
    {
        readonly List<(long StartedAt, double Ms)> writes = [];
        readonly PeriodicTimer ticks = new(TimeSpan.FromMilliseconds(5));
        readonly Task writing;

        public SmallWrites(OutboxStore outbox, Message message, DateTimeOffset now) => writing = Task.Run(async () =>
        {
            for (var i = 0; await ticks.WaitForNextTickAsync(); i++)
            {
                var startedAt = Stopwatch.GetTimestamp();
                outbox.TryEnqueue(Delivery.Send($"reply:{i}", "reply", null,
                    new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:someone", ServiceUrl = "http://127.0.0.1/" }, message, now));
                writes.Add((startedAt, Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds));
            }
        });

        /// <summary>Stops after the write under way and answers every write's start and how long it took.</summary>
        public List<(long StartedAt, double Ms)> Stop()
        {
            Dispose();
            writing.GetAwaiter().GetResult();
            return writes;
        }

        /// <summary>Ends the ticks: the loop stops after the write under way.</summary>
        public void Dispose() => ticks.Dispose();
    }
}
