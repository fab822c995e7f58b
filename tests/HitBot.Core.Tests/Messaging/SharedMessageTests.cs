using System.Globalization;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using LiteDB;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Messaging;

/// <summary>A fan-out's message is stored once, beside the outbox, and every person still gets it; rows keep their own only when it is theirs alone.</summary>
public sealed class SharedMessageTests : IAsyncDisposable
{
    const int People = 40;
    static readonly string[] TwoTutors = ["maya", "sam"];
    static readonly string[] TwoChampions = ["ben", "lena"];
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-03-02T14:00:00Z", CultureInfo.InvariantCulture));
    readonly RecordingChannel teams = new();
    DispatcherUnderTest? dispatcher;

    OutboxStore Outbox => dispatcher?.Outbox ?? new OutboxStore(temp.Db, new OutboxSignal());

    static ChannelAddress Address(string person) => new() { Channel = ChannelKind.Teams, UserId = "29:" + person, ConversationId = "a:" + person };

    /// <summary>One update to <see cref="People"/> people, each row built with its own copy of the card, as a restart or a second send would.</summary>
    List<Delivery> Update(string campaign, string text, DateTimeOffset? at = null) =>
        [.. Enumerable.Range(0, People).Select(i => Delivery.Send($"{campaign}:p{i}", campaign, $"p{i}", Address($"p{i}"), Message.Text(text), at ?? time.GetUtcNow()))];

    List<BsonDocument> RawRows() => [.. temp.Db.Collection<BsonDocument>(OutboxStore.Collection).FindAll()];

    async Task<DispatcherUnderTest> DispatchAsync()
    {
        dispatcher = new DispatcherUnderTest(temp.Db, time, new DispatcherOptions(), teams);
        await dispatcher.StartAsync();
        await dispatcher.IdleAsync();
        return dispatcher;
    }

    [Fact]
    public async Task A_fan_out_is_stored_once_and_after_a_restart_between_queue_and_send_everyone_gets_it_once()
    {
        Assert.Equal(People, Outbox.EnqueueMany(Update("update:w12", "Week 12: sessions resume Monday")));
        // A reminder only Maya gets keeps its message in its row.
        Assert.True(Outbox.TryEnqueue(Delivery.Send("reminder:maya", "reminder:x", "maya", Address("maya"), Message.Text("Your data plan is due Friday"), time.GetUtcNow())));
        Assert.Equal(1, Outbox.SharedMessageCount);
        Assert.All(RawRows().Where(r => r["Campaign"] == "update:w12"), r => Assert.DoesNotContain("Week 12", r.ToString(), StringComparison.Ordinal));

        // The host stops before anything is sent; the next start sends from the file.
        temp.Reopen();
        var started = await DispatchAsync();

        var byPerson = teams.Sent.GroupBy(s => s.To.UserId).ToList();
        Assert.Equal(People + 1, byPerson.Count);
        Assert.All(byPerson, g => Assert.Single(g));
        Assert.All(teams.Sent.Where(s => s.To.UserId != "29:maya"), s => Assert.Equal("Week 12: sessions resume Monday", s.Message.Summary));
        Assert.Equal("Your data plan is due Friday", teams.Sent.Single(s => s.To.UserId == "29:maya").Message.Summary);
        Assert.All(started.Outbox.ForCampaign("update:w12"), d => Assert.Equal(DeliveryState.Sent, d.State));
        // The shown row still has its card, for the reports and the follow-ups that read it.
        Assert.Contains("Week 12", started.Row("update:w12:p3").MessageJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_written_before_messages_were_shared_still_sends_its_own_message()
    {
        // The shape every row had before schema 7: the message inline, no MessageId field at all.
        temp.Db.Collection<BsonDocument>(OutboxStore.Collection).Insert(new BsonDocument
        {
            ["_id"] = "update:w11:maya", ["Campaign"] = "update:w11", ["PersonId"] = "maya", ["Kind"] = "Send", ["State"] = "Queued",
            ["Attempts"] = 0, ["DueAt"] = time.GetUtcNow().UtcDateTime, ["CreatedAt"] = time.GetUtcNow().UtcDateTime,
            ["MessageJson"] = MessageJson.Serialize(Message.Text("Week 11: thank you")),
            ["Address"] = new BsonDocument { ["Channel"] = "Teams", ["UserId"] = "29:maya", ["ConversationId"] = "a:maya" },
        });

        var started = await DispatchAsync();

        var (to, message, _) = Assert.Single(teams.Sent);
        Assert.Equal(("29:maya", "Week 11: thank you"), (to.UserId, message.Summary));
        Assert.Equal(DeliveryState.Sent, started.Row("update:w11:maya").State);
    }

    [Fact]
    public async Task Anonymous_answers_are_never_shared_and_leave_their_rows_once_sent()
    {
        // Two people whose private cards happen to read the same: each row keeps its own, so erasing one erases it.
        var card = Message.Text("Your answers: 4, 5, \"more planning time\"");
        Outbox.EnqueueMany([.. TwoTutors.Select(p =>
            Delivery.Send($"survey:r1:thanks:{p}", "survey:r1", p, Address(p), card, time.GetUtcNow()) with { Private = true })]);

        var started = await DispatchAsync();

        Assert.Equal(0, started.Outbox.SharedMessageCount);
        Assert.Equal(2, teams.Sent.Count);
        Assert.All(RawRows(), r => Assert.DoesNotContain("more planning time", r.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Erasing_a_person_named_on_a_shared_card_deletes_the_card_and_gives_up_what_was_not_sent()
    {
        var atRisk = Message.Text("At risk at Lincoln: Kim Lee, Sam Ortiz");
        Outbox.EnqueueMany([.. TwoChampions.Select(p => Delivery.Send($"survey:r1:at-risk:{p}", "survey:r1:at-risk", p, Address(p), atRisk, time.GetUtcNow()))]);

        var erased = Outbox.ErasePerson("kim", ["Kim Lee", "kim@example.org"], []);

        Assert.Equal(2, erased);
        Assert.Equal(0, Outbox.SharedMessageCount);
        Assert.All(Outbox.ForCampaign("survey:r1:at-risk"), d =>
        {
            Assert.Equal(DeliveryState.Dead, d.State);
            Assert.Contains("(erased)", d.MessageJson, StringComparison.Ordinal);
        });
        Assert.All(RawRows(), r => Assert.DoesNotContain("Kim Lee", r.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Pruning_deletes_the_messages_no_row_uses_and_keeps_those_of_rows_still_waiting()
    {
        var longAgo = time.GetUtcNow().AddDays(-40);
        Outbox.EnqueueMany(Update("update:old", "An old update", longAgo));
        Outbox.EnqueueMany(Update("update:later", "Queued long ago for a later date", longAgo)
            .Select(d => d with { DueAt = time.GetUtcNow().AddDays(10).UtcDateTime }));
        Outbox.EnqueueMany(Update("update:new", "This week's update"));
        var outbox = Outbox;
        foreach (var row in outbox.ForCampaign("update:old").Concat(outbox.ForCampaign("update:new")))
            outbox.MarkSent(row, new SentMessage("a:" + row.PersonId, "m1"), time.GetUtcNow());
        Assert.Equal(3, outbox.SharedMessageCount);

        var pruned = outbox.PruneFinishedBefore(time.GetUtcNow().AddDays(-30));

        Assert.Equal(People, pruned);
        Assert.Equal(2, outbox.SharedMessageCount);
        Assert.All(outbox.ForCampaign("update:later"), d => Assert.Contains("for a later date", d.MessageJson, StringComparison.Ordinal));
        Assert.All(outbox.ForCampaign("update:new"), d => Assert.Contains("This week", d.MessageJson, StringComparison.Ordinal));
    }

    [Fact]
    public void Pruning_a_large_outbox_in_chunks_deletes_every_old_finished_row_and_nothing_else()
    {
        // More rows than one chunk of the pass, the old and the new mixed through the key order.
        var longAgo = time.GetUtcNow().AddDays(-40);
        var rows = Enumerable.Range(0, 4_500).Select(i => Delivery.Send($"update:{i % 3}:p{i:D5}", $"update:{i % 3}", $"p{i}", Address($"p{i}"),
            Message.Text($"Week {i % 3}"), i % 3 == 0 ? time.GetUtcNow() : longAgo)).ToList();
        var outbox = Outbox;
        outbox.EnqueueMany(rows);
        // Of the old ones, the update:2 rows are still waiting for a later date; the update:1 rows went out.
        foreach (var row in outbox.ForCampaign("update:1").Concat(outbox.ForCampaign("update:0")))
            outbox.MarkSent(row, new SentMessage("a:" + row.PersonId, "m1"), time.GetUtcNow());
        Assert.Equal(3, outbox.SharedMessageCount);

        var pruned = outbox.PruneFinishedBefore(time.GetUtcNow().AddDays(-30));

        Assert.Equal(1_500, pruned);
        Assert.Empty(outbox.ForCampaign("update:1"));
        Assert.Equal((1_500, 1_500), (outbox.ForCampaign("update:0").Count, outbox.ForCampaign("update:2").Count));
        Assert.Equal(2, outbox.SharedMessageCount);
        Assert.All(outbox.ForCampaign("update:2"), d => Assert.Equal("Week 2", MessageJson.Deserialize(d.MessageJson).Summary));
    }

    public async ValueTask DisposeAsync()
    {
        if (dispatcher is not null) await dispatcher.DisposeAsync();
        temp.Dispose();
    }
}
