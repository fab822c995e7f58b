using HitBot.Core.Messaging.Outbox;
using LiteDB;

namespace HitBot.Core.Feedback;

sealed partial class FeedbackSchema
{
    /// <summary>
    /// Gives every anonymous item with a legacy id a random one, with its replies, their outbox rows and the rows' counts,
    /// one item per transaction: a crash part-way leaves each item whole under one id, and the next start renames the rest
    /// (a renamed id no longer looks legacy). Offers not sent yet keep theirs (their buttons name it) until sent
    /// anonymously (<see cref="FeedbackStore.Confirm"/>). Ids that were hashed: <see cref="LegacyFeedbackIds"/>.
    /// </summary>
    static void V24AnonymousIdsNameNobody(LiteDatabase db)
    {
        var feedback = db.GetCollection(FeedbackStore.Collection);
        var legacy = feedback.Find(Query.EQ(nameof(FeedbackItem.Anonymous), true))
            .Where(item => item["_id"].IsString && LegacyFeedbackIds.IsLegacy(item["_id"].AsString)
                && item[nameof(FeedbackItem.Status)].AsString != nameof(FeedbackStatus.Offered))
            .ToList();
        foreach (var item in legacy) Rename(db, item, LegacyFeedbackIds.NewId());
    }

    static void Rename(LiteDatabase db, BsonDocument item, string newId)
    {
        var oldId = item["_id"].AsString;
        var (oldPrefix, newPrefix) = (FeedbackInbox.ReplyKeyPrefix + oldId + ":", FeedbackInbox.ReplyKeyPrefix + newId + ":");
        var (oldCampaign, newCampaign) = (FeedbackInbox.ReplyCampaignPrefix + oldId, FeedbackInbox.ReplyCampaignPrefix + newId);
        string Renamed(string replyId) => replyId.StartsWith(oldPrefix, StringComparison.Ordinal) ? newPrefix + replyId[oldPrefix.Length..] : replyId;

        var feedback = db.GetCollection(FeedbackStore.Collection);
        var deliveries = db.GetCollection(OutboxStore.Collection);
        var counts = db.GetCollection(DeliveryCountStore.Collection);
        db.BeginTrans();
        feedback.Delete(oldId);
        item["_id"] = newId;
        if (item[nameof(FeedbackItem.Replies)] is { IsArray: true } replies)
            // LiteDB keeps a nested record's Id as _id too.
            foreach (var reply in replies.AsArray.Where(r => r.IsDocument && r["_id"].IsString))
                reply["_id"] = Renamed(reply["_id"].AsString);
        feedback.Insert(item);

        foreach (var row in deliveries.Find(Query.StartsWith("_id", oldPrefix)).ToList())
        {
            deliveries.Delete(row["_id"]);
            row["_id"] = Renamed(row["_id"].AsString);
            if (row[nameof(Delivery.Campaign)].AsString == oldCampaign) row[nameof(Delivery.Campaign)] = newCampaign;
            deliveries.Insert(row);
        }
        // The rows' counts are kept per campaign: the whole campaign moved, so its counts move with it.
        if (counts.FindById(DeliveryCountStore.Key(oldCampaign)) is { } counted)
        {
            counts.Delete(counted["_id"]);
            counted["_id"] = DeliveryCountStore.Key(newCampaign);
            counted["Campaign"] = newCampaign;
            counts.Insert(counted);
        }
        db.Commit();
    }
}
