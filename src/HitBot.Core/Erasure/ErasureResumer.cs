using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HitBot.Core.Erasure;

/// <summary>
/// At start-up, finishes the erasures a stop cut off (<see cref="PersonErasure.FinishInterrupted"/>). Their people are
/// out of the directory and their deliveries are refused from the first claim meanwhile (the outbox's own note), so this
/// runs off the host's start-up path, and a failure is logged, not fatal: the next start tries again.
/// </summary>
public sealed class ErasureResumer(PersonErasure erasure, ILogger<ErasureResumer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var personId in await Task.Run(erasure.FinishInterrupted, stoppingToken))
                Log.InterruptedErasureFinished(logger, personId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.InterruptedErasuresFailed(logger, e);
        }
    }
}
