using System.Collections.Concurrent;
using System.Threading.Channels;
using HitBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace HitBot.Core.Messaging.Outbox;

/// <summary>
/// What an inbound request must have on disk before its 200 (its id, for retries, and the replies it queued), committed
/// together with the other requests that arrived meanwhile: one LiteDB commit (a flush to disk) for many requests.
/// The Teams requests, the Slack inbox's rows and the Slack worker's finished items all go through this one writer.
/// </summary>
/// <remarks>
/// A commit costs milliseconds and LiteDB has one writer at a time, so a commit per request made the disk the limit of
/// <c>POST /api/messages</c> (docs/benchmarks.md). Each request still waits for its own rows to be committed before it
/// answers, so a 200 means on disk as before; a crash before the commit means no 200 was sent and the platform retries.
/// </remarks>
public sealed class InboundCommits(HitBotDb db, InboundStore inbound, OutboxStore outbox, TimeProvider time, ILogger<InboundCommits> logger)
{
    readonly Channel<PendingCommit> pending = Channel.CreateUnbounded<PendingCommit>(new() { SingleReader = true });
    readonly ConcurrentDictionary<string, TaskCompletionSource> inFlight = new(StringComparer.Ordinal);
    int writerStarted;

    /// <summary>
    /// Takes the id for this request: false when it was handled already (a platform retry), or once another request
    /// with the same id, still in flight, has committed. True means the caller handles it and must <see cref="Release"/> it.
    /// </summary>
    public async Task<bool> TryClaimAsync(string channel, string id, CancellationToken ct)
    {
        var key = InboundStore.Key(channel, id);
        while (true)
        {
            if (inbound.Seen(channel, id)) return false;
            var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (inFlight.TryAdd(key, mine))
            {
                // Another request may have committed and released this id between the look-up and the claim.
                if (!inbound.Seen(channel, id)) return true;
                Release(channel, id);
                return false;
            }
            // The same activity twice at once: wait for the first; if it failed, this one takes its place.
            if (inFlight.TryGetValue(key, out var other)) await other.Task.WaitAsync(ct);
        }
    }

    /// <summary>Ends a claim, committed or not; a request waiting on the same id then looks again.</summary>
    public void Release(string channel, string id)
    {
        if (inFlight.TryRemove(InboundStore.Key(channel, id), out var claim)) claim.TrySetResult();
    }

    /// <summary>
    /// Records the id (when there is one) and queues the deliveries whose keys are new, in the next group commit.
    /// Completes once they are on disk; throws when this request's rows could not be committed (the caller answers 5xx).
    /// </summary>
    public Task CommitAsync((string Channel, string Id)? inboundId, IReadOnlyList<Delivery> deliveries)
    {
        var key = inboundId is { } i ? InboundStore.Key(i.Channel, i.Id) : null;
        return CommitAsync(now => key is null || inbound.RecordInTransaction(key, now), deliveries);
    }

    /// <summary>
    /// Runs <paramref name="write"/> in the next group commit and, when it answers true, queues the deliveries whose keys
    /// are new in the same commit. Completes with <paramref name="write"/>'s answer once it is on disk; throws when it
    /// could not be committed. <paramref name="write"/> runs on the writer's thread inside the transaction, may run a
    /// second time (alone) when its group fails, and must look up rather than catch a duplicate key: a failed insert
    /// inside a transaction leaves its page written.
    /// </summary>
    public Task<bool> CommitAsync(Func<DateTime, bool> write, IReadOnlyList<Delivery> deliveries)
    {
        var commit = new PendingCommit(write, deliveries);
        pending.Writer.TryWrite(commit);
        if (Interlocked.CompareExchange(ref writerStarted, 1, 0) == 0)
            _ = Task.Run(WriteAsync, CancellationToken.None);
        return commit.Done.Task;
    }

    /// <summary>The one writer: everything that arrived during the last commit goes into the next.</summary>
    async Task WriteAsync()
    {
        while (await pending.Reader.WaitToReadAsync())
        {
            var group = new List<PendingCommit>();
            while (pending.Reader.TryRead(out var commit)) group.Add(commit);
            try
            {
                Commit(group);
            }
            catch (Exception e)
            {
                // One bad request must not fail the others: each is tried again in a commit of its own.
                Log.GroupCommitFailed(logger, e, group.Count);
                foreach (var commit in group) CommitAlone(commit);
            }
        }
    }

    void CommitAlone(PendingCommit commit)
    {
        try
        {
            Commit([commit]);
        }
        catch (Exception e)
        {
            commit.Done.TrySetException(e);
        }
    }

    /// <summary>Synchronous from BeginTrans to Commit: a LiteDB transaction belongs to this thread.</summary>
    void Commit(List<PendingCommit> group)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var (answers, queued) = db.InTransaction(() =>
        {
            var written = new bool[group.Count];
            var rows = new List<Delivery>();
            for (var i = 0; i < group.Count; i++)
            {
                written[i] = group[i].Write(now);
                if (written[i] && group[i].Deliveries.Count > 0) rows.AddRange(outbox.InsertNewInTransaction(group[i].Deliveries));
            }
            return (written, rows);
        });
        outbox.Queued(queued);
        for (var i = 0; i < group.Count; i++) group[i].Done.TrySetResult(answers[i]);
    }

    sealed record PendingCommit(Func<DateTime, bool> Write, IReadOnlyList<Delivery> Deliveries)
    {
        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
