using System.Threading.Channels;

namespace HitBot.Core.Messaging.Outbox;

/// <summary>
/// Writes the rows of finished sends: everything that finished while the previous commit was flushing goes in the next
/// one (group commit). A LiteDB commit flushes to disk and costs milliseconds; one per message would make the disk,
/// not the platform, the limit of a fan-out. Owned by the <see cref="Dispatcher"/>, which runs it for its own lifetime.
/// </summary>
/// <remarks>
/// A send learns its row is on disk before it frees its slot, so nothing counts as Sent before it is. A group whose
/// commit fails is written again row by row: one row that cannot be written must not lose the others' outcomes, which
/// would send those messages again after the next start.
/// </remarks>
sealed class SentRowWriter(OutboxStore outbox)
{
    readonly Channel<PendingRow> pending = Channel.CreateUnbounded<PendingRow>(new() { SingleReader = true });

    /// <summary>Completes once this sent row is committed; faults when it could not be written.</summary>
    public Task WriteAsync(Delivery sentRow)
    {
        var row = new PendingRow(sentRow);
        if (!pending.Writer.TryWrite(row))
            row.Committed.SetException(new InvalidOperationException("The dispatcher has stopped writing sent rows."));
        return row.Committed.Task;
    }

    /// <summary>Takes everything waiting and commits it at once, until <see cref="Complete"/> and the last group is written.</summary>
    public async Task RunAsync()
    {
        while (await pending.Reader.WaitToReadAsync())
        {
            var group = new List<PendingRow>();
            while (pending.Reader.TryRead(out var row)) group.Add(row);
            try
            {
                outbox.RecordSent([.. group.Select(w => w.Row)]);
                foreach (var row in group) row.Committed.TrySetResult();
            }
            catch (Exception) when (group.Count > 1)
            {
                foreach (var row in group) WriteAlone(row);
            }
            catch (Exception e)
            {
                group[0].Committed.TrySetException(e);
            }
        }
    }

    void WriteAlone(PendingRow row)
    {
        try
        {
            outbox.RecordSent([row.Row]);
            row.Committed.TrySetResult();
        }
        catch (Exception e)
        {
            row.Committed.TrySetException(e);
        }
    }

    /// <summary>No more rows will come (every send has finished): <see cref="RunAsync"/> ends once the last group is written.</summary>
    public void Complete() => pending.Writer.TryComplete();

    sealed record PendingRow(Delivery Row)
    {
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
