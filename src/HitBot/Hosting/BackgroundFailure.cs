using HitBot.Core.Storage;

namespace HitBot.Hosting;

/// <summary>
/// Why HitBot stopped when one of its background parts failed. The host stops when a <see cref="BackgroundService"/>
/// throws, yet its run ends as a clean stop does: the process exited 0, and a service manager that restarts HitBot only
/// on failure (the README's systemd unit: <c>Restart=on-failure</c>) left it down, sending nothing, until someone noticed.
/// </summary>
public sealed class BackgroundFailure
{
    readonly List<BackgroundService> parts;
    readonly HitBotDb? db;

    BackgroundFailure(List<BackgroundService> parts, HitBotDb? db) => (this.parts, this.db) = (parts, db);

    /// <summary>The background parts of this host, taken before it runs: the run ends by disposing its services.</summary>
    public static BackgroundFailure Of(IServiceProvider services) =>
        new([.. services.GetServices<IHostedService>().OfType<BackgroundService>()], services.GetService<HitBotDb>());

    /// <summary>The one line to print (and exit non-zero) when a background part ended in an exception; null after a clean stop.</summary>
    public string? Problem()
    {
        var failed = parts.Where(p => p.ExecuteTask is { IsFaulted: true }).ToList();
        if (failed.Count == 0) return null;
        // A full or read-only disk is said as such whichever part met it first: a timed loop's write often does, before
        // DatabaseFileWatch sees the file closed, and its line named the loop and "No space left on device" without the file
        // or what to do.
        BackgroundService? part = failed.FirstOrDefault(p => p is DatabaseFileWatch) ?? failed[0];
        var reason = part.ExecuteTask!.Exception?.GetBaseException().Message;
        if (part is not DatabaseFileWatch && db is not null
            && (db.ClosedBy ?? failed.Select(p => db.RefusalBehind(p.ExecuteTask!.Exception!)).FirstOrDefault(r => r is not null)) is { } refusal)
            (part, reason) = (null, DatabaseFileWatch.Explain(db, refusal));
        return $"hitbot: HitBot stopped because its {part?.GetType().Name ?? nameof(DatabaseFileWatch)} failed ({reason}); " +
            "the log above holds the details. Exiting with code 1, so that the service manager starts it again.";
    }
}
