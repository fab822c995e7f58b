using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Messaging;

/// <summary>The outbox: every outbound message is a <see cref="Delivery"/> row first, then the dispatcher sends it.</summary>
public sealed class OutboxStore(HitBotDb db, OutboxSignal signal)
{
    public const string Collection = "deliveries";

    ILiteCollection<Delivery> Deliveries => db.Collection<Delivery>(Collection);

    /// <summary>False when this campaign + occurrence + person is already queued: scheduling twice never sends twice.</summary>
    public bool TryEnqueue(Delivery delivery)
    {
        if (!TryInsert(delivery)) return false;
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
        try
        {
            added = db.InTransaction(() => Deliveries.Insert(batch));
        }
        catch (LiteException e) when (e.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
        {
            added = db.InTransaction(() => Deliveries.Insert(batch.Where(d => !Deliveries.Exists(Query.EQ("_id", d.Id)))));
        }
        if (added > 0) signal.Notify();
        return added;
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

    public Delivery? Find(string id) => Deliveries.FindById(id);

    public List<Delivery> ForCampaign(string campaign) => Deliveries.Find(d => d.Campaign == campaign).ToList();

    /// <summary>Rows per state, in one pass (there is no State index: it cost every insert and update more than it saved here).</summary>
    public Dictionary<DeliveryState, int> CountByState()
    {
        var counts = Enum.GetValues<DeliveryState>().ToDictionary(s => s, _ => 0);
        foreach (var row in Deliveries.FindAll()) counts[row.State]++;
        return counts;
    }

    /// <summary>Takes up to <paramref name="max"/> due rows and marks them Sending, so no other loop takes them too.</summary>
    public List<Delivery> ClaimDue(DateTimeOffset now, int max)
    {
        var cutoff = now.UtcDateTime;
        return db.InTransaction(() =>
        {
            // A range over the DueAt index comes back in index order and stops at the limit; an OrderBy would
            // make LiteDB read and sort every due row on every claim.
            var due = Deliveries.Find(Query.LTE(nameof(Delivery.DueAt), cutoff), skip: 0, limit: max).ToList();
            var claimed = due.Select(d => d with { State = DeliveryState.Sending, DueAt = Delivery.NotDue, Attempts = d.Attempts + 1 }).ToList();
            Deliveries.Update(claimed);
            return claimed;
        });
    }

    /// <summary>When the next row falls due, or null when nothing is waiting.</summary>
    public DateTimeOffset? NextDueAt()
    {
        var next = Deliveries.Find(Query.LT(nameof(Delivery.DueAt), Delivery.NotDue), skip: 0, limit: 1).FirstOrDefault();
        // ToUniversalTime rather than SpecifyKind: LiteDB hands dates back as local time unless UtcDate is on.
        return next is null ? null : new DateTimeOffset(next.DueAt.ToUniversalTime());
    }

    public void MarkSent(Delivery delivery, SentMessage sent, DateTimeOffset now) => Deliveries.Update(SentRow(delivery, sent, now));

    /// <summary>
    /// Records a send, committed together with the other sends that finished meanwhile (group commit). A LiteDB
    /// commit flushes to disk and costs milliseconds; one per message would make the disk, not the platform, the
    /// limit of a fan-out. The task completes only once this row is committed, so nothing counts as Sent before it is on disk.
    /// </summary>
    public Task MarkSentAsync(Delivery delivery, SentMessage sent, DateTimeOffset now)
    {
        var write = new PendingWrite(SentRow(delivery, sent, now));
        sentWrites.Writer.TryWrite(write);
        if (Interlocked.CompareExchange(ref writerStarted, 1, 0) == 0)
            _ = Task.Run(WriteSentRowsAsync, CancellationToken.None);
        return write.Committed.Task;
    }

    static Delivery SentRow(Delivery delivery, SentMessage sent, DateTimeOffset now) => delivery with
    {
        State = DeliveryState.Sent,
        DueAt = Delivery.NotDue,
        SentConversationId = sent.ConversationId,
        SentMessageId = sent.MessageId,
        SentAt = now.UtcDateTime,
        LastError = null,
        // A private message (an anonymous survey's answers) is not kept beside its address once it is delivered.
        MessageJson = delivery.Private ? "" : delivery.MessageJson,
    };

    /// <summary>One writer for the whole process: it takes everything queued since its last commit and commits it at once.</summary>
    async Task WriteSentRowsAsync()
    {
        while (await sentWrites.Reader.WaitToReadAsync())
        {
            var batch = new List<PendingWrite>();
            while (sentWrites.Reader.TryRead(out var write)) batch.Add(write);
            try
            {
                // Synchronous between BeginTrans and Commit: a LiteDB transaction belongs to this thread.
                db.InTransaction(() => Deliveries.Update(batch.Select(w => w.Row)));
                foreach (var write in batch) write.Committed.TrySetResult();
            }
            catch (Exception e)
            {
                foreach (var write in batch) write.Committed.TrySetException(e);
            }
        }
    }

    sealed record PendingWrite(Delivery Row)
    {
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    readonly System.Threading.Channels.Channel<PendingWrite> sentWrites =
        System.Threading.Channels.Channel.CreateUnbounded<PendingWrite>(new() { SingleReader = true });
    int writerStarted;

    public void MarkFailed(Delivery delivery, string reason, DateTimeOffset retryAt) => Deliveries.Update(delivery with
    {
        State = DeliveryState.Failed,
        DueAt = retryAt.UtcDateTime,
        LastError = reason,
    });

    public void MarkDead(Delivery delivery, string reason) => Deliveries.Update(delivery with
    {
        State = DeliveryState.Dead,
        DueAt = Delivery.NotDue,
        LastError = reason,
    });

    /// <summary>Puts a claimed row back in the queue without counting the attempt: the dispatcher stopped before it was sent.</summary>
    public void ReturnToQueue(Delivery claimed, DateTimeOffset now) => Deliveries.Update(claimed with
    {
        State = DeliveryState.Queued,
        DueAt = now.UtcDateTime,
        Attempts = Math.Max(claimed.Attempts - 1, 0),
    });

    /// <summary>
    /// Rows left in Sending by a stopped process go back to the queue. The dispatcher lets in-flight sends
    /// finish on a graceful stop, so only a hard crash during the HTTP call itself can leave one here.
    /// </summary>
    public int RequeueInterrupted(DateTimeOffset now)
    {
        var stuck = Deliveries.Find(d => d.State == DeliveryState.Sending).ToList();
        Deliveries.Update(stuck.Select(d => d with { State = DeliveryState.Queued, DueAt = now.UtcDateTime }));
        if (stuck.Count > 0) signal.Notify();
        return stuck.Count;
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
