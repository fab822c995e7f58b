using LiteDB;

namespace HitBot.Core.Messaging.Outbox;

sealed partial class MessagingSchema
{
    /// <summary>A chunk of rows to a transaction, as the outbox's own rewrites go.</summary>
    const int ChunkRows = 1_000;

    /// <summary>
    /// Private rows finished before this version kept the chat they went to (only their message was cleared): with the
    /// row's time, an anonymous survey answer's thank-you or an anonymous item's acknowledgement still pointed at its
    /// writer. They now keep neither, as <see cref="OutboxStore.Forgotten"/> leaves every private row it finishes.
    /// </summary>
    static void V25PrivateRowsForgetTheirChat(LiteDatabase db)
    {
        var deliveries = db.GetCollection(OutboxStore.Collection);
        var finished = deliveries.Query().Where("$.Private = true").Select("{ _id: $._id, State: $.State }").ToDocuments()
            .Where(row => IsFinished(row["State"])).Select(row => row["_id"]).ToList();
        ForgetChats(db, finished);
    }

    internal static bool IsFinished(BsonValue state) => state.AsString is nameof(DeliveryState.Sent) or nameof(DeliveryState.Dead);

    /// <summary>Clears these rows' message and chat (<see cref="OutboxStore.Forgotten"/>), a chunk to a transaction.</summary>
    internal static void ForgetChats(LiteDatabase db, IReadOnlyList<BsonValue> ids)
    {
        var deliveries = db.GetCollection(OutboxStore.Collection);
        foreach (var chunk in ids.Chunk(ChunkRows))
        {
            db.BeginTrans();
            foreach (var id in chunk)
            {
                if (deliveries.FindById(id) is not { } row) continue;
                row[nameof(Delivery.Private)] = true;
                row[nameof(Delivery.MessageJson)] = "";
                row[nameof(Delivery.Address)] = new BsonDocument { [nameof(ChannelAddress.Channel)] = row[nameof(Delivery.Address)][nameof(ChannelAddress.Channel)] };
                foreach (var field in new[] { nameof(Delivery.MessageId), nameof(Delivery.SentConversationId), nameof(Delivery.SentMessageId),
                             nameof(Delivery.TargetConversationId), nameof(Delivery.TargetMessageId) })
                    row.Remove(field);
                deliveries.Update(row);
            }
            db.Commit();
        }
    }
}
