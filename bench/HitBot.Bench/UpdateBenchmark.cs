using System.Diagnostics;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using HitBot.Core.Updates;
using HitBot.Tests.Infrastructure;

namespace HitBot.Bench;

/// <summary>
/// A weekly update to 10,000 tutors, half in Teams and half in Slack: planning (audience, card, one delivery per
/// person queued) and dispatching through the real channels to the local stand-ins, with pacing lifted.
/// </summary>
static class UpdateBenchmark
{
    public static async Task<BenchResult> RunAsync(int people)
    {
        await using var connector = await FakeBotConnector.StartAsync(recordCalls: false);
        await using var slack = await FakeSlackApi.StartAsync();
        using var host = new BenchHost(new()
        {
            ["HitBot:Teams:TenantSendsPerSecond"] = "100000",
            ["HitBot:Slack:SigningSecret"] = SlackRequests.Secret,
            ["HitBot:Slack:BotToken"] = "xoxb-bench-token",
            ["HitBot:Slack:ApiBaseUrl"] = slack.ApiBaseUrl,
            ["HitBot:Slack:SendsPerSecond"] = "100000",
            ["HitBot:Dispatcher:Concurrency"] = "64",
        });
        var csv = "name,email,role\n" + string.Join("\n", Enumerable.Range(0, people).Select(i => $"Tutor {i},tutor{i}@example.org,tutor"));
        host.Get<RosterImport>().Import(new StringReader(csv), skipInvalid: false);
        var directory = host.Get<PeopleDirectory>();
        host.Get<DirectoryStore>().Locked(() => host.Get<HitBotDb>().InTransaction(() =>
        {
            for (var i = 0; i < people; i++)
                directory.Link(i % 2 == 0
                    ? new ChannelAddress { Channel = ChannelKind.Teams, UserId = $"29:tutor-{i}", ConversationId = FakeBotConnector.ConversationFor($"29:tutor-{i}"), ServiceUrl = connector.ServiceUrl, TenantId = "tenant-1" }
                    : new ChannelAddress { Channel = ChannelKind.Slack, TeamId = FakeSlackApi.TeamId, UserId = $"U{i:D6}", ConversationId = $"DU{i:D6}" },
                    $"tutor{i}@example.org");
            return 0;
        }));
        var update = new UpdateDraft("Week 12: sessions resume Monday", "Thank you for a great term!\n\n- **Monday:** sessions resume", null,
            [new UpdateLink("Session schedule", "https://example.org/schedule")], new Audience { Roles = [Roles.Tutor] })
            .ToUpdate("bench", DateTimeOffset.UtcNow);
        host.Get<UpdateStore>().Save(update);
        var progress = host.Get<DispatcherProgress>();
        var fileBefore = BenchFile.Size(host);
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        var watch = Stopwatch.StartNew();
        var report = host.Get<UpdateSender>().Send(update.Id) ?? throw new InvalidOperationException("The update was not found.");
        var queued = watch.Elapsed;
        await progress.WaitForAsync(() => progress.Finished >= people, TimeSpan.FromMinutes(5), CancellationToken.None);
        var sent = watch.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        var counts = host.Get<OutboxStore>().CountByState();
        if (counts[DeliveryState.Sent] != people || report.Matched != people)
            throw new InvalidOperationException($"{counts[DeliveryState.Sent]} of {people} sent ({report.Matched} matched).");
        using var process = Process.GetCurrentProcess();
        return new BenchResult($"A {people:N0}-person update, half Teams and half Slack (no rate limit, local stand-ins)",
        [
            ("time to plan and queue (audience, card, deliveries)", $"{queued.TotalMilliseconds:F0} ms"),
            ("time until all sent", $"{sent.TotalSeconds:F2} s"),
            ("deliveries per second", $"{people / sent.TotalSeconds:F0}"),
            ("allocated during the run", $"{allocated / 1048576.0:F0} MB (bot and stand-ins together)"),
            ("allocated per delivery", $"{allocated / 1024.0 / people:F1} KB (bot and stand-ins together)"),
            ("file growth per delivery (queued and sent, after a checkpoint)", $"{(BenchFile.Size(host) - fileBefore) / (double)people:F0} bytes"),
            ("peak working set of the process", $"{process.PeakWorkingSet64 / 1048576.0:F0} MB"),
        ]);
    }
}
