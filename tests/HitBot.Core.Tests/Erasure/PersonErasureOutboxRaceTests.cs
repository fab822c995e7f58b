using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using static HitBot.Core.Tests.Erasure.PersonErasureCrashTests;

namespace HitBot.Core.Tests.Erasure;

/// <summary>
/// A card for someone else that names the person being erased, queued while the erasure runs: after its read of the
/// outbox, the erasure cannot find it, and once it ends the names are forgotten, so the claim cannot either. And a row the
/// dispatcher claimed before the erasure began, still waiting for the platform's pacing or already on the wire.
/// </summary>
public sealed class PersonErasureOutboxRaceTests : IDisposable
{
    readonly TempDb temp = new();
    static readonly DateTimeOffset Now = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);
    static readonly ChannelAddress Ben = new() { Channel = ChannelKind.Teams, UserId = "29:ben", ConversationId = "a:ben" };

    [Fact]
    public void A_card_naming_her_queued_after_the_erasure_read_the_outbox_is_never_sent()
    {
        var token = MayaEverywhere(temp);
        var app = new App(temp);
        bool? queued = null;
        // Her own rows are gone, so the outbox has been read: a coordinator's card quoting her comes in now, from a read made before.
        temp.Db.BeforeEachCommit(() =>
        {
            if (queued is not null || app.Outbox.Find("update:u1:maya") is not null) return;
            queued = false;
            queued = app.Outbox.TryEnqueue(Delivery.Send("feedback-note:ben", "notes", "ben", Ben, Message.Text("New feedback from Maya Lopez"), Now));
        });

        app.Erasure.Erase("maya");

        temp.Db.BeforeEachCommit(null);
        Assert.DoesNotContain("feedback-note:ben", app.Outbox.ClaimDue(Now, 100).Select(d => d.Id));
        Assert.False(queued);
        Assert.Null(app.Outbox.Find("feedback-note:ben"));
        Assert.Empty(Traces(app, token));
    }

    [Fact]
    public void A_fan_out_naming_her_queued_during_the_erasure_leaves_her_out_and_queues_the_rest()
    {
        MayaEverywhere(temp);
        var app = new App(temp);
        int? queued = null;
        temp.Db.BeforeEachCommit(() =>
        {
            if (queued is not null || app.Outbox.Find("update:u1:maya") is not null) return;
            queued = 0;
            queued = app.Outbox.EnqueueMany(
            [
                Delivery.Send("at-risk:ben", "at-risk", "ben", Ben, Message.Text("At risk: Maya Lopez"), Now),
                Delivery.Send("summary:ben", "summary", "ben", Ben, Message.Text("12 answers"), Now),
            ]);
        });

        app.Erasure.Erase("maya");

        temp.Db.BeforeEachCommit(null);
        Assert.Equal(1, queued);
        Assert.Null(app.Outbox.Find("at-risk:ben"));
        Assert.Equal(DeliveryState.Queued, app.Outbox.Find("summary:ben")?.State);
    }

    /// <summary>Documents anywhere in the file that still hold her name.</summary>
    List<string> HoldingHerName() =>
        [.. temp.Db.AllDocuments().Where(d => d.Json.Contains("Maya Lopez", StringComparison.Ordinal)).Select(d => $"{d.Collection}: {d.Json}")];

    [Fact]
    public void An_update_to_her_claimed_before_her_erasure_and_still_waiting_its_turn_is_not_sent()
    {
        var token = MayaEverywhere(temp);
        var app = new App(temp);
        var hers = Assert.Single(app.Outbox.ClaimDue(Now, 100), d => d.Id == "update:u1:maya");

        app.Erasure.Erase("maya");

        // The dispatcher asks right before the send, once the platform's pacing lets it go.
        Assert.True(app.Outbox.DropIfCancelled(hers));
        Assert.Null(app.Outbox.Find("update:u1:maya"));
        Assert.Empty(Traces(app, token));
    }

    [Fact]
    public void A_card_naming_her_claimed_before_her_erasure_and_still_waiting_its_turn_is_not_sent_and_keeps_no_name()
    {
        MayaEverywhere(temp);
        var app = new App(temp);
        var note = Assert.Single(app.Outbox.ClaimDue(Now, 100), d => d.Id == "note:ben");

        app.Erasure.Erase("maya");

        Assert.True(app.Outbox.DropIfCancelled(note));
        Assert.Equal(DeliveryState.Dead, app.Outbox.Find("note:ben")?.State);
        Assert.Empty(HoldingHerName());
    }

    [Fact]
    public void A_card_naming_her_already_on_the_wire_as_she_is_erased_is_recorded_sent_without_her_name()
    {
        MayaEverywhere(temp);
        var app = new App(temp);
        var note = Assert.Single(app.Outbox.ClaimDue(Now, 100), d => d.Id == "note:ben");
        Assert.False(app.Outbox.DropIfCancelled(note));

        app.Erasure.Erase("maya");
        app.Outbox.MarkSent(note, new SentMessage("a:ben", "1:note"), Now);

        Assert.Equal(DeliveryState.Sent, app.Outbox.Find("note:ben")?.State);
        Assert.Empty(HoldingHerName());
        Assert.DoesNotContain("note:ben", app.Outbox.ClaimDue(Now.AddDays(1), 100).Select(d => d.Id));
    }

    public void Dispose() => temp.Dispose();
}
