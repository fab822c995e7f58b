using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Messaging.Outbox;

/// <summary>The outbox: every outbound message is a <see cref="Delivery"/> row first, then the dispatcher sends it.</summary>
public sealed partial class OutboxStore(HitBotDb db, OutboxSignal signal)
{
    public const string Collection = "deliveries";

    ILiteCollection<Delivery> Deliveries => db.Collection<Delivery>(Collection);

    /// <summary>The messages fan-outs share, stored once instead of in each of their rows.</summary>
    readonly MessageStore messages = new(db);

    /// <summary>False when this campaign + occurrence + person is already queued: scheduling twice never sends twice.</summary>
    public bool TryEnqueue(Delivery delivery)
    {
        if (!TryInsert(delivery)) return false;
        HitBotTelemetry.Queued([delivery]);
        signal.Notify();
        return true;
    }

    /// <summary>Queues many in one transaction, skipping keys already queued. Returns how many were new.</summary>
    /// <remarks>
    /// Optimistic: a fresh fan-out goes in with one insert and one commit. Only when a key is already there (the
    /// schedule fired twice, "send" pressed twice) does the rolled-back batch go again, looking each key up first:
    /// a LiteDB lookup costs about as much as an insert, so doing it every time would double the common case.
    /// </remarks>
    public int EnqueueMany(IEnumerable<Delivery> deliveries)
    {
        var batch = deliveries.DistinctBy(d => d.Id, StringComparer.Ordinal).ToList();
        int added;
        var fresh = batch;
        try
        {
            // The shared messages go in the rows' own transaction: a crash leaves both or neither.
            added = db.InTransaction(() => Deliveries.Insert(messages.Share(batch)));
        }
        catch (LiteException e) when (e.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
        {
            added = db.InTransaction(() =>
            {
                fresh = [.. batch.Where(d => !Deliveries.Exists(Queries.Equal("_id", d.Id)))];
                return Deliveries.Insert(messages.Share(fresh));
            });
        }
        HitBotTelemetry.Queued(fresh);
        if (added > 0) signal.Notify();
        return added;
    }

    /// <summary>
    /// Inserts the rows whose key is not queued yet, inside the caller's transaction (<see cref="InboundCommits"/>),
    /// and returns them. Looked up first: a failed insert inside a transaction would leave its data page written.
    /// </summary>
    internal List<Delivery> InsertNewInTransaction(IEnumerable<Delivery> deliveries)
    {
        var fresh = deliveries.Where(d => !Deliveries.Exists(BsonExpression.Create(ById, new BsonValue(d.Id)))).ToList();
        if (fresh.Count > 0) Deliveries.Insert(fresh);
        return fresh;
    }

    /// <summary>A parameter, not <c>Query.EQ</c>: the key written into the text would be parsed and compiled at every look-up.</summary>
    const string ById = "_id = @0";

    /// <summary>Counts committed rows and wakes the dispatcher for them.</summary>
    internal void Queued(List<Delivery> committed)
    {
        if (committed.Count == 0) return;
        HitBotTelemetry.Queued(committed);
        signal.Notify();
    }

    bool TryInsert(Delivery delivery)
    {
        try
        {
            Deliveries.Insert(delivery);
            return true;
        }
        catch (LiteException e) when (e.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
        {
            return false;
        }
    }

    public Delivery? Find(string id) => Deliveries.FindById(id) is { } row ? AsShown(row) : null;

    public List<Delivery> ForCampaign(string campaign) => [.. Deliveries.Find(d => d.Campaign == campaign).Select(AsShown)];

    /// <summary>A row as the rest of HitBot sees it: a row whose send is in flight is Sending, though the file still says Queued.</summary>
    /// <remarks>A row that shares its message is shown with the message in it, so readers need not know where it is stored.</remarks>
    Delivery AsShown(Delivery row)
    {
        if (row is { MessageJson.Length: 0, MessageId: { } shared }) row = row with { MessageJson = messages.JsonOf(shared) ?? "" };
        var state = claims.Shown(row);
        return state == row.State ? row : row with { State = state };
    }

    /// <summary>Rows per state, in one pass (there is no State index: it cost every insert and update more than it saved here).</summary>
    public Dictionary<DeliveryState, int> CountByState()
    {
        var counts = Enum.GetValues<DeliveryState>().ToDictionary(s => s, _ => 0);
        foreach (var row in Deliveries.FindAll()) counts[claims.Shown(row)]++;
        return counts;
    }

    /// <summary>
    /// Takes up to <paramref name="max"/> due rows for sending. The claim is held in memory (<see cref="OutboxClaims"/>),
    /// not written: the rows stay Queued in the file until their outcome is recorded, and no other claim takes them
    /// meanwhile. The returned copies say Sending with the attempt counted; that is what the outcome writes store.
    /// </summary>
    /// <remarks>
    /// A crash mid-send leaves the row Queued and it is sent again at the next start: at least once, nothing lost.
    /// The due rows are read <see cref="ReadAheadRows"/> at a time and handed out from memory while nothing but this
    /// store's sent rows has written to the outbox since (<see cref="CollectionChanges.OthersOf"/>): a cancel, a
    /// correction, an erasure, a new row or any other outcome throws the rows read ahead away and the next claim reads
    /// the file again. Reading only as many as there were free slots read past every row still in flight each time,
    /// twice the rows a delivery (docs/benchmarks.md, dispatcher).
    /// </remarks>
    public List<Delivery> ClaimDue(DateTimeOffset now, int max)
    {
        lock (claims.Gate)
        {
            // Rows thrown away unused mean the outbox is changing under the dispatcher (replies queued while a fan-out
            // goes out): then read only what this claim takes, as reading 256 rows for every reply would cost more than it saves.
            var stale = db.Changes.OthersOf(Collection) != readAheadSeen;
            if (readAhead.Count < max || stale) ReadAhead(now, max, ahead: stale && readAhead.Count > 0 ? 0 : ReadAheadRows);
            var due = new List<Delivery>(Math.Min(max, readAhead.Count));
            while (due.Count < max && readAhead.TryDequeue(out var row)) due.Add(row);
            foreach (var row in due) claims.Add(row.Id);
            return [.. due.Select(d => d with { State = DeliveryState.Sending, DueAt = Delivery.NotDue, Attempts = d.Attempts + 1 })];
        }
    }

    /// <summary>How many due rows a claim reads ahead of the free slots.</summary>
    public const int ReadAheadRows = 256;

    /// <summary>Due rows read ahead and not claimed yet (in due order), valid while <see cref="readAheadSeen"/> is the outbox's counter.</summary>
    readonly Queue<Delivery> readAhead = new();
    long readAheadSeen = -1;

    void ReadAhead(DateTimeOffset now, int max, int ahead)
    {
        // Read before the rows, so a change made while they are read throws them away at the next claim.
        readAheadSeen = db.Changes.OthersOf(Collection);
        readAhead.Clear();
        // A range over the due index comes back in index order and stops at the limit; the rows already claimed
        // are still due in the file, so the range is made longer by their number and they are skipped.
        var rows = Deliveries.Find(BsonExpression.Create(DueBy, new BsonValue(now.UtcDateTime)), skip: 0, limit: claims.Count + Math.Max(max, ahead));
        foreach (var row in rows)
            if (!claims.Contains(row.Id)) readAhead.Enqueue(row);
    }

    /// <summary>How many claimed deliveries have no recorded outcome yet (sends in flight).</summary>
    public int InFlight => claims.Count;

    readonly OutboxClaims claims = new();

    /// <summary>
    /// The index of rows still waiting to go. A finished row (Sent, Dead, Cancelled, Held) carries <see cref="Delivery.NotDue"/>
    /// and the filter gives it no key, so it leaves the index instead of moving to its end: every recorded send used to
    /// add a node after all the finished ones, and that skip-list walk was most of a delivery's cost (docs/benchmarks.md).
    /// </summary>
    public const string DueIndex = "Due";
    public const string DueIndexExpression = "FILTER($.DueAt => YEAR(@) < 9000)";

    /// <summary>The time goes in as a parameter: LiteDB caches a compiled query by its text, and a text with the time
    /// written into it was parsed and compiled again at every claim. The left side is the due index's own expression.</summary>
    const string DueBy = DueIndexExpression + " ANY <= @0";
    const string Waiting = DueIndexExpression + " ANY >= @0";
    static readonly BsonValue Earliest = new(DateTime.MinValue);

    /// <summary>Writes a claimed row's outcome and ends its claim in one step under the claims' lock (see <see cref="OutboxClaims.Gate"/>).</summary>
    void Record(IEnumerable<Delivery> rows, Action write)
    {
        lock (claims.Gate)
        {
            write();
            foreach (var row in rows) claims.End(row.Id);
        }
    }

    /// <summary>When the next row falls due, or null when nothing is waiting: the first key of the due index.</summary>
    public DateTimeOffset? NextDueAt()
    {
        var next = Deliveries.Find(BsonExpression.Create(Waiting, Earliest), skip: 0, limit: 1).FirstOrDefault();
        // ToUniversalTime rather than SpecifyKind: LiteDB hands dates back as local time unless UtcDate is on.
        return next is null ? null : new DateTimeOffset(next.DueAt.ToUniversalTime());
    }

    public void MarkSent(Delivery delivery, SentMessage sent, DateTimeOffset now) => RecordSent([SentRow(delivery, sent, now)]);

    /// <summary>Writes these sent rows in one commit and ends their claims (<see cref="SentRowWriter"/> gathers them).</summary>
    /// <remarks>
    /// The commit runs outside the claims' lock and the claims end after it, so a claim never sees one of these rows due
    /// and unclaimed: before the commit it is claimed, after it it is Sent. Holding the lock through the commit (a flush)
    /// made every send that asks whether it was cancelled, and every claim, wait for the disk.
    /// When every row is claimed the write is routine for the read-ahead of <see cref="ClaimDue"/>: claimed rows are never
    /// read ahead. (A test may mark an unclaimed row sent; that write throws the read-ahead away like any other.)
    /// </remarks>
    internal void RecordSent(IReadOnlyList<Delivery> rows)
    {
        bool allClaimed;
        lock (claims.Gate) allClaimed = rows.All(r => claims.Contains(r.Id));
        using (allClaimed ? CollectionChanges.RoutineWrites() : default) db.InTransaction(() => Deliveries.Update(rows));
        lock (claims.Gate)
            foreach (var row in rows) claims.End(row.Id);
    }

    /// <summary>A claimed row as it is written once the platform took it.</summary>
    public static Delivery SentRow(Delivery delivery, SentMessage sent, DateTimeOffset now) => delivery with
    {
        State = DeliveryState.Sent,
        DueAt = Delivery.NotDue,
        SentConversationId = sent.ConversationId,
        SentMessageId = sent.MessageId,
        SentAt = now.UtcDateTime,
        LastError = null,
        // A private message (an anonymous survey's answers) is not kept beside its address once it is delivered.
        // (Private messages are never shared, so clearing the row erases the message.)
        MessageJson = delivery.Private ? "" : delivery.MessageJson,
        MessageId = delivery.Private ? null : delivery.MessageId,
    };

    public void MarkFailed(Delivery delivery, string reason, DateTimeOffset retryAt, string? failureClass = null) => Update(delivery with
    {
        State = DeliveryState.Failed,
        DueAt = retryAt.UtcDateTime,
        LastError = reason,
        FailureClass = failureClass ?? delivery.FailureClass,
    });

    public void MarkDead(Delivery delivery, string reason, string? failureClass = null) => Update(delivery with
    {
        State = DeliveryState.Dead,
        DueAt = Delivery.NotDue,
        LastError = reason,
        FailureClass = failureClass ?? delivery.FailureClass ?? FailureClasses.Rejected,
    });

    /// <summary>Puts a claimed row back in the queue without counting the attempt: the dispatcher stopped before it was sent.</summary>
    public void ReturnToQueue(Delivery claimed, DateTimeOffset now) => Update(claimed with
    {
        State = DeliveryState.Queued,
        DueAt = now.UtcDateTime,
        Attempts = Math.Max(claimed.Attempts - 1, 0),
    });

    /// <summary>A claimed row's outcome; one cancelled meanwhile that did not go out is written Cancelled instead.</summary>
    void Update(Delivery row)
    {
        lock (claims.Gate)
        {
            var written = claims.CancellationOf(row.Id) is { } reason && row.State is DeliveryState.Queued or DeliveryState.Failed
                ? row with { State = DeliveryState.Cancelled, DueAt = Delivery.NotDue, LastError = reason }
                : row;
            Record([row], () => Deliveries.Update(written));
        }
    }

    /// <summary>Puts failed and dead rows of a campaign back in the queue (a coordinator's "re-send to those who failed").</summary>
    public int Requeue(string campaign, DateTimeOffset now)
    {
        var failed = Deliveries.Find(d => d.Campaign == campaign && (d.State == DeliveryState.Failed || d.State == DeliveryState.Dead)).ToList();
        Deliveries.Update(failed.Select(d => d with { State = DeliveryState.Queued, DueAt = now.UtcDateTime, Attempts = 0 }));
        if (failed.Count > 0) signal.Notify();
        return failed.Count;
    }
}
