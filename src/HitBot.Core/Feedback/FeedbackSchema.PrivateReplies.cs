using HitBot.Core.Messaging.Outbox;
using LiteDB;

namespace HitBot.Core.Feedback;

sealed partial class FeedbackSchema
{
    /// <summary>
    /// Replies to anonymous items were ordinary rows: each kept the chat it went to, under the item's id, for as long as
    /// rows are kept (<c>RetentionDays</c>). They become private, as new ones are (<see cref="FeedbackInbox.Reply"/>): those
    /// delivered or given up lose their chat and card now, those still waiting once they are done. The items' own chats
    /// are sealed as HitBot starts (<see cref="FeedbackStore.SealReplyAddresses"/>): that needs the anonymity key, which a
    /// schema step does not have.
    /// </summary>
    static void V25AnonymousRepliesArePrivate(LiteDatabase db)
    {
        var feedback = db.GetCollection(FeedbackStore.Collection);
        var deliveries = db.GetCollection(OutboxStore.Collection);
        var anonymous = feedback.Query().Where("$.Anonymous = true").Select("{ _id: $._id }").ToDocuments().Select(item => item["_id"].AsString).ToList();
        var rows = anonymous.SelectMany(itemId => deliveries.Query()
            .Where(BsonExpression.Create("Campaign = @0", new BsonValue(FeedbackInbox.ReplyCampaignPrefix + itemId)))
            .Select("{ _id: $._id, State: $.State }").ToDocuments()).ToList();
        var waiting = rows.Where(r => !MessagingSchema.IsFinished(r["State"])).Select(r => r["_id"]).ToList();
        if (waiting.Count > 0)
        {
            db.BeginTrans();
            foreach (var id in waiting)
                if (deliveries.FindById(id) is { } row)
                {
                    row[nameof(Delivery.Private)] = true;
                    deliveries.Update(row);
                }
            db.Commit();
        }
        MessagingSchema.ForgetChats(db, [.. rows.Where(r => MessagingSchema.IsFinished(r["State"])).Select(r => r["_id"])]);
    }
}
