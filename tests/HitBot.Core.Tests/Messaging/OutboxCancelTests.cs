using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Messaging;

/// <summary>
/// "Cancel sending" on a big update: the rows are cancelled a chunk at a time so Teams and Slack keep being answered, and
/// what the coordinator stopped must stay stopped even if HitBot stops halfway through the cancel.
/// </summary>
public sealed class OutboxCancelTests : IDisposable
{
    const string Big = "update:big";
    const string Other = "update:other";
    const string Reason = "Cancelled by the central team";
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-03-02T14:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    Delivery To(int person, string campaign = Big, string week = "") => Delivery.Send($"{campaign}:{week}tutor-{person:D5}", campaign, $"tutor-{person:D5}",
        new ChannelAddress { Channel = ChannelKind.Teams, UserId = $"29:tutor-{person}" }, Message.Text("Sessions move online"), time.GetUtcNow());

    static int People => 2 * OutboxStore.CancelChunkRows + 500;

    [Fact]
    public void A_cancel_over_many_chunks_stops_every_waiting_row_including_those_being_sent_and_ends_there()
    {
        var outbox = new OutboxStore(temp.Db, new OutboxSignal());
        outbox.EnqueueMany(Enumerable.Range(0, People).Select(i => To(i)));
        outbox.EnqueueMany(Enumerable.Range(0, 5).Select(i => To(i, Other)));
        var inFlight = outbox.ClaimDue(time.GetUtcNow(), 3);

        var stopped = outbox.Cancel([Big], Reason);

        Assert.Equal(People, stopped);
        Assert.All(inFlight, claimed => Assert.True(outbox.DropIfCancelled(claimed), $"{claimed.Id} would still be sent"));
        Assert.All(outbox.ForCampaign(Big), row => Assert.Equal(DeliveryState.Cancelled, row.State));
        Assert.Equal(People, outbox.Tallies([Big])[Big].Count(DeliveryState.Cancelled));
        Assert.All(outbox.ForCampaign(Other), row => Assert.Equal(DeliveryState.Queued, row.State));
        // The cancel is over: next week's issue of the same update goes out as usual.
        outbox.EnqueueMany([To(1, week: "2026-03-09:")]);
        var nextWeek = Assert.Single(outbox.ClaimDue(time.GetUtcNow(), People), d => d.Campaign == Big);
        Assert.False(outbox.DropIfCancelled(nextWeek));
    }

    [Fact]
    public void A_cancel_that_a_crash_cut_off_drops_its_rows_from_the_first_claim_after_the_restart_and_is_finished_there()
    {
        var outbox = new OutboxStore(temp.Db, new OutboxSignal());
        outbox.EnqueueMany(Enumerable.Range(0, People).Select(i => To(i)));
        outbox.EnqueueMany(Enumerable.Range(0, 5).Select(i => To(i, Other)));

        // The cancel is written down, then HitBot stops before any row is cancelled.
        outbox.BeginCancel([Big], Reason);
        temp.Reopen();
        var restarted = new OutboxStore(temp.Db, new OutboxSignal());

        // The dispatcher's first claim after the start: every row of the stopped update is dropped, never sent.
        var claimed = restarted.ClaimDue(time.GetUtcNow(), 64);
        Assert.All(claimed.Where(d => d.Campaign == Big), d => Assert.True(restarted.DropIfCancelled(d), $"{d.Id} would be sent"));
        Assert.All(claimed.Where(d => d.Campaign == Other), d => Assert.False(restarted.DropIfCancelled(d)));
        var finished = restarted.FinishInterruptedCancels();

        Assert.Equal(People - claimed.Count(d => d.Campaign == Big), finished);
        Assert.All(restarted.ForCampaign(Big), row => Assert.Equal(DeliveryState.Cancelled, row.State));
        Assert.Equal(People, restarted.Tallies([Big])[Big].Count(DeliveryState.Cancelled));
        Assert.Equal(0, restarted.FinishInterruptedCancels());
        // Nothing of the cancel is left behind: a later row of the same update is sent.
        restarted.EnqueueMany([To(1, week: "2026-03-09:")]);
        Assert.False(restarted.DropIfCancelled(Assert.Single(restarted.ClaimDue(time.GetUtcNow(), People), d => d.Campaign == Big)));
    }

    [Fact]
    public async Task After_a_crash_mid_cancel_the_dispatcher_sends_nothing_of_it_and_the_next_issue_of_the_update_goes_out()
    {
        var outbox = new OutboxStore(temp.Db, new OutboxSignal());
        outbox.EnqueueMany(Enumerable.Range(0, 300).Select(i => To(i)));
        outbox.EnqueueMany(Enumerable.Range(0, 5).Select(i => To(i, Other)));
        outbox.BeginCancel([Big], Reason);

        var channel = new RecordingChannel();
        await using var restarted = new DispatcherUnderTest(temp.Reopen(), time, new DispatcherOptions { Concurrency = 8 }, channel);
        await restarted.StartAsync();
        await restarted.IdleAsync();

        Assert.Equal(5, channel.Sent.Count);
        var tallies = restarted.Outbox.Tallies([Big, Other]);
        Assert.Equal((0, 300, 5), (tallies[Big].Count(DeliveryState.Sent), tallies[Big].Count(DeliveryState.Cancelled), tallies[Other].Count(DeliveryState.Sent)));
        // The cancel was finished and forgotten: next week's issue of the same update is sent.
        restarted.Outbox.EnqueueMany([To(1, week: "2026-03-09:")]);
        restarted.Signal.Notify();
        await restarted.WaitForAsync(() => channel.Sent.Count == 6);
        // The platform has it before its outcome is written (the sent rows are committed together): idle means written.
        await restarted.IdleAsync();
        Assert.Equal(6, restarted.Outbox.CountByState()[DeliveryState.Sent]);
    }

    [Fact]
    public void A_message_waiting_for_pacing_when_its_cancel_ended_is_not_sent_after_a_crash()
    {
        var outbox = new OutboxStore(temp.Db, new OutboxSignal());
        outbox.EnqueueMany(Enumerable.Range(0, 5).Select(i => To(i)));
        var waitingForPacing = outbox.ClaimDue(time.GetUtcNow(), 2);

        // The cancel finishes while the dispatcher still holds two rows, then HitBot stops before it gets back to them.
        outbox.Cancel([Big], Reason);
        Assert.Equal(5, outbox.Tallies([Big])[Big].Count(DeliveryState.Cancelled));
        var restarted = new OutboxStore(temp.Reopen(), new OutboxSignal());

        Assert.Empty(restarted.ClaimDue(time.GetUtcNow(), 64));
        Assert.All(restarted.ForCampaign(Big), row => Assert.Equal(DeliveryState.Cancelled, row.State));
        Assert.Equal(5, restarted.Tallies([Big])[Big].Count(DeliveryState.Cancelled));
    }

    [Fact]
    public void A_message_waiting_for_pacing_when_its_cancel_ended_is_dropped_and_counted_once()
    {
        var outbox = new OutboxStore(temp.Db, new OutboxSignal());
        outbox.EnqueueMany(Enumerable.Range(0, 5).Select(i => To(i)));
        var waitingForPacing = outbox.ClaimDue(time.GetUtcNow(), 2);

        outbox.Cancel([Big], Reason);

        Assert.All(waitingForPacing, claimed => Assert.True(outbox.DropIfCancelled(claimed), $"{claimed.Id} would still be sent"));
        var tally = outbox.Tallies([Big])[Big];
        Assert.Equal((5, 0, 0), (tally.Count(DeliveryState.Cancelled), tally.Count(DeliveryState.Queued), tally.Count(DeliveryState.Sending)));
    }

    [Fact]
    public void A_message_on_the_wire_when_its_cancel_ended_is_counted_sent_once_the_platform_took_it()
    {
        var outbox = new OutboxStore(temp.Db, new OutboxSignal());
        outbox.EnqueueMany(Enumerable.Range(0, 5).Select(i => To(i)));
        var onTheWire = outbox.ClaimDue(time.GetUtcNow(), 1)[0];
        Assert.False(outbox.DropIfCancelled(onTheWire));

        outbox.Cancel([Big], Reason);
        outbox.MarkSent(onTheWire, new SentMessage("a:0", "1:0"), time.GetUtcNow());

        var tally = outbox.Tallies([Big])[Big];
        Assert.Equal((4, 1, 0, 0), (tally.Count(DeliveryState.Cancelled), tally.Count(DeliveryState.Sent), tally.Count(DeliveryState.Sending), tally.Count(DeliveryState.Queued)));
        Assert.Equal(DeliveryState.Sent, outbox.Find(onTheWire.Id)?.State);
    }

    public void Dispose() => temp.Dispose();
}
