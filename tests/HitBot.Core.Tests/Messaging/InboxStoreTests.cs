using HitBot.Core.Messaging;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Messaging;

public sealed class InboxStoreTests : IDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-03-02T14:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Waiting_work_comes_back_after_a_restart_oldest_first_exactly_as_written()
    {
        var store = new InboxStore(temp.Db, time);
        store.TryAdd("slack.action", """{"n":"1"}""");
        time.Advance(TimeSpan.FromSeconds(1));
        store.TryAdd("slack.message", """{"text":"  help  "}""", ("slack", "Ev1"));

        var reopened = new InboxStore(temp.Reopen(), time);
        var items = reopened.Oldest(10);

        Assert.Equal(["slack.action", "slack.message"], items.Select(i => i.Kind));
        Assert.Equal("""{"text":"  help  "}""", items[1].Payload);
        Assert.Equal(time.GetUtcNow().UtcDateTime, items[1].ReceivedAt);
        Assert.Equal(2, reopened.Count());
    }

    [Fact]
    public void A_repeated_event_id_adds_no_second_row_and_a_removed_row_is_gone()
    {
        var store = new InboxStore(temp.Db, time);

        var first = store.TryAdd("slack.message", "{}", ("slack", "Ev2"));
        var repeat = store.TryAdd("slack.message", "{}", ("slack", "Ev2"));
        var item = Assert.Single(store.Oldest(10));
        store.Remove(item.Id);

        Assert.Equal((true, false), (first, repeat));
        Assert.Empty(store.Oldest(10));
        Assert.False(new InboundStore(temp.Db, time).TryRecord("slack", "Ev2"));
    }

    public void Dispose() => temp.Dispose();
}
