using System.Diagnostics;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace HitBot.Bench;

/// <summary>Time to queue a 10,000-person fan-out into the outbox (a thousand rows to a transaction, idempotency keys checked).</summary>
static class QueueBenchmark
{
    public static BenchResult Run(int people, int rounds)
    {
        var timings = new List<double>();
        long allocated = 0;
        for (var round = 0; round < rounds + 1; round++)
        {
            var folder = Path.Combine(Path.GetTempPath(), "hitbot-bench", Guid.NewGuid().ToString("N"));
            using (var db = new HitBotDb(Options.Create(new StorageOptions { Path = Path.Combine(folder, "bench.db") })))
            using (var signal = new OutboxSignal())
            {
                var outbox = new OutboxStore(db, signal);
                var deliveries = FanOut(people, DateTimeOffset.UtcNow);

                var before = GC.GetTotalAllocatedBytes(precise: true);
                var watch = Stopwatch.StartNew();
                var added = outbox.EnqueueMany(deliveries);
                watch.Stop();
                if (added != people) throw new InvalidOperationException($"Queued {added} of {people}.");
                // The first round warms the JIT and the file system; it is not counted.
                if (round > 0)
                {
                    timings.Add(watch.Elapsed.TotalMilliseconds);
                    allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
                }
            }
            System.IO.Directory.Delete(folder, recursive: true);
        }
        timings.Sort();
        return new BenchResult($"Queue {people:N0} deliveries (a thousand rows to a transaction)",
        [
            ("median", $"{timings[timings.Count / 2]:F0} ms"),
            ("min / max", $"{timings[0]:F0} / {timings[^1]:F0} ms"),
            ("allocated per run", $"{allocated / 1024.0 / 1024.0:F1} MB"),
            ("rounds", rounds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]);
    }

    /// <summary>A week-12 update to <paramref name="people"/> Teams users, as the outbox gets it from the update sender.</summary>
    public static List<Delivery> FanOut(int people, DateTimeOffset now)
    {
        var message = Message.Text("**Week 12 update**\nThank you for everything you do for our students.");
        return [.. Enumerable.Range(0, people).Select(i => Delivery.Send($"update:w12:person-{i:D6}", "update:w12", $"person-{i:D6}",
            new ChannelAddress { Channel = ChannelKind.Teams, UserId = $"29:user-{i}", ConversationId = $"a:chat-{i}", ServiceUrl = "http://127.0.0.1/", TenantId = "t" },
            message, now))];
    }
}
