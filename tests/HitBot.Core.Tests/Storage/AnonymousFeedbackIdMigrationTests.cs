using System.Security.Cryptography;
using System.Text;
using HitBot.Core.Feedback;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using LiteDB;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Storage;

/// <summary>
/// Feedback typed in chat before schema version 24 took its id from a plain hash of the writer's person id and the Teams
/// message id (the millisecond it arrived): the inbox shows the id and the time, the people list the ids, so a central
/// team member could try every person and name an anonymous writer. The upgrade gives such items ids that name nobody.
/// </summary>
public sealed class AnonymousFeedbackIdMigrationTests : IDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero));
    static readonly ChannelAddress MayaChat = new() { Channel = ChannelKind.Teams, UserId = "29:maya", ConversationId = "a:maya" };
    const string TeamsMessageId = "1772460000123";

    /// <summary>The id HitBot before version 24 gave what <paramref name="personId"/> typed in message <paramref name="messageId"/>.</summary>
    static string LegacyToken(string personId, string messageId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(personId + "\n" + messageId)))[..16];

    FeedbackInbox Inbox(out FeedbackStore store, out OutboxStore outbox)
    {
        store = new FeedbackStore(temp.Db);
        outbox = new OutboxStore(temp.Db, new OutboxSignal());
        return new FeedbackInbox(store, outbox, new ReplyAddressSeal(temp.AnonymityKey()), time);
    }

    /// <summary>The file as version 23 left it: what <paramref name="write"/> stored, then the version put back to 23.</summary>
    void AsVersion23(Action<FeedbackInbox, FeedbackStore, OutboxStore> write)
    {
        var inbox = Inbox(out var store, out var outbox);
        write(inbox, store, outbox);
        temp.ReopenAfter(raw => raw.UserVersion = 23);
    }

    [Fact]
    public void An_anonymous_item_from_before_the_upgrade_can_no_longer_be_traced_to_its_writer_and_its_reply_still_counts()
    {
        var legacyId = "fb-" + LegacyToken("maya", TeamsMessageId);
        AsVersion23((inbox, store, outbox) =>
        {
            inbox.Submit(legacyId, "My site lead is never there.", anonymous: true, "maya", MayaChat, updateId: null);
            inbox.Reply(legacyId, "Thank you, we will look into it.", byPersonId: "coordinator");
            var reply = outbox.Find(store.Find(legacyId)!.Replies[0].Id)!;
            outbox.MarkDead(reply, "The person removed the app.");
        });

        var inbox = Inbox(out var store, out var outbox);

        Assert.Equal(Migrations.Current, temp.Db.SchemaVersion);
        var item = store.FindByNumber(1)!;
        Assert.NotEqual(legacyId, item.Id);
        Assert.Null(store.Find(legacyId));
        Assert.Equal(("My site lead is never there.", true, FeedbackStatus.Replied), (item.Text, item.Anonymous, item.Status));
        // The coordinator still sees that the reply never arrived, in chat and on the dashboard.
        Assert.Equal(DeliveryState.Dead, outbox.Find(item.Replies[0].Id)?.State);
        var undelivered = Assert.Single(inbox.Undelivered(3));
        Assert.Equal(item.Id, undelivered.Item.Id);
        var tally = outbox.Tallies([FeedbackInbox.ReplyCampaignPrefix + item.Id])[FeedbackInbox.ReplyCampaignPrefix + item.Id];
        Assert.Equal(1, tally.Count(DeliveryState.Dead));
        // And answering again reaches the writer once more.
        Assert.Equal(ReplyOutcome.Queued, inbox.Reply(item.Id, "We spoke to your site lead.", "coordinator").Outcome);
        Assert.Equal(2, outbox.ForCampaign(FeedbackInbox.ReplyCampaignPrefix + item.Id).Count);
        // Nowhere in the file is the old id left: not on the item, its reply, the reply's delivery or the delivery counts.
        Assert.Empty(DocumentsNaming(LegacyToken("maya", TeamsMessageId)));
    }

    [Fact]
    public void A_named_item_keeps_its_id_it_names_its_writer_anyway()
    {
        var legacyId = "fb-" + LegacyToken("maya", TeamsMessageId);
        AsVersion23((inbox, _, _) => inbox.Submit(legacyId, "When is the next training?", anonymous: false, "maya", MayaChat, updateId: null));

        Inbox(out var store, out _);

        Assert.Equal("maya", store.Find(legacyId)?.PersonId);
    }

    [Fact]
    public void An_offer_made_before_the_upgrade_and_sent_anonymously_after_it_gets_an_id_that_names_nobody()
    {
        var offerId = "offer-" + LegacyToken("maya", TeamsMessageId);
        AsVersion23((inbox, _, _) => inbox.Offer(LegacyToken("maya", TeamsMessageId), "The room was locked again.", "maya", MayaChat));

        var inbox = Inbox(out var store, out _);
        var sent = inbox.SendOffered(offerId, "maya", MayaChat, anonymous: true);

        Assert.NotNull(sent);
        Assert.NotEqual(offerId, sent.Id);
        Assert.Equal((1, true, (string?)null), (sent.Number, sent.Anonymous, sent.PersonId));
        Assert.Equal(sent.Id, store.FindByNumber(1)?.Id);
        Assert.Null(store.Find(offerId));
    }

    /// <summary>Every document of every collection whose JSON contains <paramref name="text"/>, read with LiteDB alone.</summary>
    List<string> DocumentsNaming(string text)
    {
        List<string> found = [];
        temp.ReopenAfter(raw => found = [.. raw.GetCollectionNames()
            .SelectMany(name => raw.GetCollection(name).FindAll().Select(d => name + ": " + JsonSerializer.Serialize(d)))
            .Where(json => json.Contains(text, StringComparison.Ordinal))]);
        return found;
    }

    public void Dispose() => temp.Dispose();
}
