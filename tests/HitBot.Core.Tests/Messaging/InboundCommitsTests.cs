using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Messaging;

public sealed class InboundCommitsTests : IDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-03-02T14:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    InboundCommits Commits() => new(temp.Db, new InboundStore(temp.Db, time), new OutboxStore(temp.Db, new OutboxSignal()), time,
        NullLogger<InboundCommits>.Instance);

    Delivery Reply(string activityId, string text = "Here is what I can do") => Delivery.Send($"reply:teams:{activityId}", "reply", "maya",
        new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:maya", ConversationId = "a:maya", ServiceUrl = "http://127.0.0.1/amer/" },
        Message.Text(text), time.GetUtcNow());

    [Fact]
    public async Task Requests_answered_together_are_each_on_disk_after_a_restart()
    {
        var commits = Commits();
        var ids = Enumerable.Range(0, 40).Select(i => $"act-{i}").ToList();

        await Task.WhenAll(ids.Select(id => Task.Run(() => commits.CommitAsync(("teams", id), [Reply(id)]), TestContext.Current.CancellationToken)));

        var db = temp.Reopen();
        var inbound = new InboundStore(db, time);
        var outbox = new OutboxStore(db, new OutboxSignal());
        Assert.All(ids, id => Assert.True(inbound.Seen("teams", id), $"{id} is remembered"));
        Assert.All(ids, id => Assert.Equal(DeliveryState.Queued, outbox.Find(Reply(id).Id)?.State));
    }

    [Fact]
    public async Task A_request_whose_reply_cannot_be_stored_fails_alone_and_its_retry_is_taken()
    {
        var commits = Commits();
        // Larger than LiteDB's biggest document: the commit that holds it fails.
        var tooLarge = Reply("act-big", new string('x', 17 * 1024 * 1024));

        var good = Enumerable.Range(0, 5).Select(i => commits.CommitAsync(("teams", $"act-{i}"), [Reply($"act-{i}")])).ToList();
        var bad = commits.CommitAsync(("teams", "act-big"), [tooLarge]);
        await Task.WhenAll(good);
        await Assert.ThrowsAnyAsync<Exception>(() => bad);

        var inbound = new InboundStore(temp.Db, time);
        Assert.False(inbound.Seen("teams", "act-big"), "the failed request's id is not recorded, so Teams' retry is handled");
        Assert.Null(new OutboxStore(temp.Db, new OutboxSignal()).Find(tooLarge.Id));
        Assert.All(Enumerable.Range(0, 5), i => Assert.True(inbound.Seen("teams", $"act-{i}")));
    }

    [Fact]
    public async Task A_repeat_that_arrives_while_the_first_is_in_flight_waits_for_it_and_is_not_handled_again()
    {
        var commits = Commits();
        var ct = TestContext.Current.CancellationToken;
        Assert.True(await commits.TryClaimAsync("teams", "act-1", ct));

        var repeat = commits.TryClaimAsync("teams", "act-1", ct);
        Assert.False(repeat.IsCompleted, "the repeat waits while the first is handled");
        await commits.CommitAsync(("teams", "act-1"), [Reply("act-1")]);
        commits.Release("teams", "act-1");

        Assert.False(await repeat);
    }

    [Fact]
    public async Task A_repeat_of_a_request_that_failed_is_handled_in_its_place()
    {
        var commits = Commits();
        var ct = TestContext.Current.CancellationToken;
        Assert.True(await commits.TryClaimAsync("teams", "act-1", ct));

        var repeat = commits.TryClaimAsync("teams", "act-1", ct);
        commits.Release("teams", "act-1");

        Assert.True(await repeat);
    }

    [Fact]
    public async Task A_reply_already_queued_is_not_queued_twice()
    {
        var commits = Commits();
        await commits.CommitAsync(inboundId: null, [Reply("invoke-1")]);
        var outbox = new OutboxStore(temp.Db, new OutboxSignal());
        outbox.MarkSent(Assert.Single(outbox.ClaimDue(time.GetUtcNow(), 10)), new SentMessage("a:maya", "m1"), time.GetUtcNow());

        await commits.CommitAsync(inboundId: null, [Reply("invoke-1")]);

        Assert.Equal(DeliveryState.Sent, outbox.Find(Reply("invoke-1").Id)?.State);
        Assert.Empty(outbox.ClaimDue(time.GetUtcNow(), 10));
    }

    public void Dispose() => temp.Dispose();
}
