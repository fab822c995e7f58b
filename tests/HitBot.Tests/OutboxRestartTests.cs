using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

public sealed class OutboxRestartTests
{
    const int People = 500;
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stopping_the_host_in_the_middle_of_a_fan_out_and_starting_it_again_gives_everyone_exactly_one_message()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        var folder = Path.Combine(Path.GetTempPath(), "hitbot-tests", Guid.NewGuid().ToString("N"));
        // Paced at 100 sends a second, the fan-out takes about five seconds: long enough to stop it part-way.
        var settings = new Dictionary<string, string?> { ["HitBot:Teams:TenantSendsPerSecond"] = "100" };
        try
        {
            int sentBeforeStop;
            using (var first = new HitBotApp(settings, folder))
            {
                first.CreateClient();
                QueueFanOut(first, connector);

                await first.Get<DispatcherProgress>().WaitForAsync(() => Posts(connector).Count >= 100, TimeSpan.FromSeconds(60), Ct);
                sentBeforeStop = Posts(connector).Count;
            }
            var afterStop = Posts(connector).Count;

            using var second = new HitBotApp(settings, folder);
            second.CreateClient();
            var outbox = second.Get<OutboxStore>();
            await second.Get<DispatcherProgress>().WaitForAsync(
                () => outbox.ForCampaign("update:restart").All(d => d.State == DeliveryState.Sent), TimeSpan.FromSeconds(60), Ct);

            Assert.InRange(afterStop, sentBeforeStop, People - 1);
            var perConversation = Posts(connector).GroupBy(c => c.Path).ToList();
            Assert.Equal(People, perConversation.Count);
            Assert.All(perConversation, g => Assert.Single(g));
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    static List<ConnectorCall> Posts(FakeBotConnector connector) =>
        connector.ConnectorCalls.Where(c => c.Method == "POST" && c.Path.EndsWith("/activities", StringComparison.Ordinal)).ToList();

    static void QueueFanOut(HitBotApp app, FakeBotConnector connector)
    {
        var csv = "name,email,role\n" + string.Join("\n", Enumerable.Range(0, People).Select(i => $"Tutor {i},tutor{i}@example.org,tutor"));
        app.Get<RosterImport>().Import(new StringReader(csv), skipInvalid: false);
        var directory = app.Get<PeopleDirectory>();
        var now = app.Time.GetUtcNow();
        var deliveries = Enumerable.Range(0, People).Select(i =>
        {
            var userId = $"29:tutor-{i}";
            var address = new ChannelAddress
            {
                Channel = ChannelKind.Teams, UserId = userId, ConversationId = FakeBotConnector.ConversationFor(userId),
                ServiceUrl = connector.ServiceUrl, TenantId = TeamsActivities.TenantId, BotId = TeamsActivities.BotId,
            };
            var person = directory.Link(address, $"tutor{i}@example.org") ?? throw new InvalidOperationException("Roster import failed.");
            return Delivery.Send($"update:restart:{person.Id}", "update:restart", person.Id, address, Message.Text("Week 12: thank you, tutors!"), now);
        });

        Assert.Equal(People, app.Get<OutboxStore>().EnqueueMany(deliveries));
    }
}
