using HitBot.Core.Feedback;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using HitBot.Core.Surveys;
using LiteDB;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Feedback;

/// <summary>
/// The chat an anonymous item came from: the file alone (a backup, say) must not say whose it is, yet a reply reaches it,
/// and once delivered the reply's own row keeps nothing of it either.
/// </summary>
public sealed class AnonymousReplyAddressTests : IDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero));
    static readonly ChannelAddress MayaChat = new()
    {
        Channel = ChannelKind.Teams, UserId = "29:maya-chat", ConversationId = "a:maya-conversation", ServiceUrl = "https://127.0.0.1:9/amer/",
    };
    static readonly ChannelAddress BenChat = new() { Channel = ChannelKind.Slack, TeamId = "T1", UserId = "U-ben", ConversationId = "D-ben" };
    static readonly string[] MayasChatIds = ["29:maya-chat", "a:maya-conversation"];

    FeedbackStore Store => new(temp.Db);
    OutboxStore Outbox => new(temp.Db, new OutboxSignal());
    ReplyAddressSeal Seal => new(temp.AnonymityKey());
    FeedbackInbox Inbox => new(Store, Outbox, Seal, time);

    /// <summary>Every document in the file (collection: JSON) that holds one of Maya's chat ids.</summary>
    List<string> HoldingHerChat() =>
        [.. temp.Db.AllDocuments().Where(d => MayasChatIds.Any(id => d.Json.Contains(id, StringComparison.Ordinal))).Select(d => $"{d.Collection}: {d.Json}")];

    [Fact]
    public void An_anonymous_items_chat_is_sealed_in_the_file_and_its_delivered_reply_keeps_none_of_it()
    {
        var item = Inbox.Submit("f1", "My site lead is never there.", anonymous: true, "maya", MayaChat, updateId: null);
        var heldBeforeReply = HoldingHerChat();

        var (outcome, _) = Inbox.Reply(item.Id, "Thank you, we will look into it.", byPersonId: "coordinator");
        var reply = Assert.Single(Outbox.ForCampaign(FeedbackInbox.ReplyCampaignPrefix + item.Id));
        var addressed = reply.Address;
        Outbox.MarkSent(Outbox.ClaimDue(time.GetUtcNow(), 10).Single(), new SentMessage("a:maya-conversation", "1:reply"), time.GetUtcNow());

        Assert.Empty(heldBeforeReply);
        Assert.Equal((ReplyOutcome.Queued, MayaChat), (outcome, addressed));
        Assert.Equal(DeliveryState.Sent, Outbox.Find(reply.Id)?.State);
        Assert.Empty(HoldingHerChat());
        Assert.Null(Store.Find(item.Id)?.ReplyTo);
    }

    [Fact]
    public void The_writers_second_press_is_recognised_from_their_chat_and_no_other()
    {
        var offer = Inbox.Offer("t1", "Friday sessions are hard to staff", "maya", MayaChat);
        var sent = Inbox.SendOffered(offer.Id, "maya", MayaChat, anonymous: true);

        var again = Inbox.SendOffered(offer.Id, "maya", MayaChat, anonymous: true);
        var fromBen = Inbox.SendOffered(offer.Id, "ben", BenChat, anonymous: true);

        Assert.Equal((true, (string?)null), (sent?.Anonymous, sent?.PersonId));
        Assert.Equal(sent?.Number, again?.Number);
        Assert.Null(fromBen);
        Assert.Empty(HoldingHerChat());
    }

    /// <summary>
    /// Someone holding a copy of the file and the roster's chat ids, but not the key file, computes for each chat what
    /// HitBot would store for it under a key of their own: none of it is in the file, so the item still names no chat.
    /// </summary>
    [Fact]
    public void Without_the_key_file_nobody_can_match_an_anonymous_item_to_a_chat_by_hashing_the_rosters_chats()
    {
        Inbox.Submit("f1", "My site lead is never there.", anonymous: true, "maya", MayaChat, updateId: null);
        var otherKeyPath = temp.Folder + ".guess.key";
        var guessingKey = new AnonymityKey(Options.Create(new SurveyOptions { AnonymityKeyPath = otherKeyPath }), temp.Db);

        try
        {
            var guess = new ReplyAddressSeal(guessingKey).KeyOf(MayaChat);

            Assert.NotEqual(Seal.KeyOf(MayaChat), guess);
            Assert.DoesNotContain(temp.Db.AllDocuments(), d => d.Json.Contains(guess, StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(otherKeyPath);
        }
    }

    [Fact]
    public void Without_the_key_it_was_sealed_with_a_reply_has_no_chat_to_go_to_and_nothing_is_queued()
    {
        var item = Inbox.Submit("f1", "My site lead is never there.", anonymous: true, "maya", MayaChat, updateId: null);
        // The database moved to another server without its key file: a new key is made there.
        var otherKeyPath = temp.Folder + ".other.key";
        var otherKey = new AnonymityKey(Options.Create(new SurveyOptions { AnonymityKeyPath = otherKeyPath }), temp.Db);

        try
        {
            var (outcome, _) = new FeedbackInbox(Store, Outbox, new ReplyAddressSeal(otherKey), time).Reply(item.Id, "Thanks.", "coordinator");

            Assert.Equal(ReplyOutcome.Unreachable, outcome);
            Assert.Empty(Outbox.ForCampaign(FeedbackInbox.ReplyCampaignPrefix + item.Id));
        }
        finally
        {
            File.Delete(otherKeyPath);
        }
    }

    [Fact]
    public void An_upgraded_file_forgets_the_chats_of_finished_private_rows_and_the_start_seals_old_anonymous_items()
    {
        var item = Inbox.Submit("f1", "My site lead is never there.", anonymous: true, "maya", MayaChat, updateId: null);
        Inbox.Reply(item.Id, "Thank you, we will look into it.", byPersonId: "coordinator");
        var replyId = Store.Find(item.Id)!.Replies[0].Id;
        Outbox.MarkSent(Outbox.ClaimDue(time.GetUtcNow(), 10).Single(), new SentMessage("a:maya-conversation", "1:reply"), time.GetUtcNow());
        // As version 24 left such a file: the item's chat in clear, its delivered reply and an acknowledgement keeping theirs.
        var chat = BsonMapper.Global.ToDocument(MayaChat with { DisplayName = "Maya Lopez", AadObjectId = "aad-maya" });
        temp.ReopenAfter(raw =>
        {
            var feedback = raw.GetCollection(FeedbackStore.Collection);
            var stored = feedback.FindById(item.Id);
            stored[nameof(FeedbackItem.ReplyTo)] = chat;
            stored.Remove(nameof(FeedbackItem.SealedReplyTo));
            stored.Remove(nameof(FeedbackItem.ReplyToKey));
            feedback.Update(stored);
            var deliveries = raw.GetCollection(OutboxStore.Collection);
            var reply = deliveries.FindById(replyId);
            reply[nameof(Delivery.Address)] = chat;
            reply[nameof(Delivery.Private)] = false;
            reply[nameof(Delivery.MessageJson)] = "{\"text\":\"A reply from the central team\"}";
            deliveries.Update(reply);
            var ack = BsonMapper.Global.ToDocument(Delivery.Send("ack:f1", "interaction", null, MayaChat, Message.Text("Thanks, it's with the central team"),
                time.GetUtcNow()) with { Private = true, State = DeliveryState.Sent, DueAt = Delivery.NotDue, SentConversationId = "a:maya-conversation" });
            deliveries.Insert(ack);
            raw.UserVersion = 24;
        });
        var upgraded = HoldingHerChat();

        var sealedAtStart = Store.SealReplyAddresses(Seal.Sealed);
        var sealedAgain = Store.SealReplyAddresses(Seal.Sealed);
        var (outcome, _) = Inbox.Reply(item.Id, "It is fixed now.", byPersonId: "coordinator");

        Assert.Equal(Migrations.Current, temp.Db.SchemaVersion);
        Assert.Equal([$"{FeedbackStore.Collection}"], upgraded.Select(d => d[..d.IndexOf(':', StringComparison.Ordinal)]));
        Assert.Equal((1, 0), (sealedAtStart, sealedAgain));
        Assert.Equal(ReplyOutcome.Queued, outcome);
        Assert.Contains(Outbox.ForCampaign(FeedbackInbox.ReplyCampaignPrefix + item.Id), d => d.State == DeliveryState.Queued && d.Address == MayaChat);
        Assert.Equal([OutboxStore.Collection], HoldingHerChat().Select(d => d[..d.IndexOf(':', StringComparison.Ordinal)]));
        Assert.DoesNotContain(temp.Db.AllDocuments(), d => d.Json.Contains("Maya Lopez", StringComparison.Ordinal) || d.Json.Contains("aad-maya", StringComparison.Ordinal));
        Assert.Equal(MayaChat, Seal.AddressOf(Store.Find(item.Id)!));
    }

    public void Dispose() => temp.Dispose();
}
