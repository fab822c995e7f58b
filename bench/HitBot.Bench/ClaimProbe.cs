using System.Diagnostics;
using HitBot.Core.Messaging;
using HitBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace HitBot.Bench;

static class ClaimProbe
{
    public static void Run()
    {
        var folder = Path.Combine(Path.GetTempPath(), "hitbot-bench", Guid.NewGuid().ToString("N"));
        using var db = new HitBotDb(Options.Create(new StorageOptions { Path = Path.Combine(folder, "bench.db") }));
        using var signal = new OutboxSignal();
        var outbox = new OutboxStore(db, signal);
        var now = DateTimeOffset.UtcNow;
        var message = Message.Text("Hi");
        outbox.EnqueueMany(Enumerable.Range(0, 10000).Select(i => Delivery.Send($"k:{i}", "c", $"p{i}", new ChannelAddress { Channel = ChannelKind.Teams, UserId = $"29:{i}" }, message, now)));
        var w = Stopwatch.StartNew();
        var list = new List<Delivery>();
        for (var i = 0; i < 200; i++) list.AddRange(outbox.ClaimDue(now.AddSeconds(1), 1));
        Console.WriteLine($"200 claims of 1: {w.ElapsedMilliseconds} ms");
        w.Restart();
        foreach (var d in list) outbox.MarkSent(d, new SentMessage("a", "m"), now);
        Console.WriteLine($"200 MarkSent: {w.ElapsedMilliseconds} ms");
        w.Restart();
        var big = new List<Delivery>();
        for (var i = 0; i < 20; i++) big.AddRange(outbox.ClaimDue(now.AddSeconds(1), 50));
        Console.WriteLine($"20 claims of 50: {w.ElapsedMilliseconds} ms");
        w.Restart();
        db.InTransaction(() => { foreach (var d in big) outbox.MarkSent(d, new SentMessage("a", "m"), now); return 0; });
        Console.WriteLine($"1000 MarkSent in one transaction: {w.ElapsedMilliseconds} ms");
    }
}
