using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Messaging;

/// <summary>
/// An update's report reads the counts the outbox keeps per campaign with its rows (<see cref="OutboxStore.Tallies"/>):
/// every kind of write to the outbox shows in the next report, so a coordinator never reads a stale or drifting count,
/// and a crash or a failed write leaves the counts agreeing with the rows.
/// </summary>
public sealed class OutboxTallyTests : IDisposable
{
    const string Campaign = "update:1";
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-03-02T14:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    OutboxStore NewOutbox() => new(temp.Db, new OutboxSignal());

    Delivery To(string person) => Delivery.Send($"{Campaign}:{person}", Campaign, person,
        new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + person }, Message.Text("Hello"), time.GetUtcNow());

    /// <summary>The campaign's tally as an update's report reads it.</summary>
    static CampaignTally TallyOf(OutboxStore outbox) => outbox.Tallies([Campaign])[Campaign];

    static (int Queued, int Sending, int Sent, int Failed, int Cancelled) Counts(CampaignTally t) =>
        (t.Count(DeliveryState.Queued), t.Count(DeliveryState.Sending), t.Count(DeliveryState.Sent), t.Count(DeliveryState.Failed), t.Count(DeliveryState.Cancelled));

    [Fact]
    public void Each_step_of_a_send_shows_in_the_next_count()
    {
        var outbox = NewOutbox();
        outbox.EnqueueMany([To("maya"), To("sam"), To("lena")]);
        var queued = Counts(TallyOf(outbox));

        var claimed = outbox.ClaimDue(time.GetUtcNow(), 2);
        var sending = Counts(TallyOf(outbox));
        outbox.MarkSent(claimed[0], new SentMessage("a:1", "m1"), time.GetUtcNow());
        outbox.MarkFailed(claimed[1], "Teams answered 502", time.GetUtcNow().AddMinutes(1));
        var recorded = Counts(TallyOf(outbox));
        outbox.Cancel([Campaign], "stopped by the central team");
        var cancelled = Counts(TallyOf(outbox));

        Assert.Equal((3, 0, 0, 0, 0), queued);
        Assert.Equal((1, 2, 0, 0, 0), sending);
        Assert.Equal((1, 0, 1, 1, 0), recorded);
        Assert.Equal((0, 0, 1, 0, 2), cancelled);
    }

    [Fact]
    public void A_copy_on_the_wire_when_its_campaign_is_cancelled_counts_as_going_not_as_cancelled()
    {
        // A survey closed while the dispatcher was sending its cards: the close counts who was asked, for good.
        var outbox = NewOutbox();
        outbox.EnqueueMany([To("maya"), To("sam")]);
        var claimed = outbox.ClaimDue(time.GetUtcNow(), 2);
        Assert.False(outbox.DropIfCancelled(claimed[0])); // Maya's send begins; Sam's waits its turn

        outbox.Cancel([Campaign], "the survey closed");
        var atTheClose = Counts(TallyOf(outbox));
        outbox.MarkSent(claimed[0], new SentMessage("a:1", "m1"), time.GetUtcNow());
        Assert.True(outbox.DropIfCancelled(claimed[1]));
        var after = Counts(TallyOf(outbox));

        Assert.Equal((0, 1, 0, 0, 1), atTheClose);
        Assert.Equal((0, 0, 1, 0, 1), after);
    }

    [Fact]
    public void A_change_made_through_another_store_of_the_same_file_shows_too()
    {
        var outbox = NewOutbox();
        outbox.EnqueueMany([To("maya"), To("sam")]);
        var before = Counts(TallyOf(outbox));

        // A second OutboxStore (a CLI verb, a test) writes the same collection: the count is taken again.
        var other = NewOutbox();
        other.MarkSent(other.ClaimDue(time.GetUtcNow(), 1)[0], new SentMessage("a:1", "m1"), time.GetUtcNow());

        Assert.Equal((2, 0, 0, 0, 0), before);
        Assert.Equal((1, 0, 1, 0, 0), Counts(TallyOf(outbox)));
    }

    [Fact]
    public void An_updates_sends_edits_and_recalls_are_counted_apart_and_no_neighbours_row_counts()
    {
        var outbox = NewOutbox();
        Delivery Row(string key, string campaign, string person) => Delivery.Send(key, campaign, person,
            new ChannelAddress { Channel = person.EndsWith('s') ? ChannelKind.Slack : ChannelKind.Teams, UserId = person }, Message.Text("Hi"), time.GetUtcNow());
        // More rows than one chunk, and neighbours whose keys sort among or right after them (a longer id, another case).
        var people = Enumerable.Range(0, 2_500).Select(i => $"p{i:D4}{(i % 2 == 0 ? "s" : "t")}").ToList();
        outbox.EnqueueMany([.. people.Select(p => Row($"update:ab:{p}", "update:ab", p))]);
        outbox.EnqueueMany([.. people.Take(300).Select(p => Row($"update:ab:{p}:edit:2", "update-edit:ab:2", p))]);
        outbox.EnqueueMany([.. people.Take(100).Select(p => Row($"update:ab:{p}:recall", "update-recall:ab", p))]);
        outbox.EnqueueMany([.. people.Take(50).Select(p => Row($"update:ab2:{p}", "update:ab2", p))]);
        outbox.EnqueueMany([.. people.Take(40).Select(p => Row($"update:AB:{p}x", "update:AB", p))]);
        outbox.EnqueueMany([.. people.Take(30).Select(p => Row($"update:a:{p}", "update:a", p))]);
        foreach (var row in outbox.ClaimDue(time.GetUtcNow(), 10_000).Where(r => r.Campaign == "update:ab").Take(700))
            outbox.MarkSent(row, new SentMessage("c", "m"), time.GetUtcNow());

        var tallies = outbox.Tallies(["update:ab", "update-edit:ab:2", "update-recall:ab"]);

        // Claimed and not yet recorded, the others show as being sent; "update:AB" is another update, whatever the case.
        Assert.Equal((700, 1_800), (tallies["update:ab"].Count(DeliveryState.Sent), tallies["update:ab"].Count(DeliveryState.Sending)));
        Assert.Equal((2_500, 300, 100), (tallies["update:ab"].ByState.Values.Sum(), tallies["update-edit:ab:2"].ByState.Values.Sum(), tallies["update-recall:ab"].ByState.Values.Sum()));
        Assert.Equal(700, tallies["update:ab"].SentBy.Values.Sum());
        Assert.Equal(new HashSet<ChannelKind> { ChannelKind.Slack, ChannelKind.Teams }, tallies["update-recall:ab"].Channels);
    }

    public void Dispose() => temp.Dispose();
}
