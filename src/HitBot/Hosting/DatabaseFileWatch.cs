using HitBot.Core.Storage;

namespace HitBot.Hosting;

/// <summary>
/// Stops HitBot, as failed (exit code 1, one line: <see cref="BackgroundFailure"/>), once LiteDB has closed the database
/// file after a refused write (a full disk, one turned read-only).
/// </summary>
/// <remarks>
/// From then on every answer, click and send fails until the file is opened again, and only a restart does that. Left
/// running, HitBot answered errors until someone noticed: systemd (the README's unit) never probes <c>/healthz</c>. Stopped,
/// the service manager starts it again (<c>Restart=on-failure</c>, <c>RestartSec=</c>), the start says in one line that
/// the disk is full while it still is, and HitBot carries on by itself once there is room, from the last write that went
/// through: a request whose write was refused was not acknowledged, so Teams and Slack show it failed.
/// </remarks>
public sealed class DatabaseFileWatch(HitBotDb db) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Exception closedBy;
        try
        {
            closedBy = await db.FileClosed.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // HitBot is stopping (or its start failed): a stop, not a failure of this part, and no stack trace in the log.
            return;
        }
        throw new DatabaseClosedException(Explain(db, closedBy), closedBy);
    }

    /// <summary>What the operator reads when the disk refused a write: the file, the system's reason and what to do.</summary>
    internal static string Explain(HitBotDb db, Exception refusal) =>
        $"the disk refused a write to the database file {db.FilePath} (HitBot:Storage:Path): {refusal.Message.TrimEnd('.')}. " +
        "LiteDB closed the file and only a restart opens it again; free space on that disk (or make it writable)";
}

/// <summary>LiteDB closed the database file after a refused write (<see cref="DatabaseFileWatch"/>).</summary>
public sealed class DatabaseClosedException(string message, Exception inner) : Exception(message, inner);
