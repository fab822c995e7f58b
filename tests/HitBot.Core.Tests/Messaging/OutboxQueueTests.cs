using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Messaging;

public sealed class OutboxQueueTests : IDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-03-02T14:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    Delivery To(string person, string campaign = "update:1") => Delivery.Send($"{campaign}:{person}", campaign, person,
        new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + person }, Message.Text("Hello"), time.GetUtcNow());

    [Fact]
    public void Queueing_the_same_campaign_for_the_same_person_twice_keeps_one_delivery()
    {
        var outbox = new OutboxStore(temp.Db, new OutboxSignal());

        var first = outbox.TryEnqueue(To("maya"));
        var second = outbox.TryEnqueue(To("maya"));
        var many = outbox.EnqueueMany([To("maya"), To("sam")]);

        Assert.Equal((true, false, 1), (first, second, many));
        Assert.Equal(2, outbox.ForCampaign("update:1").Count);
    }

    [Fact]
    public void A_repeated_fan_out_queues_only_the_people_added_since()
    {
        var outbox = new OutboxStore(temp.Db, new OutboxSignal());
        outbox.EnqueueMany(Enumerable.Range(0, 300).Select(i => To($"tutor-{i}")));

        var second = outbox.EnqueueMany(Enumerable.Range(0, 310).Select(i => To($"tutor-{i}")));

        Assert.Equal(10, second);
        Assert.Equal(310, outbox.ForCampaign("update:1").Count);
    }

    /// <summary>
    /// A fan-out is committed a chunk at a time, so Teams' and Slack's request commits get in between (one transaction for
    /// 100,000 people held them for seconds). What a failure (or a crash) partway leaves is the chunks before it, each
    /// whole, and queueing the fan-out again adds the rest once: nobody is left out and nobody gets it twice.
    /// </summary>
    [Fact]
    public void A_fan_out_that_fails_partway_keeps_its_first_chunks_and_queueing_it_again_adds_only_the_rest()
    {
        var outbox = new OutboxStore(temp.Db, new OutboxSignal());
        var people = Enumerable.Range(0, 2 * OutboxStore.EnqueueChunkRows + 500).Select(i => To($"tutor-{i:D5}")).ToList();
        // LiteDB refuses an index key over 1,023 bytes: a campaign that long fails its row's chunk, in the third chunk.
        var broken = people.Select((d, i) => i == 2 * OutboxStore.EnqueueChunkRows + 10 ? d with { Campaign = new string('x', 2000) } : d).ToList();

        Assert.ThrowsAny<LiteDB.LiteException>(() => outbox.EnqueueMany(broken));
        Assert.Equal(2 * OutboxStore.EnqueueChunkRows, outbox.ForCampaign("update:1").Count);

        var rest = outbox.EnqueueMany(people);

        Assert.Equal(500, rest);
        var rows = outbox.ForCampaign("update:1");
        Assert.Equal(people.Select(d => d.Id).Order(StringComparer.Ordinal), rows.Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.Equal(people.Count, outbox.Tallies(["update:1"])["update:1"].Count(DeliveryState.Queued));
    }

    /// <summary>
    /// "Send the failed ones again" and a correction's rewrite of the sends still waiting also go a chunk at a time: past
    /// the first chunk, every row must still be reached, and only once.
    /// </summary>
    [Fact]
    public void Re_sending_the_failed_ones_of_a_big_update_puts_every_one_back_in_the_queue_and_nothing_else()
    {
        var outbox = new OutboxStore(temp.Db, new OutboxSignal());
        var people = Enumerable.Range(0, 2 * OutboxStore.CancelChunkRows + 100).Select(i => $"tutor-{i:D5}").ToList();
        // What an outage leaves: most of the update given up after its retries, a few delivered before it began.
        outbox.EnqueueMany(people.Select(p => To(p) with { State = DeliveryState.Dead, DueAt = Delivery.NotDue, Attempts = 5, LastError = "502" }));
        var delivered = Enumerable.Range(0, 3).Select(i => To($"early-{i}")).ToList();
        outbox.EnqueueMany(delivered);
        foreach (var row in outbox.ClaimDue(time.GetUtcNow(), 10)) outbox.MarkSent(row, new SentMessage("a:x", "1:x"), time.GetUtcNow());

        var requeued = outbox.Requeue("update:1", time.GetUtcNow());

        Assert.Equal(people.Count, requeued);
        var rows = outbox.ForCampaign("update:1");
        Assert.Equal(people.Count, rows.Count(d => d is { State: DeliveryState.Queued, Attempts: 0 }));
        Assert.Equal(3, rows.Count(d => d.State == DeliveryState.Sent));
        Assert.Equal(people.Count, outbox.Tallies(["update:1"])["update:1"].Count(DeliveryState.Queued));
        Assert.Equal(0, outbox.Requeue("update:1", time.GetUtcNow()));
    }

    [Fact]
    public void A_correction_of_a_big_update_rewrites_every_send_still_waiting()
    {
        var outbox = new OutboxStore(temp.Db, new OutboxSignal());
        outbox.EnqueueMany(Enumerable.Range(0, 2 * OutboxStore.EnqueueChunkRows + 100).Select(i => To($"tutor-{i:D5}")));
        var onItsWay = Assert.Single(outbox.ClaimDue(time.GetUtcNow(), 1));

        var edits = outbox.QueueFollowUps("update:1", send => Delivery.FollowUp(send.Id + ":edit:1", "update:1", send, DeliveryKind.Update,
            Message.Text("Corrected"), time.GetUtcNow()), rewriteUnsent: send => send.WithMessage(Message.Text("Corrected")));

        Assert.Equal(1, edits);
        var waiting = outbox.ForCampaign("update:1").Where(d => d.Kind == DeliveryKind.Send && d.Id != onItsWay.Id).ToList();
        Assert.Equal(2 * OutboxStore.EnqueueChunkRows + 99, waiting.Count);
        Assert.All(waiting, d => Assert.Contains("Corrected", MessageJson.Serialize(Assert.IsType<Message>(outbox.MessageOf(d))), StringComparison.Ordinal));
        Assert.Equal(2, outbox.SharedMessageCount); // the first card and the corrected one, each stored once
    }

    [Fact]
    public void A_key_longer_than_LiteDB_allows_is_still_queued_once()
    {
        var outbox = new OutboxStore(temp.Db, new OutboxSignal());
        var longId = new string('x', 2000);

        var first = outbox.TryEnqueue(To(longId));
        var second = outbox.TryEnqueue(To(longId));
        var other = outbox.TryEnqueue(To(longId + "y"));

        Assert.Equal((true, false, true), (first, second, other));
    }

    [Fact]
    public void A_claimed_delivery_is_not_claimed_again()
    {
        var outbox = new OutboxStore(temp.Db, new OutboxSignal());
        outbox.EnqueueMany([To("maya"), To("sam")]);

        var first = outbox.ClaimDue(time.GetUtcNow(), 10);
        var second = outbox.ClaimDue(time.GetUtcNow(), 10);

        Assert.Equal(2, first.Count);
        Assert.All(first, d => Assert.Equal(DeliveryState.Sending, d.State));
        Assert.Empty(second);
    }

    [Fact]
    public void A_failed_delivery_waits_for_its_retry_time()
    {
        var outbox = new OutboxStore(temp.Db, new OutboxSignal());
        outbox.TryEnqueue(To("maya"));
        var claimed = Assert.Single(outbox.ClaimDue(time.GetUtcNow(), 10));
        outbox.MarkFailed(claimed, "Teams answered 429", time.GetUtcNow().AddSeconds(30));

        var early = outbox.ClaimDue(time.GetUtcNow().AddSeconds(29), 10);
        var onTime = outbox.ClaimDue(time.GetUtcNow().AddSeconds(30), 10);

        Assert.Empty(early);
        Assert.Equal(2, Assert.Single(onTime).Attempts);
    }

    [Fact]
    public void Deliveries_interrupted_by_a_crash_are_claimed_again_but_sent_ones_are_not()
    {
        var outbox = new OutboxStore(temp.Db, new OutboxSignal());
        outbox.EnqueueMany([To("maya"), To("sam")]);
        var claimed = outbox.ClaimDue(time.GetUtcNow(), 10);
        outbox.MarkSent(claimed[0], new SentMessage("a:1", "m1"), time.GetUtcNow());

        // The claim was a lease of the process that died: the next one finds the unsent row due, the sent one not.
        var reopened = new OutboxStore(temp.Reopen(), new OutboxSignal());

        Assert.Equal(claimed[1].Id, Assert.Single(reopened.ClaimDue(time.GetUtcNow(), 10)).Id);
    }

    [Fact]
    public void Rows_an_earlier_HitBot_left_Sending_are_queued_again_once_by_the_upgrade()
    {
        // A version 10 file, written by a HitBot that stored its claims: a crash left one row Sending, not due.
        temp.Db.Dispose();
        using (var raw = new LiteDB.LiteDatabase(new LiteDB.ConnectionString { Filename = temp.FilePath, Connection = LiteDB.ConnectionType.Direct }))
        {
            raw.UserVersion = 10;
            raw.GetCollection<Delivery>(OutboxStore.Collection).Insert(To("maya") with { State = DeliveryState.Sending, DueAt = Delivery.NotDue, Attempts = 1 });
            raw.GetCollection<Delivery>(OutboxStore.Collection).Insert(To("sam") with { State = DeliveryState.Sent, DueAt = Delivery.NotDue, Attempts = 1 });
        }

        var outbox = new OutboxStore(temp.Reopen(), new OutboxSignal());
        var claimed = outbox.ClaimDue(time.GetUtcNow(), 10);

        Assert.Equal("update:1:maya", Assert.Single(claimed).Id);
        Assert.Equal(2, claimed[0].Attempts);
        Assert.Equal(DeliveryState.Sent, outbox.Find("update:1:sam")?.State);
    }

    [Fact]
    public void Sent_rows_leave_the_due_queue_so_the_next_fan_out_is_the_first_thing_due()
    {
        var outbox = new OutboxStore(temp.Db, new OutboxSignal());
        outbox.EnqueueMany(Enumerable.Range(0, 200).Select(i => To($"tutor-{i}")));
        foreach (var row in outbox.ClaimDue(time.GetUtcNow(), 200))
            outbox.MarkSent(row, new SentMessage("a:" + row.PersonId, "m1"), time.GetUtcNow());
        var nextWeek = time.GetUtcNow().AddDays(7);
        outbox.TryEnqueue(To("maya", campaign: "update:2") with { DueAt = nextWeek.UtcDateTime });

        var nextDue = outbox.NextDueAt();
        var claimedNow = outbox.ClaimDue(time.GetUtcNow(), 10);
        var claimedNextWeek = outbox.ClaimDue(nextWeek, 1);

        Assert.Equal(nextWeek, nextDue);
        Assert.Empty(claimedNow);
        Assert.Equal("update:2:maya", Assert.Single(claimedNextWeek).Id);
        Assert.Equal(200, outbox.CountByState()[DeliveryState.Sent]);
        Assert.All(outbox.ForCampaign("update:1"), d => Assert.Equal(DeliveryState.Sent, d.State));
    }

    // A claim reads due rows ahead of the free slots (OutboxStore.ReadAheadRows) and hands them out from memory: each
    // of these changes the rows after they were read ahead, and the next claim must see the change, not the copy.

    [Fact]
    public void Rows_cancelled_after_a_claim_read_them_ahead_are_never_handed_out()
    {
        var outbox = new OutboxStore(temp.Db, new OutboxSignal());
        outbox.EnqueueMany(Enumerable.Range(0, 20).Select(i => To($"tutor-{i}")));
        var first = outbox.ClaimDue(time.GetUtcNow(), 1);

        outbox.Cancel(["update:1"], "Recalled by the central team");
        var next = ClaimOneByOne(outbox);

        Assert.Single(first);
        Assert.Empty(next);
        Assert.Equal(0, outbox.CountByState()[DeliveryState.Queued]);
    }

    [Fact]
    public void Rows_of_a_person_erased_after_a_claim_read_them_ahead_are_never_handed_out()
    {
        var outbox = new OutboxStore(temp.Db, new OutboxSignal());
        outbox.EnqueueMany(Enumerable.Range(1, 3).SelectMany(c => (Delivery[])[To("maya", $"update:{c}"), To("sam", $"update:{c}")]));
        outbox.ClaimDue(time.GetUtcNow(), 1);

        outbox.ErasePerson("maya", ["Maya"], []);
        var next = ClaimOneByOne(outbox);

        Assert.DoesNotContain(next, d => d.PersonId == "maya");
    }

    [Fact]
    public void A_send_corrected_after_a_claim_read_it_ahead_is_handed_out_with_the_corrected_message()
    {
        var outbox = new OutboxStore(temp.Db, new OutboxSignal());
        outbox.EnqueueMany([To("maya"), To("sam"), To("lee")]);
        var first = Assert.Single(outbox.ClaimDue(time.GetUtcNow(), 1));

        // A correction rewrites the sends not claimed yet, and queues an edit for the one on its way.
        outbox.QueueFollowUps("update:1", send => Delivery.FollowUp(send.Id + ":edit:1", "update:1", send, DeliveryKind.Update,
            Message.Text("Corrected"), time.GetUtcNow()), rewriteUnsent: send => send.WithMessage(Message.Text("Corrected")));
        var next = ClaimOneByOne(outbox);

        var sends = next.Where(d => d.Kind == DeliveryKind.Send).ToList();
        Assert.Equal(2, sends.Count);
        Assert.DoesNotContain(sends, d => d.Id == first.Id);
        Assert.All(sends, d => Assert.Contains("Corrected", MessageJson.Serialize(Assert.IsType<Message>(outbox.MessageOf(d))), StringComparison.Ordinal));
    }

    [Fact]
    public void A_row_marked_sent_outside_a_claim_is_not_handed_out_from_the_rows_read_ahead()
    {
        var outbox = new OutboxStore(temp.Db, new OutboxSignal());
        outbox.EnqueueMany([To("maya"), To("sam"), To("lee")]);
        outbox.ClaimDue(time.GetUtcNow(), 1);
        var sam = Assert.IsType<Delivery>(outbox.Find("update:1:sam"));

        outbox.MarkSent(sam, new SentMessage("a:sam", "m1"), time.GetUtcNow());
        var next = ClaimOneByOne(outbox);

        Assert.Equal(["update:1:lee"], next.Select(d => d.Id));
    }

    [Fact]
    public void A_row_queued_after_a_claim_read_ahead_is_claimed_at_the_next_claim()
    {
        var outbox = new OutboxStore(temp.Db, new OutboxSignal());
        outbox.EnqueueMany(Enumerable.Range(0, 20).Select(i => To($"tutor-{i}")));
        outbox.ClaimDue(time.GetUtcNow(), 1);

        // A reply to someone who wrote in: due a minute before the fan-out's rows, so first in the due order.
        outbox.TryEnqueue(To("maya", "reply:1") with { DueAt = time.GetUtcNow().AddMinutes(-1).UtcDateTime });
        var next = outbox.ClaimDue(time.GetUtcNow(), 1);

        Assert.Equal("reply:1:maya", Assert.Single(next).Id);
    }

    /// <summary>Claims one row at a time until none is due: each claim after the first is served from the rows read ahead.</summary>
    List<Delivery> ClaimOneByOne(OutboxStore outbox)
    {
        var claimed = new List<Delivery>();
        while (outbox.ClaimDue(time.GetUtcNow(), 1) is [var row]) claimed.Add(row);
        return claimed;
    }

    public void Dispose() => temp.Dispose();
}
