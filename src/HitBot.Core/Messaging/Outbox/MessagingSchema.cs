using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Messaging.Outbox;

/// <summary>The outbox's and the inbound ids' shape.</summary>
sealed class MessagingSchema : ISchemaSteps
{
    public IEnumerable<SchemaStep> Steps =>
    [
        new(1, "outbox and inbound indexes", V1Indexes),
        new(2, "delivery key is the id", V2DeliveryKeyIsTheId),
        new(7, "messages stored once", V7MessagesStoredOnce),
        new(10, "only waiting rows are due", V10OnlyWaitingRowsAreDue),
    ];

    static void V1Indexes(LiteDatabase db)
    {
        var deliveries = db.GetCollection<Delivery>(OutboxStore.Collection);
        deliveries.EnsureIndex(d => d.DueAt);
        deliveries.EnsureIndex(d => d.Campaign);
        db.GetCollection<InboundActivity>(InboundStore.Collection).EnsureIndex(a => a.ReceivedAt);
    }

    /// <summary>
    /// Version 1 kept a random _id plus unique IdempotencyKey and State indexes; every index costs each insert and
    /// update a write, which made queueing a 10,000-person update slow. The key is now the _id.
    /// </summary>
    static void V2DeliveryKeyIsTheId(LiteDatabase db)
    {
        var deliveries = db.GetCollection(OutboxStore.Collection);
        db.BeginTrans();
        var old = deliveries.Find(Query.Not("IdempotencyKey", BsonValue.Null)).ToList();
        foreach (var row in old)
        {
            deliveries.Delete(row["_id"]);
            row["_id"] = row["IdempotencyKey"];
            row.Remove("IdempotencyKey");
            deliveries.Insert(row);
        }
        db.Commit();
        deliveries.DropIndex("IdempotencyKey");
        deliveries.DropIndex("State");
    }

    /// <summary>
    /// From version 7 a fan-out's message is stored once in the <c>messages</c> collection and its rows name it
    /// (<see cref="Delivery.MessageId"/>). Rows written before keep their message inline and are read as they are, so
    /// nothing is rewritten; the version is raised so that an older HitBot, which would find such rows empty, refuses the file.
    /// </summary>
    static void V7MessagesStoredOnce(LiteDatabase db) => db.GetCollection<SharedMessage>(MessageStore.Collection);

    /// <summary>
    /// The due index holds only rows still waiting to go: a finished row (its due time <see cref="Delivery.NotDue"/>) gets
    /// no key. Before, the index kept every finished row at its end, and each recorded send walked past them to add one
    /// more. Rebuilding the index is the whole step: no row is rewritten or moved, so every reader sees the same rows; the
    /// version is raised so that an older HitBot, whose claims would read the whole collection without its index, refuses the file.
    /// </summary>
    static void V10OnlyWaitingRowsAreDue(LiteDatabase db)
    {
        var deliveries = db.GetCollection<Delivery>(OutboxStore.Collection);
        deliveries.DropIndex(nameof(Delivery.DueAt));
        deliveries.EnsureIndex(OutboxStore.DueIndex, OutboxStore.DueIndexExpression);
    }
}
