using HitBot.Core.Feedback;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Feedback;

/// <summary>Feedback from people to the central team: numbering, anonymity, replies back to the right chat, and status.</summary>
public sealed class FeedbackInboxTests : IDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero));
    readonly FeedbackStore store;
    readonly OutboxStore outbox;
    readonly FeedbackInbox inbox;
    static readonly ChannelAddress MayaChat = new() { Channel = ChannelKind.Teams, UserId = "29:maya", ConversationId = "a:maya" };
    static readonly ChannelAddress BenChat = new() { Channel = ChannelKind.Slack, TeamId = "T1", UserId = "U-ben", ConversationId = "D-ben" };

    public FeedbackInboxTests()
    {
        store = new FeedbackStore(temp.Db);
        outbox = new OutboxStore(temp.Db, new OutboxSignal());
        inbox = new FeedbackInbox(store, outbox, new ReplyAddressSeal(temp.AnonymityKey()), time);
    }

    [Fact]
    public void Feedback_is_numbered_in_the_order_it_arrives_and_a_second_press_stores_it_once()
    {
        var first = inbox.Submit("f1", "When is the next training?", anonymous: false, "maya", MayaChat, updateId: null);
        var again = inbox.Submit("f1", "When is the next training?", anonymous: false, "maya", MayaChat, updateId: null);
        var second = inbox.Submit("f2", "The room was locked.", anonymous: false, "ben", BenChat, updateId: null);

        Assert.Equal((1, 1, 2), (first.Number, again.Number, second.Number));
        Assert.Equal(["f2", "f1"], store.NewestFirst(FeedbackStore.InInbox).Select(i => i.Id));
    }

    [Fact]
    public void Anonymous_feedback_names_nobody_yet_the_reply_reaches_the_chat_it_came_from()
    {
        var item = inbox.Submit("f1", "My site lead is never there.", anonymous: true, "maya", MayaChat, updateId: null);

        var (outcome, replied) = inbox.Reply(item.Id, "Thank you, we will look into it.", byPersonId: "coordinator");

        Assert.Null(store.Find("f1")?.PersonId);
        Assert.Equal(ReplyOutcome.Queued, outcome);
        Assert.Equal(FeedbackStatus.Replied, replied?.Status);
        var delivery = Assert.Single(outbox.ForCampaign(FeedbackInbox.ReplyCampaignPrefix + "f1"));
        Assert.Equal((MayaChat, (string?)null), (delivery.Address, delivery.PersonId));
    }

    [Fact]
    public void The_same_reply_sent_twice_is_recorded_and_sent_once()
    {
        inbox.Submit("f1", "Question", anonymous: false, "maya", MayaChat, updateId: null);

        inbox.Reply("f1", "Answer", "coordinator");
        inbox.Reply("f1", " Answer ", "coordinator");

        Assert.Single(store.Find("f1")!.Replies);
        Assert.Single(outbox.ForCampaign(FeedbackInbox.ReplyCampaignPrefix + "f1"));
    }

    [Theory]
    [InlineData("   ", ReplyOutcome.Empty)]
    [InlineData(null, ReplyOutcome.TooLong)]
    public void A_reply_that_cannot_be_sent_is_refused_and_nothing_is_queued(string? text, ReplyOutcome expected)
    {
        inbox.Submit("f1", "Question", anonymous: false, "maya", MayaChat, updateId: null);

        var (outcome, _) = inbox.Reply("f1", text ?? new string('x', FeedbackItem.MaxText + 1), "coordinator");

        Assert.Equal(expected, outcome);
        Assert.Empty(outbox.ForCampaign(FeedbackInbox.ReplyCampaignPrefix + "f1"));
        Assert.Equal(FeedbackStatus.New, store.Find("f1")?.Status);
    }

    [Fact]
    public void A_handled_item_stays_handled_when_answered_and_reopens_as_replied_or_new()
    {
        inbox.Submit("answered", "Question", anonymous: false, "maya", MayaChat, updateId: null);
        inbox.Submit("unanswered", "Question", anonymous: false, "maya", MayaChat, updateId: null);
        inbox.MarkHandled("answered", handled: true);
        inbox.MarkHandled("unanswered", handled: true);

        inbox.Reply("answered", "Done", "coordinator");

        Assert.Equal(FeedbackStatus.Handled, store.Find("answered")?.Status);
        Assert.Equal((FeedbackStatus.Replied, (DateTime?)null), (inbox.MarkHandled("answered", handled: false)?.Status, store.Find("answered")?.HandledAt));
        Assert.Equal(FeedbackStatus.New, inbox.MarkHandled("unanswered", handled: false)?.Status);
    }

    /// <summary>
    /// Two coordinators at one item at the same moment (a reply from chat while another is sent from the dashboard, or
    /// one marks it handled as the other replies): each change is kept. The reply recorded the item as read before the
    /// other's write, so the tutor got both replies while the inbox showed one, or a handled item came back as open.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_change_made_while_a_reply_is_on_its_way_is_kept_beside_the_reply(bool markedHandled)
    {
        inbox.Submit("f1", "Question", anonymous: false, "maya", MayaChat, updateId: null);
        var meanwhile = false;
        // As the first reply queues its message, the other coordinator's change goes through.
        temp.Db.BeforeEachCommit(() =>
        {
            if (meanwhile) return;
            meanwhile = true;
            if (markedHandled) inbox.MarkHandled("f1", handled: true);
            else inbox.Reply("f1", "Thursday at 4, room 12.", "lena");
        });

        inbox.Reply("f1", "Thursday at 4.", "coordinator");

        temp.Db.BeforeEachCommit(null);
        var item = store.Find("f1")!;
        Assert.Equal(markedHandled ? 1 : 2, item.Replies.Count);
        Assert.Equal(item.Replies.Count, outbox.ForCampaign(FeedbackInbox.ReplyCampaignPrefix + "f1").Count);
        Assert.Equal(markedHandled ? FeedbackStatus.Handled : FeedbackStatus.Replied, item.Status);
    }

    [Fact]
    public void Text_the_bot_did_not_understand_stays_out_of_the_inbox_until_its_writer_sends_it()
    {
        var offer = inbox.Offer("o1", "the printer at lincoln is broken", "maya", MayaChat);
        inbox.Submit("f1", "Earlier feedback", anonymous: false, "ben", BenChat, updateId: null);

        Assert.Equal(0, offer.Number);
        Assert.DoesNotContain(store.NewestFirst(FeedbackStore.InInbox), i => i.Id == offer.Id);
        Assert.Equal(ReplyOutcome.NoItem, inbox.Reply(offer.Id, "Hello", "coordinator").Outcome);
        Assert.Null(inbox.SendOffered(offer.Id, "ben", BenChat, anonymous: false));

        var sent = inbox.SendOffered(offer.Id, "maya", MayaChat, anonymous: true);

        Assert.Equal((FeedbackStatus.New, 2, (string?)null), (sent?.Status, sent?.Number, sent?.PersonId));
        Assert.Contains(store.NewestFirst(FeedbackStore.InInbox), i => i.Id == offer.Id);
    }

    [Fact]
    public void Only_its_writer_can_decline_an_offer_and_a_sent_item_cannot_be_declined()
    {
        var offer = inbox.Offer("o2", "hmm", "maya", MayaChat);
        inbox.Submit("f1", "Question", anonymous: false, "maya", MayaChat, updateId: null);

        Assert.False(inbox.Decline(offer.Id, "ben"));
        Assert.False(inbox.Decline("f1", "maya"));
        Assert.True(inbox.Decline(offer.Id, "maya"));
        Assert.Null(store.Find(offer.Id));
    }

    [Fact]
    public void An_updates_question_count_is_the_questions_asked_from_that_update()
    {
        inbox.Submit("q1", "Which room?", anonymous: false, "maya", MayaChat, updateId: "week-12");
        inbox.Submit("q2", "What time?", anonymous: true, "ben", BenChat, updateId: "week-12");
        inbox.Submit("q3", "Other", anonymous: false, "ben", BenChat, updateId: "week-11");
        inbox.Submit("f1", "General", anonymous: false, "ben", BenChat, updateId: null);

        Assert.Equal(2, store.CountForUpdate("week-12"));
        Assert.Equal(["q2", "q1"], store.NewestFirst(FeedbackStore.InInbox, "week-12").Select(i => i.Id));
    }

    [Fact]
    public void Erasing_a_person_keeps_their_feedback_for_the_program_but_anonymous_and_unanswerable()
    {
        inbox.Submit("f1", "Question", anonymous: false, "maya", MayaChat, updateId: null);
        inbox.Submit("f2", "Other", anonymous: false, "ben", BenChat, updateId: null);
        inbox.Reply("f2", "Answer", "maya");

        store.ErasePerson("maya", []);

        Assert.Equal((true, (string?)null, (ChannelAddress?)null), (store.Find("f1")?.Anonymous, store.Find("f1")?.PersonId, store.Find("f1")?.ReplyTo));
        Assert.Null(Assert.Single(store.Find("f2")!.Replies).ByPersonId);
        Assert.Equal("ben", store.Find("f2")?.PersonId);
    }

    /// <summary>
    /// Teams tells HitBot the writer's name with every message (and their Entra id): kept on an anonymous item's reply
    /// address, the file named who wrote it, though only the chat is needed to answer.
    /// </summary>
    [Fact]
    public void Anonymous_feedback_keeps_the_chat_to_answer_in_but_not_the_name_or_Entra_id_Teams_sent_with_it()
    {
        var from = MayaChat with { DisplayName = "Maya Lopez", AadObjectId = "aad-maya" };
        inbox.Submit("f1", "My site lead is never there.", anonymous: true, "maya", from, updateId: null);
        var offer = inbox.Offer("o1", "the printer at lincoln is broken", "maya", from);
        inbox.SendOffered(offer.Id, "maya", from, anonymous: true);

        inbox.Reply("f1", "Thank you, we will look into it.", byPersonId: "coordinator");

        var seal = new ReplyAddressSeal(temp.AnonymityKey());
        Assert.All(new[] { seal.AddressOf(store.Find("f1")!), seal.AddressOf(store.Find(offer.Id)!) }, to => Assert.Equal(MayaChat, to));
        Assert.DoesNotContain(temp.Db.AllDocuments(), d => d.Json.Contains("Maya Lopez", StringComparison.Ordinal) || d.Json.Contains("aad-maya", StringComparison.Ordinal));
    }

    public void Dispose() => temp.Dispose();
}
