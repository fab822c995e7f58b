using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Messaging;

public sealed class InboxStoreTests : IDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-03-02T14:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    InboxStore Store(HitBotDb db)
    {
        var inbound = new InboundStore(db, time);
        return new InboxStore(db, inbound, new InboundCommits(db, inbound, Outbox(db), time, NullLogger<InboundCommits>.Instance));
    }

    static OutboxStore Outbox(HitBotDb db) => new(db, new OutboxSignal());

    Delivery Reply(string key) => Delivery.Send(key, "reply", "maya",
        new ChannelAddress { Channel = ChannelKind.Slack, TeamId = "T1", UserId = "U1MAYA", ConversationId = "DU1MAYA" },
        Message.Text("Thanks!"), time.GetUtcNow());

    [Fact]
    public async Task Waiting_work_comes_back_after_a_restart_oldest_first_exactly_as_written()
    {
        var store = Store(temp.Db);
        await store.TryAddAsync("slack.action", """{"n":"1"}""");
        time.Advance(TimeSpan.FromSeconds(1));
        await store.TryAddAsync("slack.message", """{"text":"  help  "}""", ("slack", "Ev1"));

        var reopened = Store(temp.Reopen());
        var items = reopened.Oldest(10);

        Assert.Equal(["slack.action", "slack.message"], items.Select(i => i.Kind));
        Assert.Equal("""{"text":"  help  "}""", items[1].Payload);
        Assert.Equal(time.GetUtcNow().UtcDateTime, items[1].ReceivedAt);
        Assert.Equal(2, reopened.Count());
    }

    [Fact]
    public async Task A_repeated_event_id_adds_no_second_row_and_a_removed_row_is_gone()
    {
        var store = Store(temp.Db);

        var first = await store.TryAddAsync("slack.message", "{}", ("slack", "Ev2"));
        var repeat = await store.TryAddAsync("slack.message", "{}", ("slack", "Ev2"));
        var item = Assert.Single(store.Oldest(10));
        store.Remove(item.Id);

        Assert.Equal((true, false), (first, repeat));
        Assert.Empty(store.Oldest(10));
        Assert.False(new InboundStore(temp.Db, time).TryRecord("slack", "Ev2"));
    }

    [Fact]
    public async Task Requests_stored_at_the_same_moment_are_all_on_disk_and_a_repeat_among_them_is_stored_once()
    {
        var store = Store(temp.Db);
        var ids = Enumerable.Range(0, 40).Select(i => $"Ev{i % 30}").ToList();

        var added = await Task.WhenAll(ids.Select(id =>
            Task.Run(() => store.TryAddAsync("slack.message", $$"""{"id":"{{id}}"}""", ("slack", id)), TestContext.Current.CancellationToken)));

        var reopened = Store(temp.Reopen());
        Assert.Equal(30, added.Count(a => a));
        Assert.Equal(30, reopened.Count());
        Assert.Equal(30, reopened.Oldest(100).Select(i => i.Payload).Distinct().Count());
    }

    [Fact]
    public async Task Forty_clicks_arriving_while_the_disk_is_busy_are_written_with_two_flushes_not_forty()
    {
        var store = Store(temp.Db);
        var before = temp.Db.LogFlushes;

        // The write lock held elsewhere (a commit in progress): the clicks queue up behind it.
        var added = temp.Db.InTransaction(() => Enumerable.Range(0, 40).Select(i => store.TryAddAsync("slack.action", $$"""{"n":{{i}}}""")).ToList());
        await Task.WhenAll(added);

        Assert.Equal(40, store.Count());
        Assert.InRange(temp.Db.LogFlushes - before, 1, 2);
    }

    [Fact]
    public async Task A_finished_item_is_gone_and_its_replies_are_queued_after_a_restart()
    {
        var store = Store(temp.Db);
        await store.TryAddAsync("slack.action", "{}");
        await store.TryAddAsync("slack.action", "{}");
        var items = store.Oldest(10);

        await Task.WhenAll(
            store.FinishAsync(items[0].Id, [Reply("slack:action:1:update")]),
            store.FinishAsync(items[1].Id, [Reply("slack:action:2:update"), Reply("slack:action:2:notice")]));

        var reopened = temp.Reopen();
        Assert.Equal(0, Store(reopened).Count());
        Assert.All(["slack:action:1:update", "slack:action:2:update", "slack:action:2:notice"],
            key => Assert.Equal(DeliveryState.Queued, Outbox(reopened).Find(key)?.State));
    }

    [Fact]
    public async Task An_item_done_again_after_a_crash_does_not_queue_its_reply_twice()
    {
        var store = Store(temp.Db);
        await store.TryAddAsync("slack.action", "{}");
        var item = Assert.Single(store.Oldest(10));
        await store.FinishAsync(item.Id, [Reply("slack:action:1:update")]);
        var outbox = Outbox(temp.Db);
        outbox.MarkSent(Assert.Single(outbox.ClaimDue(time.GetUtcNow(), 10)), new SentMessage("DU1MAYA", "1700000000.000001"), time.GetUtcNow());

        await store.FinishAsync(item.Id, [Reply("slack:action:1:update")]);

        Assert.Equal(DeliveryState.Sent, outbox.Find("slack:action:1:update")?.State);
        Assert.Empty(outbox.ClaimDue(time.GetUtcNow(), 10));
    }

    public void Dispose() => temp.Dispose();
}
