using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Messaging.Outbox;

public sealed partial class OutboxStore
{
    /// <summary>
    /// When each of these people's budgeted messages was meant to go (sent, queued, moved later, waiting for a retry),
    /// at or after <paramref name="since"/>. Held and cancelled rows never reach the person and do not count.
    /// </summary>
    /// <remarks>
    /// A few people (a thank-you, a site's update, a survey's reminders to those who have not answered) are looked up
    /// through the budget index, a person's rows of the retention period each (a few hundred at most); a big audience reads
    /// the budgeted rows created since <paramref name="since"/> through the budget-time index instead (four weeks of a
    /// year's rows). Before the indexes, every budgeted queueing read all rows: 3–20 s with a million of them, for one
    /// thank-you. Only the four fields the budget needs are read, not the rows. A row counts by when it was meant to go
    /// (moved later, or queued): looked up by person, one queued before <paramref name="since"/> and moved into the window
    /// (past a long break) counts; the big audience's read cannot see it without an index on that time.
    /// </remarks>
    public Dictionary<string, List<DateTime>> BudgetedTimes(IReadOnlySet<string> people, DateTime since)
    {
        var times = new Dictionary<string, List<DateTime>>(StringComparer.Ordinal);
        var rows = people.Count <= BudgetSeekLimit
            ? people.SelectMany(person => BudgetOf.Run(new BsonValue(person),
                query => db.Collection<BsonDocument>(Collection).Query().Where(query).Select(BudgetFields).ToDocuments().ToList()))
            : BudgetSince.Run(new BsonValue(since), query => db.Collection<BsonDocument>(Collection).Query().Where(query).Select(BudgetFields).ToDocuments().ToList());
        foreach (var row in rows)
        {
            if (!row["PersonId"].IsString || !people.Contains(row["PersonId"].AsString)) continue;
            var created = row["CreatedAt"].AsDateTime.ToUniversalTime();
            if (row["State"].AsString is not (nameof(DeliveryState.Queued) or nameof(DeliveryState.Sent) or nameof(DeliveryState.Failed))) continue;
            // When it was meant to go, not when the platform's pacing let it out: a fan-out sent over an hour is one message each.
            var at = row["HeldUntil"].IsDateTime ? row["HeldUntil"].AsDateTime.ToUniversalTime() : created;
            // By when it goes, not when it was queued: one moved past a summer break was queued months before the week it
            // went in, and a look by queueing time let as many more through beside it. (A big audience's read finds rows
            // by queueing time only, through the budget-time index: see the remarks.)
            if (at < since) continue;
            if (!times.TryGetValue(row["PersonId"].AsString, out var list)) times[row["PersonId"].AsString] = list = [];
            list.Add(at);
        }
        return times;
    }

    /// <summary>
    /// Up to this many people, one index look-up each; above, one read of the outbox. A person has a few hundred rows in
    /// the retention period at most, so 2,000 look-ups read well under the million rows of a full read.
    /// </summary>
    const int BudgetSeekLimit = 2_000;

    /// <summary>
    /// The budget index: each budgeted row by its person; other rows (replies, urgent updates, edits) get no key. It costs
    /// a queued row one index key and a send nothing (the person and the flag never change).
    /// </summary>
    public const string BudgetIndex = "Budget";
    public const string BudgetIndexExpression = "FILTER([$.PersonId] => $.Budgeted = true)";
    static readonly ParsedQuery BudgetOf = new(BudgetIndexExpression + " ANY = @0");

    /// <summary>
    /// The budget-time index: each budgeted row by when it was created; other rows get no key. One more key for a queued
    /// budgeted row, nothing for a send (the time and the flag never change).
    /// </summary>
    public const string BudgetTimeIndex = "BudgetTime";
    public const string BudgetTimeIndexExpression = "FILTER([$.CreatedAt] => $.Budgeted = true)";
    static readonly ParsedQuery BudgetSince = new(BudgetTimeIndexExpression + " ANY >= @0");

    /// <summary>The big audience's query as it runs, for the test that holds it to its index (LiteDB scans silently without one).</summary>
    internal ILiteQueryable<BsonDocument> BudgetedSince(DateTime since) =>
        db.Collection<BsonDocument>(Collection).Query().Where(BsonExpression.Create(BudgetTimeIndexExpression + " ANY >= @0", new BsonValue(since)));
    static readonly BsonExpression BudgetFields = BsonExpression.Create("{ PersonId: $.PersonId, State: $.State, CreatedAt: $.CreatedAt, HeldUntil: $.HeldUntil }");

    /// <summary>Rows whose key starts with <paramref name="prefix"/>, through the primary key's index.</summary>
    public List<Delivery> WithKeyPrefix(string prefix) =>
        [.. Deliveries.Find(LiteDB.Query.StartsWith("_id", prefix)).Select(AsShown)];

    /// <summary>
    /// Rewrites a row that is still waiting and not yet due (a digest that grows). False when it was claimed or is due
    /// meanwhile: the caller then starts a new one instead, so nothing is changed under the dispatcher.
    /// </summary>
    public bool ReplaceWaiting(Delivery row, DateTimeOffset now)
    {
        lock (claims.Gate)
            return Counted(changes =>
            {
                if (claims.Contains(row.Id) || Deliveries.FindById(row.Id) is not { State: DeliveryState.Queued } stored
                    || stored.DueAt <= now.UtcDateTime) return false;
                changes.Add(Changed(stored, row));
                return Deliveries.Update(row);
            });
    }

    /// <summary>
    /// Changes a row not sent yet: waiting for its time, due and waiting its turn, or failed and waiting for a retry, as long
    /// as no claim has taken it. False when it is on its way or finished. A claim reads the row again after this write.
    /// </summary>
    /// <remarks>A recall takes its update out of the digests: at 09:00 they wait their turn behind a fan-out, and one that went as it was named the recalled update.</remarks>
    public bool ChangeUnsent(string id, Func<Delivery, Delivery> change)
    {
        lock (claims.Gate)
            return Counted(changes =>
            {
                if (claims.Contains(id) || Deliveries.FindById(id) is not { State: DeliveryState.Queued or DeliveryState.Failed } stored) return false;
                var changed = change(stored);
                changes.Add(Changed(stored, changed));
                return Deliveries.Update(changed);
            });
    }
}
