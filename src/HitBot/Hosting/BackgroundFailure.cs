namespace HitBot.Hosting;

/// <summary>
/// Why HitBot stopped when one of its background parts failed. The host stops when a <see cref="BackgroundService"/>
/// throws, yet its run ends as a clean stop does: the process exited 0, and a service manager that restarts HitBot only
/// on failure (the README's systemd unit: <c>Restart=on-failure</c>) left it down, sending nothing, until someone noticed.
/// </summary>
public sealed class BackgroundFailure
{
    readonly List<BackgroundService> parts;

    BackgroundFailure(List<BackgroundService> parts) => this.parts = parts;

    /// <summary>The background parts of this host, taken before it runs: the run ends by disposing its services.</summary>
    public static BackgroundFailure Of(IServiceProvider services) => new([.. services.GetServices<IHostedService>().OfType<BackgroundService>()]);

    /// <summary>The one line to print (and exit non-zero) when a background part ended in an exception; null after a clean stop.</summary>
    public string? Problem()
    {
        foreach (var part in parts)
            if (part.ExecuteTask is { IsFaulted: true } failed)
                return $"hitbot: HitBot stopped because its {part.GetType().Name} failed ({failed.Exception?.GetBaseException().Message}); " +
                    "the log above holds the details. Exiting with code 1, so that the service manager starts it again.";
        return null;
    }
}
