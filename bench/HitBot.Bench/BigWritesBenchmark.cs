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

            using var probe = new SmallWrites(outbox, message, now);
            var watch = Stopwatch.StartNew();
            outbox.EnqueueMany(fanOut);
            var queued = watch.Elapsed;
            var whileQueueing = probe.TakeWaits();
            watch.Restart();
            var cancelled = outbox.Cancel(["update:w12"], "Cancelled by the central team");
            var cancelling = watch.Elapsed;
            var whileCancelling = probe.TakeWaits();
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
    sealed class SmallWrites : IDisposable
    {
        readonly List<double> waits = [];
        readonly Thread thread;
        volatile bool stopping;

        public SmallWrites(OutboxStore outbox, Message message, DateTimeOffset now)
        {
            thread = new Thread(() =>
            {
                for (var i = 0; !stopping; i++)
                {
                    var watch = Stopwatch.StartNew();
                    outbox.TryEnqueue(Delivery.Send($"reply:{i}", "reply", null,
                        new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:someone", ServiceUrl = "http://127.0.0.1/" }, message, now));
                    lock (waits) waits.Add(watch.Elapsed.TotalMilliseconds);
                    Thread.Sleep(5);
                }
            }) { IsBackground = true };
            thread.Start();
        }

        public List<double> TakeWaits()
        {
            lock (waits)
            {
                var taken = waits.ToList();
                waits.Clear();
                return taken;
            }
        }

        public void Dispose()
        {
            stopping = true;
            thread.Join();
        }
    }
}
