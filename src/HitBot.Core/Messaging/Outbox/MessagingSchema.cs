using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Messaging.Outbox;

/// <summary>The outbox's and the inbound ids' shape.</summary>
sealed partial class MessagingSchema : ISchemaSteps
{
    public IEnumerable<SchemaStep> Steps =>
    [
        new(1, "outbox and inbound indexes", V1Indexes),
        new(2, "delivery key is the id", V2DeliveryKeyIsTheId),
        new(7, "messages stored once", V7MessagesStoredOnce),
        new(10, "only waiting rows are due", V10OnlyWaitingRowsAreDue),
        new(11, "sends an earlier HitBot left claimed are queued again", V11ClaimsAreNotStored),
        new(12, "counts per campaign kept with the rows", V12CountsPerCampaign),
        new(16, "budgeted rows by person", V16BudgetIndex),
        new(22, "budgeted rows by creation time", V22BudgetTimeIndex),
        new(25, "private rows forget their chat once finished", V25PrivateRowsForgetTheirChat),
    ];

    static void V1Indexes(LiteDatabase db)
    {
        var deliveries = db.GetCollection<Delivery>(OutboxStore.Collection);
        deliveries.EnsureIndex(nameof(Delivery.DueAt), d => d.DueAt);
        deliveries.EnsureIndex(nameof(Delivery.Campaign), d => d.Campaign);
        db.GetCollection<InboundActivity>(InboundStore.Collection).EnsureIndex(nameof(InboundActivity.ReceivedAt), a => a.ReceivedAt);
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

    /// <summary>
    /// HitBot before version 11's file stored a claim: a row being sent said Sending in the file, and a crash left it so.
    /// Claims are held in memory now (the file says Queued until the outcome), so only such a file can have Sending rows,
    /// and this step queues them again once. It used to be done at every start, reading every delivery row without an
    /// index: about a minute with a million rows before HitBot answered. They fall due "long ago" (the epoch) rather than
    /// at this machine's time, so they are sent at once whatever the clock says.
    /// </summary>
    static void V11ClaimsAreNotStored(LiteDatabase db)
    {
        var deliveries = db.GetCollection(OutboxStore.Collection);
        // A chunk per query, in key order: one query over a million rows would leave LiteDB's cache holding the file's size.
        foreach (var chunk in KeyOrderChunks.Of(deliveries, WholeRow, BsonValue.MinValue))
        {
            var left = chunk.Where(row => row[nameof(Delivery.State)] == nameof(DeliveryState.Sending)).ToList();
            foreach (var row in left)
            {
                row[nameof(Delivery.State)] = nameof(DeliveryState.Queued);
                row[nameof(Delivery.DueAt)] = DueAtOnce;
            }
            if (left.Count > 0) deliveries.Update(left);
        }
    }

    static readonly DateTime DueAtOnce = DateTime.UnixEpoch;
    static readonly BsonExpression WholeRow = BsonExpression.Create("$");

    /// <summary>
    /// From version 12 each campaign's rows are counted by state and platform in <see cref="DeliveryCountStore"/>, written with
    /// every write of the rows, and failed and given-up rows are indexed by campaign; an update's report reads those instead
    /// of every row of the update. A file written before is counted here once, a chunk of rows at a time (about ten seconds
    /// for a million rows); the version is raised so that an older HitBot, which would leave the counts behind, refuses the file.
    /// </summary>
    static void V12CountsPerCampaign(LiteDatabase db)
    {
        var deliveries = db.GetCollection(OutboxStore.Collection);
        deliveries.EnsureIndex(OutboxStore.FailuresIndex, OutboxStore.FailuresIndexExpression);
        DeliveryCountStore.CountAll(deliveries, db.GetCollection(DeliveryCountStore.Collection));
    }

    /// <summary>
    /// Indexes budgeted rows by person (<see cref="OutboxStore.BudgetIndex"/>): a thank-you or a site's update fits its few
    /// people's weeks by looking up their rows instead of reading the whole outbox. Built once over the rows already there
    /// (about a minute for a million rows, at the first start of this version).
    /// </summary>
    static void V16BudgetIndex(LiteDatabase db) =>
        db.GetCollection(OutboxStore.Collection).EnsureIndex(OutboxStore.BudgetIndex, OutboxStore.BudgetIndexExpression);

    /// <summary>
    /// Indexes budgeted rows by when they were created (<see cref="OutboxStore.BudgetTimeIndex"/>): a big audience's budget
    /// reads the rows of the last four weeks instead of the whole outbox, which keeps a year of them. Built once over the
    /// rows already there.
    /// </summary>
    static void V22BudgetTimeIndex(LiteDatabase db) =>
        db.GetCollection(OutboxStore.Collection).EnsureIndex(OutboxStore.BudgetTimeIndex, OutboxStore.BudgetTimeIndexExpression);
}
