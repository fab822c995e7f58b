using HitBot.Core.Feedback;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Feedback;

/// <summary>The daily retention pass forgets offers nobody answered, never what someone chose to send.</summary>
public sealed class FeedbackOfferRetentionTests : IDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero));
    static readonly ChannelAddress MayaChat = new() { Channel = ChannelKind.Teams, UserId = "29:maya", ConversationId = "a:maya" };

    [Fact]
    public void An_old_offer_its_writer_sends_after_the_pass_listed_it_stays_in_the_inbox()
    {
        var store = new FeedbackStore(temp.Db);
        var inbox = new FeedbackInbox(store, new OutboxStore(temp.Db, new OutboxSignal()), new ReplyAddressSeal(temp.AnonymityKey()), time);
        var offer = inbox.Offer("old", "what time is training on tuesday", "maya", MayaChat);
        time.Advance(TimeSpan.FromDays(40));
        FeedbackItem? sent = null;
        var pressed = false;
        // After the pass has listed the old offers, before it deletes them: Maya presses "Send as feedback" at last.
        temp.Db.BeforeEachCommit(() =>
        {
            if (pressed) return;
            pressed = true;
            sent = inbox.SendOffered(offer.Id, "maya", MayaChat, anonymous: false);
        });

        var pruned = store.PruneOffersBefore(time.GetUtcNow().AddDays(-30));

        temp.Db.BeforeEachCommit(null);
        Assert.Equal(FeedbackStatus.New, sent?.Status);
        Assert.Equal(0, pruned);
        Assert.Equal(FeedbackStatus.New, store.Find(offer.Id)?.Status);
    }

    public void Dispose() => temp.Dispose();
}
