using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Messaging;

/// <summary>
/// The counts an update's report reads (<see cref="OutboxStore.Tallies"/>) are kept with the rows, not counted from
/// them: after every kind of write they must say exactly what counting the rows would, or a coordinator reads a figure
/// that drifts further from the truth with every send.
/// </summary>
public sealed class DeliveryCountStoreTests : IDisposable
{
    const string First = "update:1";
    const string Second = "update:2";
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-03-02T14:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    OutboxStore NewOutbox() => new(temp.Db, new OutboxSignal());

    Delivery To(string person, string campaign = First) => Delivery.Send($"{campaign}:{person}", campaign, person,
        new ChannelAddress { Channel = person.StartsWith('s') ? ChannelKind.Slack : ChannelKind.Teams, UserId = "u-" + person },
        Message.Text("Hello " + person), time.GetUtcNow());

    static List<string> People(string prefix, int count) => [.. Enumerable.Range(0, count).Select(i => $"{prefix}{i:D2}")];

    /// <summary>What counting the rows one by one says, against what the kept counts say, for each campaign.</summary>
    static void AssertCountsAreTheRows(OutboxStore outbox, string step, params string[] campaigns)
    {
        var tallies = outbox.Tallies(campaigns);
        foreach (var campaign in campaigns)
        {
            var rows = outbox.ForCampaign(campaign);
            var tally = tallies[campaign];
            var expected = Enum.GetValues<DeliveryState>().ToDictionary(s => s, s => rows.Count(r => r.State == s));
            var counted = Enum.GetValues<DeliveryState>().ToDictionary(s => s, tally.Count);
            Assert.True(expected.SequenceEqual(counted), $"{step}, {campaign}: rows {Show(expected)}, counts {Show(counted)}");
            Assert.Equal(
                rows.Where(r => r.State == DeliveryState.Sent).GroupBy(r => r.Address.Channel).ToDictionary(g => g.Key, g => g.Count()),
                tally.SentBy.Where(c => c.Value > 0).ToDictionary());
            Assert.Equal(rows.Select(r => r.Address.Channel).ToHashSet(), tally.Channels);
            Assert.Equal(
                rows.Where(r => r.State is DeliveryState.Failed or DeliveryState.Dead).Select(r => r.Id).Order(StringComparer.Ordinal),
                tally.Failed.Select(r => r.Id).Order(StringComparer.Ordinal));
        }
    }

    static string Show(Dictionary<DeliveryState, int> counts) => string.Join(' ', counts.Where(c => c.Value > 0).Select(c => $"{c.Key}={c.Value}"));

    [Fact]
    public void Every_kind_of_write_to_the_outbox_leaves_the_counts_equal_to_counting_the_rows()
    {
        var outbox = NewOutbox();
        var now = time.GetUtcNow();
        outbox.EnqueueMany(People("t", 20).Concat(People("s", 10)).Select(p => To(p)));
        outbox.EnqueueMany(People("t", 5).Select(p => To(p, Second)));
        AssertCountsAreTheRows(outbox, "queued", First, Second);

        // Queued again with a few new people (the optimistic insert fails on the known keys and is rolled back), and one by one.
        outbox.EnqueueMany(People("t", 22).Select(p => To(p)));
        Assert.False(outbox.TryEnqueue(To("t00")));
        Assert.True(outbox.TryEnqueue(To("s10")));
        AssertCountsAreTheRows(outbox, "queued again", First, Second);

        var claimed = outbox.ClaimDue(now, 20).Where(d => d.Campaign == First).ToList();
        AssertCountsAreTheRows(outbox, "claimed", First, Second);

        outbox.RecordSent([.. claimed.Take(6).Select(d => OutboxStore.SentRow(d, new SentMessage("c-" + d.PersonId, "m"), now))]);
        outbox.MarkSent(claimed[6], new SentMessage("c", "m"), now);
        outbox.MarkFailed(claimed[7], "Teams answered 502", now);
        outbox.MarkFailed(claimed[8], "Teams answered 502", now.AddHours(1));
        outbox.MarkDead(claimed[9], "Teams answered 403");
        outbox.ReturnToQueue(claimed[10], now);
        outbox.Postpone(claimed[11], now.AddMinutes(5), "its original is still on its way");
        outbox.MarkCancelled(claimed[12], "nothing to do");
        AssertCountsAreTheRows(outbox, "outcomes", First, Second);

        // A cancel while two rows are claimed: those are dropped when the dispatcher gets to them.
        var inFlight = outbox.ClaimDue(now, 2);
        outbox.Cancel([Second], "stopped by the central team");
        AssertCountsAreTheRows(outbox, "cancelled", First, Second);
        foreach (var row in inFlight)
            if (!outbox.DropIfCancelled(row)) outbox.MarkFailed(row, "Teams answered 502", now);
        AssertCountsAreTheRows(outbox, "dropped", First, Second);

        // Failed rows due again are retried (claimed, so requeueing leaves them); the others failed or given up are requeued.
        var retry = outbox.ClaimDue(now, 100).Where(d => d.Campaign == First).ToList();
        Assert.Contains(retry, d => d.Attempts > 1);
        var waitingToRequeue = outbox.ForCampaign(First).Count(d => d.State is DeliveryState.Failed or DeliveryState.Dead);
        Assert.Equal((2, 2), (waitingToRequeue, outbox.Requeue(First, now)));
        AssertCountsAreTheRows(outbox, "requeued", First);
        foreach (var row in retry) outbox.MarkSent(row, new SentMessage("c", "m"), now);
        foreach (var row in outbox.ClaimDue(now, 100)) outbox.MarkFailed(row, "Slack answered 500", now.AddDays(1));
        AssertCountsAreTheRows(outbox, "retried", First, Second);

        // A digest waiting for later is rewritten; a correction rewrites the unsent rows and follows the sent ones.
        outbox.TryEnqueue(To("t01", "update-digest") with { DueAt = now.AddDays(1).UtcDateTime });
        Assert.True(outbox.ReplaceWaiting(To("t01", "update-digest") with { DueAt = now.AddDays(2).UtcDateTime }, now));
        outbox.QueueFollowUps(First, d => Delivery.FollowUp(d.Id + ":edit:1", "update-edit:1:1", d, DeliveryKind.Update, Message.Text("Fixed"), now),
            d => d.WithMessage(Message.Text("Fixed")));
        AssertCountsAreTheRows(outbox, "corrected", First, "update-edit:1:1", "update-digest");
        Assert.True(outbox.Tallies(["update-edit:1:1"])["update-edit:1:1"].Count(DeliveryState.Queued) > 0);
    }

    [Fact]
    public void An_erasure_and_the_retention_prune_take_their_rows_out_of_the_counts()
    {
        var outbox = NewOutbox();
        var now = time.GetUtcNow();
        outbox.EnqueueMany(People("t", 10).Select(p => To(p)));
        var claimed = outbox.ClaimDue(now, 10);
        foreach (var row in claimed.Skip(2)) outbox.MarkSent(row, new SentMessage("c", "m"), now);
        outbox.MarkFailed(claimed[1], "Teams answered 502", now.AddHours(1));

        // t00's row is being sent while t00 is erased: its outcome finds the row gone and writes nothing back.
        outbox.ErasePerson("t00", ["t00"], []);
        outbox.MarkSent(claimed[0], new SentMessage("c", "m"), now);
        AssertCountsAreTheRows(outbox, "erased", First);
        Assert.Null(outbox.Find(claimed[0].Id));

        Assert.Equal(8, outbox.PruneFinishedBefore(now.AddDays(1)));
        AssertCountsAreTheRows(outbox, "pruned", First);
        Assert.Equal(1, outbox.Tallies([First])[First].Count(DeliveryState.Failed));
    }

    [Fact]
    public void Replies_no_report_reads_are_sent_and_leave_no_counts_behind()
    {
        // Every Teams or Slack request queues one: a count written for each would cost every request a write for nothing.
        var outbox = NewOutbox();
        var now = time.GetUtcNow();
        outbox.EnqueueMany([To("t01"), To("s01")]);
        foreach (var person in new[] { "t01", "t02" })
            Assert.True(outbox.TryEnqueue(To(person, "reply") with { Unreported = true }));
        foreach (var row in outbox.ClaimDue(now, 10)) outbox.MarkSent(row, new SentMessage("c", "m"), now);

        var counted = temp.Db.Collection<LiteDB.BsonDocument>(HitBot.Core.Messaging.Outbox.DeliveryCountStore.Collection).FindAll()
            .Select(d => d["Campaign"].AsString).ToList();
        Assert.Equal([First], counted);
        Assert.Equal(2, outbox.ForCampaign("reply").Count(d => d.State == DeliveryState.Sent));
        Assert.Equal(0, outbox.Tallies(["reply"])["reply"].ByState.Values.Sum());
        Assert.Equal(4, outbox.PruneFinishedBefore(now.AddDays(1)));
        AssertCountsAreTheRows(outbox, "pruned", First);
    }

    [Fact]
    public void A_write_rolled_back_leaves_the_counts_as_they_were_and_a_restart_keeps_them()
    {
        var outbox = NewOutbox();
        outbox.EnqueueMany([To("t01"), To("s01")]);

        // A reply queued inside a larger transaction (an inbound request's group commit) that then fails.
        Assert.Throws<InvalidOperationException>(() => temp.Db.InTransaction<int>(() =>
        {
            outbox.TryEnqueue(To("t02"));
            outbox.EnqueueMany([To("t03"), To("t01")]);
            throw new InvalidOperationException("the request failed after queueing its reply");
        }));
        var reopened = new OutboxStore(temp.Reopen(), new OutboxSignal());

        Assert.Equal(2, reopened.ForCampaign(First).Count);
        Assert.Equal(2, reopened.Tallies([First])[First].Count(DeliveryState.Queued));
        AssertCountsAreTheRows(reopened, "reopened", First);
    }

    [Fact]
    public void A_file_from_before_the_counts_is_counted_once_by_the_upgrade()
    {
        // A version 11 file: rows, no counts, no failures index.
        temp.Db.Dispose();
        using (var raw = new LiteDB.LiteDatabase(new LiteDB.ConnectionString { Filename = temp.FilePath, Connection = LiteDB.ConnectionType.Direct }))
        {
            raw.UserVersion = 11;
            raw.DropCollection(HitBot.Core.Messaging.Outbox.DeliveryCountStore.Collection);
            var rows = raw.GetCollection<Delivery>(OutboxStore.Collection);
            rows.DropIndex(OutboxStore.FailuresIndex);
            rows.Insert(People("t", 3).Select(p => To(p) with { State = DeliveryState.Sent, DueAt = Delivery.NotDue }));
            rows.Insert(To("s01") with { State = DeliveryState.Dead, DueAt = Delivery.NotDue, LastError = "Slack answered 404" });
            rows.Insert(To("s02"));
            rows.Insert(To("t01", Second) with { State = DeliveryState.Failed });
        }

        var outbox = new OutboxStore(temp.Reopen(), new OutboxSignal());
        var tallies = outbox.Tallies([First, Second]);

        Assert.Equal((3, 1, 1), (tallies[First].Count(DeliveryState.Sent), tallies[First].Count(DeliveryState.Dead), tallies[First].Count(DeliveryState.Queued)));
        Assert.Equal("update:1:s01", Assert.Single(tallies[First].Failed).Id);
        Assert.Equal("update:2:t01", Assert.Single(tallies[Second].Failed).Id);
        AssertCountsAreTheRows(outbox, "upgraded", First, Second);
    }

    /// <summary>
    /// The counting step writes a chunk of rows at a time: stopped after some (killed mid-upgrade), the file keeps version 11
    /// with counts already written, and the next start counts again without adding to them.
    /// </summary>
    [Fact]
    public void An_upgrade_stopped_partway_through_counting_counts_each_row_once_at_the_next_start()
    {
        var outbox = new OutboxStore(temp.Db, new OutboxSignal());
        outbox.EnqueueMany(People("t", 30).Select(p => To(p)));
        outbox.EnqueueMany(People("s", 3).Select(p => To(p, Second)));

        var reopened = new OutboxStore(temp.ReopenAfter(file => file.UserVersion = 11), new OutboxSignal());

        Assert.Equal(HitBot.Core.Storage.Migrations.Current, temp.Db.SchemaVersion);
        Assert.Equal(30, reopened.Tallies([First])[First].Count(DeliveryState.Queued));
        AssertCountsAreTheRows(reopened, "upgraded again", First, Second);
    }

    public void Dispose() => temp.Dispose();
}
