using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Updates;
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

    [Fact]
    public async Task A_correction_cut_off_before_its_edits_were_queued_is_finished_after_the_restart_and_each_chat_is_edited_once()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        var folder = Path.Combine(Path.GetTempPath(), "hitbot-tests", Guid.NewGuid().ToString("N"));
        try
        {
            using (var first = new HitBotApp(folder: folder))
            {
                first.CreateClient();
                var progress = first.Get<UpdateSchedulerProgress>();
                // The scheduler has had its first look: it looks again only when the clock moves, which it does not here. A
                // first look coming late on a busy machine would find the correction marked under way and finish it in this run.
                await progress.WaitForAsync(() => progress.Looks > 0, TimeSpan.FromSeconds(60), Ct);
                LinkTutors(first, connector, 2);
                var updates = first.Get<UpdateStore>();
                updates.Save(new Update
                {
                    Id = "fix", Title = "Week 12", Body = "Sessions resume Monday.", Audience = new Audience { Roles = [Roles.Tutor] },
                    CreatedAt = first.Time.GetUtcNow().UtcDateTime,
                });
                first.Get<UpdateSender>().Send("fix");
                await first.Get<DispatcherProgress>().WaitForAsync(
                    () => first.Get<OutboxStore>().ForCampaign("update:fix").All(d => d.State == DeliveryState.Sent), TimeSpan.FromSeconds(60), Ct);
                // What a crash right after the correction was saved leaves: the new text, marked under way, no edit queued.
                updates.Save(updates.Find("fix")! with
                {
                    Body = "Sessions resume Tuesday.", Revision = 1, EditedAt = first.Time.GetUtcNow().UtcDateTime,
                    CorrectingSince = first.Time.GetUtcNow().UtcDateTime,
                });
            }

            using var second = new HitBotApp(folder: folder);
            second.CreateClient();
            var outbox = second.Get<OutboxStore>();
            await second.Get<DispatcherProgress>().WaitForAsync(
                () => outbox.ForCampaign(Update.CorrectionCampaign("fix", 1)) is { Count: 2 } edits && edits.All(d => d.State == DeliveryState.Sent),
                TimeSpan.FromSeconds(60), Ct);

            var puts = connector.ConnectorCalls.Where(c => c.Method == "PUT").ToList();
            Assert.Equal(2, puts.Count);
            Assert.All(puts, put => Assert.Contains("resume Tuesday", put.Body?.ToJsonString(), StringComparison.Ordinal));
            Assert.Null(second.Get<UpdateStore>().Find("fix")?.CorrectingSince);
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    static List<ConnectorCall> Posts(FakeBotConnector connector) =>
        connector.ConnectorCalls.Where(c => c.Method == "POST" && c.Path.EndsWith("/activities", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task A_send_now_cut_off_partway_is_finished_after_the_restart_and_each_tutor_gets_the_update_once()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        var folder = Path.Combine(Path.GetTempPath(), "hitbot-tests", Guid.NewGuid().ToString("N"));
        try
        {
            using (var first = new HitBotApp(folder: folder))
            {
                first.CreateClient();
                var progress = first.Get<UpdateSchedulerProgress>();
                // The scheduler has had its first look: it looks again only when the clock moves, which it does not here.
                await progress.WaitForAsync(() => progress.Looks > 0, TimeSpan.FromSeconds(60), Ct);
                var tutors = LinkTutors(first, connector, 3);
                var now = first.Time.GetUtcNow();
                // What a crash after the first chunk leaves: the first tutor's row queued, the update still a draft,
                // marked as being sent, the other two not queued.
                var update = new Update
                {
                    Id = "cut", Title = "Week 12", Body = "Sessions resume Monday.", Audience = new Audience { Roles = [Roles.Tutor] },
                    CreatedAt = now.UtcDateTime, SendingSince = now.UtcDateTime,
                };
                first.Get<UpdateStore>().Save(update);
                first.Get<OutboxStore>().EnqueueMany([Delivery.Send($"update:cut:{tutors[0].Person}", update.Campaign, tutors[0].Person,
                    tutors[0].Address, UpdateCards.Card(update), now)]);
                await first.Get<DispatcherProgress>().WaitForAsync(() => Posts(connector).Count == 1, TimeSpan.FromSeconds(60), Ct);
            }

            using var second = new HitBotApp(folder: folder);
            second.CreateClient();
            var outbox = second.Get<OutboxStore>();
            await second.Get<DispatcherProgress>().WaitForAsync(
                () => outbox.ForCampaign("update:cut") is { Count: 3 } rows && rows.All(d => d.State == DeliveryState.Sent), TimeSpan.FromSeconds(60), Ct);

            // The scheduler marks the update sent after it queued the rest, in a commit of its own: the dispatcher may have
            // sent them all before that (a CI run read the update still "being sent" here), so its look is waited for too.
            var scheduler = second.Get<UpdateSchedulerProgress>();
            await scheduler.WaitForAsync(() => second.Get<UpdateStore>().Find("cut") is { Status: UpdateStatus.Sent }, TimeSpan.FromSeconds(60), Ct);

            var perConversation = Posts(connector).GroupBy(c => c.Path).ToList();
            Assert.Equal(3, perConversation.Count);
            Assert.All(perConversation, g => Assert.Single(g));
            var sent = second.Get<UpdateStore>().Find("cut");
            Assert.Equal((UpdateStatus.Sent, (DateTime?)null), (sent?.Status, sent?.SendingSince));
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    static void QueueFanOut(HitBotApp app, FakeBotConnector connector)
    {
        var now = app.Time.GetUtcNow();
        var deliveries = LinkTutors(app, connector, People).Select(t =>
            Delivery.Send($"update:restart:{t.Person}", "update:restart", t.Person, t.Address, Message.Text("Week 12: thank you, tutors!"), now));

        Assert.Equal(People, app.Get<OutboxStore>().EnqueueMany(deliveries));
    }

    /// <summary>Tutors imported from a roster and linked to a Teams chat at the stand-in Connector.</summary>
    static List<(string Person, ChannelAddress Address)> LinkTutors(HitBotApp app, FakeBotConnector connector, int count)
    {
        var csv = "name,email,role\n" + string.Join("\n", Enumerable.Range(0, count).Select(i => $"Tutor {i},tutor{i}@example.org,tutor"));
        app.Get<RosterImport>().Import(new StringReader(csv), skipInvalid: false);
        var directory = app.Get<PeopleDirectory>();
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var userId = $"29:tutor-{i}";
            var address = new ChannelAddress
            {
                Channel = ChannelKind.Teams, UserId = userId, ConversationId = FakeBotConnector.ConversationFor(userId),
                ServiceUrl = connector.ServiceUrl, TenantId = TeamsActivities.TenantId, BotId = TeamsActivities.BotId,
            };
            var person = directory.Link(address, $"tutor{i}@example.org") ?? throw new InvalidOperationException("Roster import failed.");
            return (person.Id, address);
        })];
    }
}
