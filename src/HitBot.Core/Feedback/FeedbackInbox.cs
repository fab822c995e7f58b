using System.Security.Cryptography;
using System.Text;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;

namespace HitBot.Core.Feedback;

public enum ReplyOutcome
{
    Queued,
    NoItem,
    Empty,
    TooLong,
    TooNested,
    /// <summary>Its writer was erased: their chat is forgotten, so the reply cannot reach them and is not recorded.</summary>
    Unreachable,
    /// <summary>
    /// A reply reached the item after the form it was typed in was made (another coordinator's): nothing was sent, so the
    /// writer does not get two answers from people who did not know of each other's; <c>Item</c> is the item now.
    /// </summary>
    RepliedSince,
}

/// <summary>
/// What people write to the central team, and the replies that go back to the chat each item came from.
/// Every write is keyed so a button pressed twice, or a retried request, stores and sends once.
/// </summary>
public sealed class FeedbackInbox(FeedbackStore store, OutboxStore outbox, ReplyAddressSeal seal, TimeProvider time)
{
    public const string ReplyCampaignPrefix = "feedback:";

    /// <summary>How every reply's outbox key starts (the digest counts those the chat refused).</summary>
    public const string ReplyKeyPrefix = "feedback-reply:";

    /// <summary>Stores feedback a person chose to send. <paramref name="id"/> comes from the form, so a second press finds the first.</summary>
    public FeedbackItem Submit(string id, string text, bool anonymous, string personId, ChannelAddress from, string? updateId) =>
        store.AddOnce(seal.Sealed(new FeedbackItem
        {
            Id = id,
            Text = text.Trim(),
            Anonymous = anonymous,
            PersonId = anonymous ? null : personId,
            ReplyTo = anonymous ? ChatOnly(from) : from,
            UpdateId = updateId,
            Status = FeedbackStatus.New,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        }), writtenBy: personId);

    /// <summary>
    /// The chat an anonymous item is answered in, without the name and Entra id Teams sends with every message: the chat
    /// is all a reply needs, and kept, they named the writer in the file.
    /// </summary>
    static ChannelAddress ChatOnly(ChannelAddress chat) => chat with { DisplayName = null, AadObjectId = null };

    /// <summary>Keeps text the bot did not understand until the person says whether to send it; it is not in the inbox yet.</summary>
    /// <param name="aboutUpdateId">The update whose thread it was written in, or null (<see cref="FeedbackItem.OfferedAboutUpdateId"/>).</param>
    public FeedbackItem Offer(string token, string text, string personId, ChannelAddress from, string? aboutUpdateId = null) =>
        store.AddOnce(new FeedbackItem
        {
            Id = "offer-" + token,
            Text = text.Trim(),
            PersonId = personId,
            ReplyTo = from,
            OfferedAboutUpdateId = aboutUpdateId,
            Status = FeedbackStatus.Offered,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        }, writtenBy: personId);

    /// <summary>Sends an offered item, named or anonymous. Null when it is gone or belongs to someone else.</summary>
    /// <param name="updateId">The update it is a question about, as the caller decided from the offer's <see cref="FeedbackItem.OfferedAboutUpdateId"/>.</param>
    public FeedbackItem? SendOffered(string id, string personId, ChannelAddress from, bool anonymous, string? updateId = null)
    {
        if (store.Find(id) is not { } item || !WrittenBy(item, personId, from)) return null;
        return store.Confirm(id, personId, offered => seal.Sealed(offered with
        {
            Anonymous = anonymous,
            PersonId = anonymous ? null : personId,
            ReplyTo = anonymous && offered.ReplyTo is { } to ? ChatOnly(to) : offered.ReplyTo,
            UpdateId = updateId,
            OfferedAboutUpdateId = null,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        }));
    }

    /// <summary>Forgets an offered item ("No thanks"). Items already sent stay: the central team may be reading them.</summary>
    public bool Decline(string id, string personId) =>
        store.Find(id) is { Status: FeedbackStatus.Offered } item && item.PersonId == personId && store.Delete(id);

    /// <summary>
    /// Queues a reply to the chat the item came from and records it. The same text to the same item is one reply,
    /// so "send" pressed twice sends once; a crash between the two steps is repaired by trying again. An item whose writer
    /// was erased has no chat to answer in: <see cref="ReplyOutcome.Unreachable"/>, and nothing is recorded.
    /// </summary>
    /// <param name="seenReplies">
    /// How many replies the item had when the form was shown (chat); null: no check (the admin API). More now, none of them
    /// this same text (the same press again), is <see cref="ReplyOutcome.RepliedSince"/>.
    /// </param>
    public (ReplyOutcome Outcome, FeedbackItem? Item) Reply(string id, string text, string? byPersonId, int? seenReplies = null)
    {
        if (store.Find(id) is not { } item || item.Status == FeedbackStatus.Offered) return (ReplyOutcome.NoItem, null);
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0) return (ReplyOutcome.Empty, item);
        if (trimmed.Length > FeedbackItem.MaxText) return (ReplyOutcome.TooLong, item);
        if (MarkdownText.Problem("text", trimmed) is not null) return (ReplyOutcome.TooNested, item);

        var replyId = $"{ReplyKeyPrefix}{item.Id}:{Hash(trimmed)}";
        if (seenReplies is { } seen && item.Replies.Count > seen && item.Replies.All(r => r.Id != replyId)) return (ReplyOutcome.RepliedSince, item);
        var now = time.GetUtcNow();
        var reply = new FeedbackReply { Id = replyId, Text = trimmed, ByPersonId = byPersonId, At = now.UtcDateTime };
        // The address is read again in the queueing transaction: the writer's erasure may have cleared it since the read above.
        List<Delivery> queued = [];
        // Private for an anonymous item: once delivered (or given up), its row keeps neither the chat nor the card.
        var reachable = store.WithReplyAddress(item.Id, seal.AddressOf, to => queued = outbox.InsertNewInTransaction(
            [Delivery.Send(replyId, ReplyCampaignPrefix + item.Id, item.PersonId, to, FeedbackCards.ReplyDelivered(item, reply), now) with { Private = item.Anonymous }]));
        outbox.Queued(queued);
        if (item.Replies.Any(r => r.Id == replyId)) return (ReplyOutcome.Queued, item);
        if (!reachable) return (ReplyOutcome.Unreachable, item);
        var replied = store.Change(item.Id, byPersonId, current => current.Replies.Any(r => r.Id == replyId) ? current : current with
        {
            Replies = [.. current.Replies, reply],
            Status = current.Status == FeedbackStatus.Handled ? FeedbackStatus.Handled : FeedbackStatus.Replied,
        });
        return (ReplyOutcome.Queued, replied ?? item);
    }

    /// <summary>Why an anonymous item's reply did not arrive: naming the platform ("Slack does not know this person") would narrow down who wrote it.</summary>
    public const string AnonymousNotSent = "The writer's chat no longer takes HitBot's messages.";

    /// <summary>
    /// Open items whose newest reply the writer's chat refused for good, newest first, with why. Such an item counts as
    /// answered, yet its writer never read the answer: the chat inbox lists it until someone marks it handled. A reply
    /// sent later that arrived, or a delivery record pruned after RetentionDays, ends the listing.
    /// </summary>
    public IReadOnlyList<UndeliveredReply> Undelivered(int limit) =>
        [.. outbox.WithKeyPrefix(ReplyKeyPrefix)
            .Where(d => d.State is DeliveryState.Dead or DeliveryState.Cancelled)
            .OrderByDescending(d => d.CreatedAt)
            .Select(d => (Delivery: d, Item: store.Find(d.Campaign[ReplyCampaignPrefix.Length..])))
            .Where(x => x.Item is { Status: FeedbackStatus.Replied } item && item.Replies.Count > 0 && item.Replies[^1].Id == x.Delivery.Id)
            .Select(x => new UndeliveredReply(x.Item!, x.Item!.Replies[^1], x.Item.Anonymous ? AnonymousNotSent : x.Delivery.LastError))
            .Take(limit)];

    /// <summary>Marks an item as dealt with (or opens it again); null when there is no such item.</summary>
    public FeedbackItem? MarkHandled(string id, bool handled) => store.Change(id, by: null, item => handled
        ? item with { Status = FeedbackStatus.Handled, HandledAt = time.GetUtcNow().UtcDateTime }
        : item with { Status = item.Replies.Count > 0 ? FeedbackStatus.Replied : FeedbackStatus.New, HandledAt = null });

    /// <summary>
    /// An offer belongs to the person it was made to; once sent anonymously it has no person, and only the chat it
    /// came from can recognise it (a second press of the same button).
    /// </summary>
    bool WrittenBy(FeedbackItem item, string personId, ChannelAddress from) =>
        item.PersonId == personId || item.PersonId is null && seal.CameFrom(item, from);

    internal static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}

/// <summary>A reply its writer never received: <see cref="Reason"/> says why in the chat's words, when it said.</summary>
public sealed record UndeliveredReply(FeedbackItem Item, FeedbackReply Reply, string? Reason);
