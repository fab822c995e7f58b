using System.Diagnostics;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Tests.Infrastructure;

namespace HitBot.Bench;

/// <summary>
/// Queue a 10,000-person update and let the real dispatcher send it through the real Teams channel to a local
/// Bot Connector stand-in. Pacing is lifted so the figure is HitBot's own overhead, not Teams' limits. The stand-in
/// runs in a process of its own, so "allocated" counts HitBot's work alone.
/// </summary>
static class DispatchBenchmark
{
    public static async Task<BenchResult> RunAsync(int people)
    {
        await using var connector = await ConnectorProcess.StartAsync();
        using var host = new BenchHost(new()
        {
            ["HitBot:Teams:TenantSendsPerSecond"] = "100000",
            ["HitBot:Dispatcher:Concurrency"] = "64",
        });
        var outbox = host.Get<OutboxStore>();
        var progress = host.Get<DispatcherProgress>();
        var deliveries = Fanout(host, connector, people);
        var fileBefore = BenchFile.Size(host);
        using var sampler = AllocationSampler.StartIfAsked();
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        // A mark for a profiler started from outside: what follows is the part measured.
        Console.Error.WriteLine("bench: queueing and dispatching now");
        sampler?.Record();
        using var self = Process.GetCurrentProcess();
        var watch = Stopwatch.StartNew();
        outbox.EnqueueMany(deliveries);
        var queued = watch.Elapsed;
        var allocatedQueueing = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        self.Refresh();
        var (ownCpu, standInCpu) = (self.TotalProcessorTime, await connector.ProcessorTimeAsync());
        await progress.WaitForAsync(() => progress.Finished >= people, TimeSpan.FromMinutes(5), CancellationToken.None);
        var sent = watch.Elapsed;
        self.Refresh();
        (ownCpu, standInCpu) = (self.TotalProcessorTime - ownCpu, await connector.ProcessorTimeAsync() - standInCpu);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        sampler?.Print();

        var counts = outbox.CountByState();
        var received = await connector.ActivityCountAsync();
        if (counts[DeliveryState.Sent] != people || received != people)
            throw new InvalidOperationException($"{counts[DeliveryState.Sent]} of {people} recorded as sent, {received} received.");
        var growth = BenchFile.Size(host) - fileBefore;
        var floor = LiteDbFloor.Measure();
        return new BenchResult($"Queue and dispatch {people:N0} Teams deliveries (no rate limit, local Connector stand-in)",
        [
            ("time to queue", $"{queued.TotalMilliseconds:F0} ms"),
            ("time until all sent", $"{sent.TotalSeconds:F2} s"),
            ("deliveries per second, queueing included", $"{people / sent.TotalSeconds:F0}"),
            ("deliveries per second once queued (the dispatcher alone)", $"{people / (sent - queued).TotalSeconds:F0}"),
            ("CPU per delivery once queued: HitBot / the stand-in", $"{ownCpu.TotalMilliseconds * 1000 / people:F0} / {standInCpu.TotalMilliseconds * 1000 / people:F0} µs"),
            ("allocated during the run (HitBot alone: the stand-in runs in its own process)", $"{allocated / 1048576.0:F0} MB"),
            ("allocated per delivery", $"{allocated / 1024.0 / people:F1} KB"),
            ("of which while queueing / while sending and recording", $"{allocatedQueueing / 1024.0 / people:F1} / {(allocated - allocatedQueueing) / 1024.0 / people:F1} KB"),
            ("LiteDB alone: a key-only row inserted / then updated, 16 to a transaction (the floor of a row written twice)", $"{floor.InsertKb:F1} / {floor.UpdateKb:F1} KB"),
            ("file growth per delivery (queued and sent, after a checkpoint)", $"{growth / (double)people:F0} bytes"),
            ("file for 1,000,000 such deliveries, at that rate", $"{growth / (double)people * 1_000_000 / 1048576.0:F0} MB"),
            ("peak working set of the process", $"{self.PeakWorkingSet64 / 1048576.0:F0} MB"),
        ]);
    }

    static List<Delivery> Fanout(BenchHost host, ConnectorProcess connector, int people)
    {
        var csv = "name,email,role\n" + string.Join("\n", Enumerable.Range(0, people).Select(i => $"Tutor {i},tutor{i}@example.org,tutor"));
        host.Get<RosterImport>().Import(new StringReader(csv), skipInvalid: false);
        var directory = host.Get<PeopleDirectory>();
        var message = Message.Text("**Week 12 update**\nThank you for everything you do for our students. Sessions resume Monday.");
        var now = DateTimeOffset.UtcNow;
        return Enumerable.Range(0, people).Select(i =>
        {
            var userId = $"29:tutor-{i}";
            var address = new ChannelAddress
            {
                Channel = ChannelKind.Teams, UserId = userId, ConversationId = FakeBotConnector.ConversationFor(userId),
                ServiceUrl = connector.ServiceUrl, TenantId = "tenant-1", BotId = "28:hitbot",
            };
            var person = directory.Link(address, $"tutor{i}@example.org") ?? throw new InvalidOperationException("Roster import failed.");
            return Delivery.Send($"update:w12:{person.Id}", "update:w12", person.Id, address, message, now);
        }).ToList();
    }
}
