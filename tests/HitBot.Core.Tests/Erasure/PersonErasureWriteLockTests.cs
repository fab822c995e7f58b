using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using static HitBot.Core.Tests.Erasure.PersonErasureCrashTests;

namespace HitBot.Core.Tests.Erasure;

/// <summary>
/// An erasure holds HitBot's one write lock a chunk at a time, not for the whole job: with a million deliveries it used to
/// hold it for 50 s, and every Teams and Slack request's commit (answered within 15 s and 3 s) waited behind it.
/// </summary>
public sealed class PersonErasureWriteLockTests : IDisposable
{
    readonly TempDb temp = new();
    static readonly DateTimeOffset Now = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);
    const int Rows = 3 * HitBotDb.ChunkRows;

    [Fact]
    public void A_request_commits_between_the_chunks_that_delete_the_person_s_deliveries()
    {
        var token = MayaEverywhere(temp);
        var app = new App(temp);
        var maya = new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:maya", ConversationId = "a:maya" };
        app.Outbox.EnqueueMany(Enumerable.Range(0, Rows).Select(i => Delivery.Send($"digest:{i:D4}:maya", $"digest:{i:D4}", "maya", maya, Message.Text("Digest"), Now)));
        var ben = new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:ben", ConversationId = "a:ben" };
        var erasing = Environment.CurrentManagedThreadId;
        (int Left, bool Committed)? between = null;
        // Between two of the erasure's commits, once some of her rows are gone and some not: a reply to Ben, from another thread.
        temp.Db.BeforeEachCommit(() =>
        {
            if (Environment.CurrentManagedThreadId != erasing || between is not null) return;
            var left = app.Outbox.WithKeyPrefix("digest:").Count;
            if (left is 0 or Rows) return;
            var reply = Task.Run(() => app.Outbox.TryEnqueue(Delivery.Send("reply:ben", "replies", "ben", ben, Message.Text("Thanks!"), Now)));
            between = (left, reply.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken) && reply.Result);
        });

        var report = app.Erasure.Erase("maya");

        temp.Db.BeforeEachCommit(null);
        Assert.NotNull(between);
        Assert.True(between.Value.Committed, $"the reply waited for the erasure (with {between.Value.Left} of her rows left)");
        // Her digests, her update and the reply to her anonymous feedback go, and Ben's card naming her is rewritten.
        Assert.Equal(Rows + 3, report!.Deliveries);
        Assert.Empty(app.Outbox.WithKeyPrefix("digest:"));
        Assert.Empty(Traces(app, token));
        Assert.Equal(DeliveryState.Queued, app.Outbox.Find("reply:ben")?.State);
    }

    public void Dispose() => temp.Dispose();
}
