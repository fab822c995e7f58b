using HitBot.Core.Feedback;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Feedback;

/// <summary>
/// A reply to a feedback item, HitBot stopped before each of its commits in turn and started again; where the inbox
/// shows no reply yet the coordinator sends the same one again. The writer gets the reply once (not lost because the
/// item looked answered, not twice because it did not), and the item shows it once. Reply queues the message before
/// it records it on the item, and keys it by its text, for exactly this.
/// </summary>
public sealed class FeedbackReplyCrashTests : IDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero));
    static readonly ChannelAddress MayaChat = new() { Channel = ChannelKind.Teams, UserId = "29:maya", ConversationId = "a:maya" };

    // Built on the file as it is now: after a restart, on the reopened one.
    FeedbackStore Store => new(temp.Db);
    OutboxStore Outbox => new(temp.Db, new OutboxSignal());
    FeedbackInbox Inbox => new(Store, Outbox, new ReplyAddressSeal(temp.AnonymityKey()), time);

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void A_reply_stopped_anywhere_and_sent_again_if_not_shown_reaches_the_writer_once_and_the_item_shows_it_once(bool anonymous, bool handled)
    {
        var stops = 0;
        for (var commit = 0; ; commit++)
        {
            var id = $"f{commit}";
            Inbox.Submit(id, "When is the next training?", anonymous, "maya", MayaChat, updateId: null);
            if (handled) Inbox.MarkHandled(id, handled: true);

            var stopped = temp.StopsBeforeCommit(commit, () => Inbox.Reply(id, "Thursday at 4.", "coordinator"));
            // The first press failed; the inbox shows what the file has. With no reply shown, the coordinator sends it again.
            if (Store.Find(id)!.Replies.Count == 0) Inbox.Reply(id, "Thursday at 4.", "coordinator");

            var why = $"stopped before commit {commit}";
            var replies = Outbox.ForCampaign(FeedbackInbox.ReplyCampaignPrefix + id);
            Assert.True(replies.Count == 1, $"{why}: {replies.Count} replies queued to the writer");
            Assert.True(replies[0].Address == MayaChat && replies[0].State == DeliveryState.Queued, $"{why}: the reply is {replies[0].State} to {replies[0].Address}");
            var item = Store.Find(id)!;
            var status = handled ? FeedbackStatus.Handled : FeedbackStatus.Replied;
            Assert.True(item.Status == status && item.Replies.Count == 1, $"{why}: the item is {item.Status} with {item.Replies.Count} replies");
            if (!stopped) break;
            stops++;
        }
        // Queueing the reply, recording it on the item.
        Assert.True(stops >= 2, $"only {stops} stopping points");
    }

    public void Dispose() => temp.Dispose();
}
