using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Messaging.Outbox;

/// <summary>The outbox: every outbound message is a <see cref="Delivery"/> row first, then the dispatcher sends it.</summary>
public sealed partial class OutboxStore(HitBotDb db, OutboxSignal signal)
{
    public const string Collection = "deliveries";

    ILiteCollection<Delivery> Deliveries => db.Collection<Delivery>(Collection);

    /// <summary>
    /// True once LiteDB closed the file after a refused write (a full disk, one turned read-only): no outcome can be
    /// written until HitBot restarts, so the dispatcher starts no more sends.
    /// </summary>
    public bool FileClosed => db.ClosedBy is not null;

    /// <summary>The messages fan-outs share, stored once instead of in each of their rows.</summary>
    readonly MessageStore messages = new(db);

    /// <summary>Each campaign's rows by state and platform, written with the rows (<see cref="Counted{T}"/>).</summary>
    readonly DeliveryCountStore counts = new(() => db.Collection<BsonDocument>(DeliveryCountStore.Collection));

    /// <summary>
    /// Writes rows and the counts of their campaigns in one transaction: <paramref name="write"/> adds a change for each
    /// row it wrote (what the row counted as before, or null when new; what it counts as now, or null when deleted).
    /// Inside a caller's transaction it joins that one.
    /// </summary>
    T Counted<T>(Func<List<(CountedRow? Was, CountedRow? Now)>, T> write) => db.InTransaction(() =>
    {
        var changes = new List<(CountedRow? Was, CountedRow? Now)>();
        var result = write(changes);
        counts.Apply(changes);
        return result;
    });

    static (CountedRow? Was, CountedRow? Now) Added(Delivery row) => (null, CountedRow.Of(row));

    static (CountedRow? Was, CountedRow? Now) Changed(Delivery before, Delivery after) => (CountedRow.Of(before), CountedRow.Of(after));

    /// <summary>A row deleted, as read with <see cref="DeliveryCountStore.Fields"/>.</summary>
    static (CountedRow? Was, CountedRow? Now) Removed(BsonDocument row) => (CountedRow.Of(row), null);

    /// <summary>
    /// False when this campaign + occurrence + person is already queued (scheduling twice never sends twice), or when the
    /// person is being erased or the message names someone being erased.
    /// </summary>
    public bool TryEnqueue(Delivery delivery)
    {
        if (!TryInsert(delivery)) return false;
        HitBotTelemetry.Queued([delivery]);
        signal.Notify();
        return true;
    }

    /// <summary>Queues many, skipping keys already queued and rows to or naming people being erased (<see cref="Addressable(Delivery)"/>). Returns how many were new.</summary>
    /// <remarks>
    /// A chunk of <see cref="EnqueueChunkRows"/> rows to a transaction: the write lock is held for one chunk at a time, so
    /// the commits of Teams and Slack requests get in between them. One transaction for a 100,000-person update held every
    /// other write for about four seconds, longer than Slack waits for a click's answer. A crash between chunks leaves
    /// the first ones queued: they are sent, and queueing the same fan-out again (the schedule's slot once more, "send"
    /// pressed again) adds only the rest, as every row's key is its idempotency key. Inside a caller's transaction the
    /// rows join it whole.
    /// </remarks>
    public int EnqueueMany(IEnumerable<Delivery> deliveries)
    {
        var batch = deliveries.DistinctBy(d => d.Id, StringComparer.Ordinal).ToList();
        if (HitBotDb.InOpenTransaction || batch.Count <= EnqueueChunkRows) return EnqueueChunk(batch);
        var added = 0;
        foreach (var chunk in batch.Chunk(EnqueueChunkRows))
        {
            db.GiveWayToOtherWrites();
            added += EnqueueChunk([.. chunk]);
        }
        return added;
    }

    /// <summary>Rows queued in one transaction by <see cref="EnqueueMany"/>: about 40 ms of the write lock each.</summary>
    public const int EnqueueChunkRows = 1_000;

    /// <summary>Queues rows in one transaction, skipping keys already queued.</summary>
    /// <remarks>
    /// Optimistic: a fresh fan-out goes in with one insert and one commit. Only when a key is already there (the
    /// schedule fired twice, "send" pressed twice) does the rolled-back batch go again, looking each key up first:
    /// a LiteDB lookup costs about as much as an insert, so doing it every time would double the common case.
    /// </remarks>
    int EnqueueChunk(List<Delivery> batch)
    {
        var fresh = batch;
        int? added = null;
        // Inside a caller's transaction a failed insert could not be rolled back alone: keys are looked up first there.
        if (!HitBotDb.InOpenTransaction)
            try
            {
                // The shared messages go in the rows' own transaction: a crash leaves both or neither.
                added = Counted(changes =>
                {
                    fresh = Addressable(batch);
                    return Insert(messages.Share(fresh), changes);
                });
            }
            catch (LiteException e) when (e.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
            {
                // A key already queued: the batch was rolled back, and goes again with each key looked up.
            }
        added ??= Counted(changes =>
        {
            fresh = [.. Addressable(batch).Where(d => !Exists(d.Id))];
            return Insert(messages.Share(fresh), changes);
        });
        HitBotTelemetry.Queued(fresh);
        if (added > 0) signal.Notify();
        return added.Value;
    }

    /// <summary>
    /// Inserts the rows whose key is not queued yet, inside the caller's transaction (<see cref="InboundCommits"/>),
    /// and returns them. Looked up first: a failed insert inside a transaction would leave its data page written.
    /// </summary>
    internal List<Delivery> InsertNewInTransaction(IEnumerable<Delivery> deliveries)
    {
        var fresh = deliveries.Where(d => !Exists(d.Id) && Addressable(d)).ToList();
        if (fresh.Count > 0) Counted(changes => Insert(fresh, changes));
        return fresh;
    }

    /// <summary>Inserts rows and counts them.</summary>
    int Insert(List<Delivery> rows, List<(CountedRow? Was, CountedRow? Now)> changes)
    {
        var added = Deliveries.Insert(rows);
        changes.AddRange(rows.Select(Added));
        return added;
    }

    bool Exists(string id) => ById.Run(new BsonValue(id), Deliveries.Exists);

    /// <summary>A parameter, not <c>Query.EQ</c>: the key written into the text would be parsed and compiled at every look-up; parsed once.</summary>
    static readonly ParsedQuery ById = new("_id = @0");

    /// <summary>Counts committed rows and wakes the dispatcher for them.</summary>
    internal void Queued(List<Delivery> committed)
    {
        if (committed.Count == 0) return;
        HitBotTelemetry.Queued(committed);
        signal.Notify();
    }

    /// <remarks>Looked up first, in the transaction that inserts it and counts it: a failed insert would leave its data page written.</remarks>
    bool TryInsert(Delivery delivery) => Counted(changes =>
    {
        if (Exists(delivery.Id) || !Addressable(delivery)) return false;
        Deliveries.Insert(delivery);
        changes.Add(Added(delivery));
        return true;
    });

    public Delivery? Find(string id) => Deliveries.FindById(id) is { } row ? AsShown(row) : null;

    /// <summary>
    /// A row's state as the file has it (a send in flight still says Queued), or null when there is no such row: for
    /// questions asked once per person on a request ("was this update sent to them?"), without reading the row's shared
    /// message as <see cref="Find"/> does, nor parsing the query again.
    /// </summary>
    public DeliveryState? StateOf(string id) => ById.Run(new BsonValue(id), Deliveries.FindOne)?.State;

    /// <summary>As <see cref="StateOf"/>, with when the row was queued (UTC).</summary>
    public (DeliveryState State, DateTime QueuedAt)? StateAndQueuedAt(string id) =>
        ById.Run(new BsonValue(id), Deliveries.FindOne) is { } row ? (row.State, row.CreatedAt.ToUniversalTime()) : null;

    /// <summary>
    /// Whether the row <paramref name="id"/> was sent as this message in this conversation (a Slack thread's parent is named
    /// by its ts): a key look-up, as <see cref="StateOf"/>, whatever the outbox holds.
    /// </summary>
    public bool WasSentAs(string id, string conversationId, string messageId) =>
        ById.Run(new BsonValue(id), Deliveries.FindOne) is { State: DeliveryState.Sent } row
        && row.SentMessageId == messageId && row.SentConversationId == conversationId;

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
            // While the read-ahead holds the whole due range (Known), what it lacks is not in the file either.
            if (stale || (readAhead.Count < max && !Known(now))) ReadAhead(now, max, ahead: stale && readAhead.Count > 0 ? 0 : ReadAheadRows);
            var due = new List<Delivery>(Math.Min(max, readAhead.Count));
            while (due.Count < max && readAhead.TryDequeue(out var row)) due.Add(row);
            foreach (var row in due)
            {
                claims.Add(row, readAheadRewrites);
                // A row of a cancel under way (or one a crash left unfinished) is claimed to be dropped, never sent.
                if (claims.CampaignCancellation(row.Campaign) is { } reason) claims.CancelBeforeSend(row.Id, reason);
                // A row to or naming a person being erased (or whose erasure a crash cut off) is dropped too: its erasure may be chunks away.
                else if (IsErased(row) || NamesSomeoneBeingErased(row)) claims.CancelBeforeSend(row.Id, ErasedReason);
            }
            return [.. due.Select(d => d with { State = DeliveryState.Sending, DueAt = Delivery.NotDue, Attempts = d.Attempts + 1 })];
        }
    }

    /// <summary>How many due rows a claim reads ahead of the free slots.</summary>
    public const int ReadAheadRows = 256;

    /// <summary>Due rows read ahead and not claimed yet (in due order), valid while <see cref="readAheadSeen"/> is the outbox's counter.</summary>
    readonly Queue<Delivery> readAhead = new();
    long readAheadSeen = -1;

    /// <summary>The outbox's count of others' rewrites (<see cref="CollectionChanges.RewritesOf"/>) when the rows were read ahead: a claim keeps it.</summary>
    long readAheadRewrites = -1;

    void ReadAhead(DateTimeOffset now, int max, int ahead)
    {
        // Read before the rows, so a change made while they are read throws them away at the next claim.
        readAheadSeen = db.Changes.OthersOf(Collection);
        readAheadRewrites = db.Changes.RewritesOf(Collection);
        readAhead.Clear();
        // A range over the due index comes back in index order and stops at the limit; the rows already claimed
        // are still due in the file, so the range is made longer by their number and they are skipped.
        var limit = claims.Count + Math.Max(max, ahead);
        var rows = DueBy.Run(new BsonValue(now.UtcDateTime), due => Deliveries.Find(due, skip: 0, limit: limit).ToList());
        foreach (var row in rows)
            if (!claims.Contains(row.Id)) readAhead.Enqueue(row);
        // A short read took every row due by now; with the first waiting row after it (read when first needed), that is
        // the whole due range.
        readAheadComplete = rows.Count < limit;
        readAheadBy = now;
        nextWaitingRead = false;
    }

    /// <summary>
    /// The last read came back short: the read-ahead then holds every unclaimed row due by <see cref="readAheadBy"/>, and
    /// <see cref="nextWaiting"/> is when the first row after those falls due (null: none waits). Until the outbox changes
    /// (<see cref="readAheadSeen"/>) or that time comes, a claim and the dispatcher's next-due look need not read the
    /// file: at 200 Slack clicks a second those reads, five per click, each opened the outbox and parsed its index
    /// expressions again (docs/benchmarks.md).
    /// </summary>
    bool readAheadComplete;
    DateTimeOffset readAheadBy;
    DateTimeOffset? nextWaiting;
    /// <summary>
    /// <see cref="nextWaiting"/> is read at the first look after a short read, not with it: while replies keep arriving
    /// (Teams at its most requests a second) every claim finds the read-ahead stale and would pay for it unused.
    /// </summary>
    bool nextWaitingRead;

    /// <summary>Whether the read-ahead holds every unclaimed row due at <paramref name="now"/>; the caller holds the claims' lock and has checked it is not stale.</summary>
    bool Known(DateTimeOffset now)
    {
        if (!readAheadComplete || now < readAheadBy) return false;
        if (!nextWaitingRead)
        {
            nextWaiting = After.Run(new BsonValue(readAheadBy.UtcDateTime), after => Deliveries.Find(after, skip: 0, limit: 1).FirstOrDefault()) is { } next
                ? new DateTimeOffset(next.DueAt.ToUniversalTime())
                : null;
            nextWaitingRead = true;
        }
        return nextWaiting is not { } due || now < due;
    }

    /// <summary>
    /// For the dispatcher after a claim found nothing: when the next row falls due, or null when nothing waits, as
    /// <see cref="NextDueAt()"/> says, from what the last claim read when that is still the whole due range. Rows in
    /// flight are due in the file until their outcome, so with any claimed the answer is at or before now.
    /// </summary>
    public DateTimeOffset? NextDueAt(DateTimeOffset now)
    {
        lock (claims.Gate)
        {
            if (db.Changes.OthersOf(Collection) == readAheadSeen && Known(now))
                return claims.Count > 0 || readAhead.Count > 0 ? now : nextWaiting;
        }
        return NextDueAt();
    }

    /// <summary>How many claimed deliveries have no recorded outcome yet (sends in flight).</summary>
    public int InFlight => claims.Count;

    readonly OutboxClaims claims = ClaimsResuming(db);

    /// <summary>
    /// The index of rows still waiting to go. A finished row (Sent, Dead, Cancelled, Held) carries <see cref="Delivery.NotDue"/>
    /// and the filter gives it no key, so it leaves the index instead of moving to its end: every recorded send used to
    /// add a node after all the finished ones, and that skip-list walk was most of a delivery's cost (docs/benchmarks.md).
    /// </summary>
    public const string DueIndex = "Due";
    public const string DueIndexExpression = "FILTER($.DueAt => YEAR(@) < 9000)";

    /// <summary>The time goes in as a parameter: LiteDB caches a compiled query by its text, and a text with the time
    /// written into it was parsed and compiled again at every claim; the text is parsed once (<see cref="ParsedQuery"/>).
    /// The left side is the due index's own expression.</summary>
    static readonly ParsedQuery DueBy = new(DueIndexExpression + " ANY <= @0");
    static readonly ParsedQuery Waiting = new(DueIndexExpression + " ANY >= @0");
    /// <summary>Strictly after: LiteDB's <c>&gt;=</c> seek can miss keys equal to the value that sit before others.</summary>
    static readonly ParsedQuery After = new(DueIndexExpression + " ANY > @0");
    static readonly BsonValue Earliest = new(DateTime.MinValue);

    /// <summary>
    /// Writes claimed rows' outcomes (or any rows' new states) with their counts. Each row counts against what the file
    /// has for it: what its claim read, when nothing but sent rows and new rows was written to the outbox since
    /// (<see cref="CollectionChanges.RewritesOf"/>); otherwise the row is read again, as an erasure may have changed or
    /// deleted it meanwhile. A row no longer in the file is not written back.
    /// </summary>
    /// <param name="claimed">For each row, its claim (<see cref="OutboxClaims.Of"/>), taken before the transaction: the claims' lock comes before the write lock.</param>
    int WriteOutcomes(IReadOnlyList<Delivery> rows, List<(CountedRow? Row, long Seen)?> claimed) => Counted(changes =>
    {
        var others = db.Changes.RewritesOf(Collection);
        var written = new List<Delivery>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            CountedRow? was;
            var row = rows[i];
            if (claimed[i] is { } claim && claim.Seen == others) was = claim.Row;
            else if (Deliveries.FindById(row.Id) is { } stored)
            {
                was = CountedRow.Of(stored);
                // Given up since its claim by an erasure (its card named the person) or a removal of words: the claimed copy
                // would put them back in the file, and a retry would send them. Only a send that went through is recorded, with
                // the text that replaced them.
                if (GivenUpToForget(stored))
                {
                    if (row.State != DeliveryState.Sent) continue;
                    row = row with { MessageJson = stored.MessageJson, MessageId = stored.MessageId, Names = stored.Names };
                }
            }
            else continue;
            written.Add(row);
            changes.Add((was, CountedRow.Of(row)));
        }
        return written.Count == 0 ? 0 : Deliveries.Update(written);
    });

    /// <summary>Writes a claimed row's outcome and ends its claim in one step under the claims' lock (see <see cref="OutboxClaims.Gate"/>).</summary>
    void Record(Delivery claimed, Delivery written)
    {
        lock (claims.Gate)
        {
            WriteOutcomes([written], [claims.Of(claimed.Id)]);
            claims.End(claimed.Id);
        }
    }

    /// <summary>
    /// Held from a group of sent rows' commit until their claims end, and by a tally while it reads the counts and the
    /// claims: between the two, those rows would count both as Sent (the file) and as Sending (their claims).
    /// </summary>
    readonly Lock recording = new();

    /// <summary>When the next row falls due, or null when nothing is waiting: the first key of the due index.</summary>
    public DateTimeOffset? NextDueAt()
    {
        var next = Waiting.Run(Earliest, waiting => Deliveries.Find(waiting, skip: 0, limit: 1).FirstOrDefault());
        // ToUniversalTime rather than SpecifyKind: LiteDB hands dates back as local time unless UtcDate is on.
        return next is null ? null : new DateTimeOffset(next.DueAt.ToUniversalTime());
    }

    /// <summary>
    /// How many rows wait to go (queued, or failed and to be tried again), read through the due index. LiteDB reads each
    /// row to count it (the index is a FILTER expression, never "key only"): for a start-up notice or a test, not for a
    /// metric read every minute (<see cref="WaitingByChannel"/>).
    /// </summary>
    public int WaitingCount() => Waiting.Run(Earliest, Deliveries.Count);

    /// <summary>
    /// Rows waiting to go on each platform (queued, or failed and to be tried again), from the counts kept with the rows: a
    /// handful of reads however many wait. Rows kept out of the counts (<see cref="Delivery.Unreported"/>: the answer to
    /// what someone just wrote in chat, which goes within seconds) are not in it.
    /// </summary>
    public IReadOnlyDictionary<ChannelKind, int> WaitingByChannel() => counts.InStates([DeliveryState.Queued, DeliveryState.Failed]);

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
        List<(CountedRow? Row, long Seen)?> claimed;
        lock (claims.Gate) claimed = [.. rows.Select(r => claims.Of(r.Id))];
        var allClaimed = claimed.All(c => c is not null);
        lock (recording)
        {
            using (allClaimed ? CollectionChanges.RoutineWrites() : default) WriteOutcomes(rows, claimed);
            lock (claims.Gate)
                foreach (var row in rows) claims.End(row.Id);
        }
    }

    /// <summary>A claimed row as it is written once the platform took it.</summary>
    public static Delivery SentRow(Delivery delivery, SentMessage sent, DateTimeOffset now) => Forgotten(delivery with
    {
        State = DeliveryState.Sent,
        DueAt = Delivery.NotDue,
        SentConversationId = sent.ConversationId,
        SentMessageId = sent.MessageId,
        SentAt = now.UtcDateTime,
        LastError = null,
    });

    /// <summary>
    /// A private row (an anonymous survey's answers, an anonymous item's acknowledgement or reply, a "Pass this on?" offer)
    /// as it is kept once finished: neither the message nor the chat it went to, which together with the row's time
    /// pointed at the writer. Nothing reads them again: a private row is never corrected, recalled or sent again. (Private
    /// messages are never shared, so clearing the row erases the message.) Any other row as it is.
    /// </summary>
    internal static Delivery Forgotten(Delivery delivery) => delivery.Private
        ? delivery with
        {
            MessageJson = "", MessageId = null, Address = new ChannelAddress { Channel = delivery.Address.Channel },
            SentConversationId = null, SentMessageId = null, TargetConversationId = null, TargetMessageId = null, ThreadId = null,
        }
        : delivery;

    public void MarkFailed(Delivery delivery, string reason, DateTimeOffset retryAt, string? failureClass = null) => Update(delivery with
    {
        State = DeliveryState.Failed,
        DueAt = retryAt.UtcDateTime,
        LastError = reason,
        FailureClass = failureClass ?? delivery.FailureClass,
    });

    public void MarkDead(Delivery delivery, string reason, string? failureClass = null) => Update(Forgotten(delivery with
    {
        State = DeliveryState.Dead,
        DueAt = Delivery.NotDue,
        LastError = reason,
        FailureClass = failureClass ?? delivery.FailureClass ?? FailureClasses.Rejected,
    }));

    /// <summary>Sends a claimed row to another chat of the same person, now (the one it was for refuses HitBot).</summary>
    public void Reroute(Delivery claimed, ChannelAddress address, string reason, DateTimeOffset now) => Update(claimed with
    {
        Address = address,
        // The thread was in the chat that refused it; the other chat has no such thread.
        ThreadId = null,
        State = DeliveryState.Queued,
        DueAt = now.UtcDateTime,
        Attempts = 0,
        LastError = reason,
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
            Record(row, written);
        }
    }

    /// <summary>Puts failed and dead rows of a campaign back in the queue (a coordinator's "re-send to those who failed").</summary>
    /// <param name="declines">
    /// Why a person no longer takes this campaign (they said stop, or left the program), or null: their row is cancelled with
    /// that reason instead. An urgent update is not budgeted, so the dispatcher would not ask again before sending it.
    /// </param>
    /// <param name="only">Which failed rows go again; the others are left as they are. Null: all of them.</param>
    /// <param name="plan">
    /// Fits the rows going again into their people's weeks, in order (<see cref="MessageBudget.Fit"/>): one that no longer
    /// fits comes back Held. Null: each is queued for now.
    /// </param>
    /// <remarks>
    /// A failed row being retried right now (claimed) is left to its retry. A chunk of <see cref="CancelChunkRows"/> rows
    /// to a transaction, each row read again in it (an erasure may have changed it since the failures were listed), so the
    /// write lock is never held for a whole 100,000-person update that failed during an outage. A crash partway leaves
    /// the rest failed, and pressing "re-send" again requeues them. Returns how many were queued again.
    /// </remarks>
    public int Requeue(string campaign, DateTimeOffset now, Func<string, string?>? declines = null, Func<Delivery, bool>? only = null,
        Func<List<Delivery>, List<Delivery>>? plan = null)
    {
        var requeued = 0;
        foreach (var chunk in FailedOf(campaign).Where(only ?? (_ => true)).Select(d => d.Id).Chunk(CancelChunkRows))
        {
            db.GiveWayToOtherWrites();
            lock (claims.Gate)
                requeued += Counted(changes =>
                {
                    var failed = chunk.Select(id => Deliveries.FindById(id))
                        .Where(d => d is { State: DeliveryState.Failed or DeliveryState.Dead } && !claims.Contains(d.Id)).Select(d => d!).ToList();
                    List<Delivery> written = [.. failed.Select(d => d.PersonId is { } person && declines?.Invoke(person) is { } reason
                        ? d with { State = DeliveryState.Cancelled, DueAt = Delivery.NotDue, LastError = reason }
                        : d with { State = DeliveryState.Queued, DueAt = now.UtcDateTime, Attempts = 0 })];
                    if (plan is not null) written = Planned(written, plan);
                    Deliveries.Update(written);
                    changes.AddRange(failed.Zip(written, Changed));
                    return written.Count(d => d.State is DeliveryState.Queued or DeliveryState.Held);
                });
        }
        if (requeued > 0) signal.Notify();
        return requeued;
    }

    /// <summary>The rows with those queued replaced, in place, by what <paramref name="plan"/> made of them.</summary>
    static List<Delivery> Planned(List<Delivery> rows, Func<List<Delivery>, List<Delivery>> plan)
    {
        var planned = new Queue<Delivery>(plan([.. rows.Where(r => r.State == DeliveryState.Queued)]));
        return [.. rows.Select(r => r.State == DeliveryState.Queued ? planned.Dequeue() : r)];
    }

    /// <summary>A campaign's failed and given-up rows as the file has them, through the failures index (no other row is read).</summary>
    List<Delivery> FailedOf(string campaign) => [.. Deliveries.Find(BsonExpression.Create(FailuresOf, new BsonValue(campaign)))];

    /// <summary>
    /// The index of failed and given-up rows by campaign: the others get no key (as in the due index), so it costs a
    /// send nothing but the look at its state, and a report finds a 90,000-person update's failures without reading its rows.
    /// </summary>
    public const string FailuresIndex = "Failures";
    public const string FailuresIndexExpression = "FILTER([$.Campaign] => $.State = 'Failed' OR $.State = 'Dead')";
    const string FailuresOf = FailuresIndexExpression + " ANY = @0";
}
