using System.Diagnostics;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace HitBot.Bench;

/// <summary>
/// Queue an update to 100,000 people, then cancel it, while another thread keeps writing one small row at a time, as
/// Teams' and Slack's requests do: how long such a write waits behind the big ones (they go a chunk at a time).
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
            var message = Message.Text("**Week 12 update**\nThank you for everything you do for our students.");
            var fanOut = Enumerable.Range(0, people).Select(i => Delivery.Send($"update:w12:person-{i:D6}", "update:w12", $"person-{i:D6}",
                new ChannelAddress { Channel = ChannelKind.Teams, UserId = $"29:user-{i}", ConversationId = $"a:chat-{i}", ServiceUrl = "http://127.0.0.1/", TenantId = "t" },
                message, now)).ToList();
            // Warm the JIT on a small fan-out and its cancel first.
            outbox.EnqueueMany(fanOut.Take(2_000).Select(d => d with { Id = "warm-up:" + d.Id, Campaign = "warm-up" }));
            outbox.Cancel(["warm-up"], "warm-up");

            var probe = new SmallWrites(outbox, message, now);
            var queueingFrom = Stopwatch.GetTimestamp();
            outbox.EnqueueMany(fanOut);
            var cancellingFrom = Stopwatch.GetTimestamp();
            var cancelled = outbox.Cancel(["update:w12"], "Cancelled by the central team");
            var cancelledAt = Stopwatch.GetTimestamp();
            // A write counts for the phase it started in: one that waited for a whole single transaction ends after it.
            var writes = probe.Stop();
            var whileQueueing = writes.Where(w => w.StartedAt >= queueingFrom && w.StartedAt < cancellingFrom).Select(w => w.Ms).ToList();
            var whileCancelling = writes.Where(w => w.StartedAt >= cancellingFrom && w.StartedAt < cancelledAt).Select(w => w.Ms).ToList();
            var queued = Stopwatch.GetElapsedTime(queueingFrom, cancellingFrom);
            var cancelling = Stopwatch.GetElapsedTime(cancellingFrom, cancelledAt);
            if (cancelled != people) throw new InvalidOperationException($"Cancelled {cancelled} of {people}.");
            return new BenchResult($"Queue, then cancel, an update to {people:N0} people while small writes go on (a thousand rows to a transaction)",
            [
                ("time to queue / to cancel", $"{queued.TotalSeconds:F2} / {cancelling.TotalSeconds:F2} s"),
                ("a small write while queueing: p50 / p99 / longest", Waits(whileQueueing)),
                ("a small write while cancelling: p50 / p99 / longest", Waits(whileCancelling)),
                ("small writes measured", $"{whileQueueing.Count} / {whileCancelling.Count}"),
            ]);
        }
        finally
        {
            if (System.IO.Directory.Exists(folder)) System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    static string Waits(List<double> waits)
    {
        waits.Sort();
        return waits.Count == 0 ? "none" : $"{waits[waits.Count / 2]:F1} / {waits[(int)(waits.Count * 0.99)]:F0} / {waits[^1]:F0} ms";
    }

    /// <summary>One reply row written every 5 ms on a thread of its own, each write timed (its own commit included).</summary>
    sealed class SmallWrites
    {
        readonly List<(long StartedAt, double Ms)> writes = [];
        readonly Thread thread;
        volatile bool stopping;

        public SmallWrites(OutboxStore outbox, Message message, DateTimeOffset now)
        {
            thread = new Thread(() =>
            {
                for (var i = 0; !stopping; i++)
                {
                    var startedAt = Stopwatch.GetTimestamp();
                    outbox.TryEnqueue(Delivery.Send($"reply:{i}", "reply", null,
                        new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:someone", ServiceUrl = "http://127.0.0.1/" }, message, now));
                    writes.Add((startedAt, Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds));
                    Thread.Sleep(5);
                }
            }) { IsBackground = true };
            thread.Start();
        }

        /// <summary>Stops after the write under way and answers every write's start and how long it took.</summary>
        public List<(long StartedAt, double Ms)> Stop()
        {
            stopping = true;
            thread.Join();
            return writes;
        }
    }
}
