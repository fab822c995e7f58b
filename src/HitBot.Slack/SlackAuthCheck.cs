using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HitBot.Slack;

/// <summary>
/// Asks Slack at start-up whether the bot token works (auth.test). A token Slack refuses stops the start with a message
/// naming the setting; a Slack that cannot be reached is not fatal: the check is repeated in the background.
/// </summary>
/// <remarks>
/// With Teams on too, a refusal at start does not stop it: Slack is marked refused (<c>/readyz</c> degraded, the overview
/// says so) and HitBot serves Teams' people and the dashboard, which a stop cut off as well at every restart.
/// </remarks>
public sealed class SlackAuthCheck(
    SlackWebApi api, SlackWorkspace workspace, DispatcherProgress progress, IEnumerable<IChatSetup> chats, TimeProvider time,
    ILogger<SlackAuthCheck> logger) : IHostedLifecycleService, IDisposable
{
    readonly CancellationTokenSource stopping = new();
    Task retrying = Task.CompletedTask;
    bool disposed;

    /// <summary>
    /// Asked before any part of HitBot starts (every hosted service's <c>StartingAsync</c> runs before the first
    /// <c>StartAsync</c>): a refused token stops a start in which nothing has run yet. Checked in <c>StartAsync</c>, it came
    /// after the outbox and the reminder loops had started, and their errors on the closing database followed the one line
    /// that said what to fix.
    /// </summary>
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        try
        {
            var me = await api.AuthTestAsync(cancellationToken);
            workspace.Installed(me);
            Log.Connected(logger, me.TeamId, me.UserId);
        }
        catch (SlackApiException e) when (e.IsAuthFailure && chats.Any(c => c.Kind != ChannelKind.Slack && c.ReachesPeople))
        {
            Log.TokenRefusedTeamsServed(logger, e.Code);
            progress.RefusedCredentials(ChannelKind.Slack, time.GetUtcNow());
        }
        catch (SlackApiException e) when (e.IsAuthFailure)
        {
            // A setting refused, like one the options checks refuse: the host prints it as one line and exits with 1, where any
            // other exception escaping the start is "Unhandled exception", a stack trace and an abort.
            throw new OptionsValidationException(Options.DefaultName, typeof(SlackOptions), [
                $"Slack refused HitBot:Slack:BotToken ({e.Code}). Copy the Bot User OAuth Token (xoxb-…) from your Slack app's " +
                "OAuth & Permissions page after installing the app to the workspace, or leave HitBot:Slack empty to turn Slack off."]);
        }
        catch (Exception e) when (Unreachable(e, cancellationToken))
        {
            retrying = RetryAsync(e, stopping.Token);
        }
    }

    async Task RetryAsync(Exception first, CancellationToken ct)
    {
        var failure = first;
        for (var attempt = 1; !ct.IsCancellationRequested; attempt++)
        {
            var wait = RetryPolicy.Backoff(attempt + 3, 0);
            Log.AuthCheckDeferred(logger, failure, time.GetUtcNow() + wait);
            try
            {
                await Task.Delay(wait, time, ct);
                var me = await api.AuthTestAsync(ct);
                workspace.Installed(me);
                Log.Connected(logger, me.TeamId, me.UserId);
                return;
            }
            catch (SlackApiException e) when (e.IsAuthFailure)
            {
                // Too late to stop the start; every send will fail and say so on its delivery row, and /readyz says so now
                // rather than after the first send (a Slack-only district is then not ready at all).
                Log.TokenRefused(logger, e.Code);
                progress.RefusedCredentials(ChannelKind.Slack, time.GetUtcNow());
                return;
            }
            catch (Exception e) when (Unreachable(e, ct))
            {
                failure = e;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    static bool Unreachable(Exception e, CancellationToken ct) =>
        e is HttpRequestException or SlackApiException || e is OperationCanceledException && !ct.IsCancellationRequested;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // The test host may dispose the services before its own StopAsync reaches this one, or while it runs.
        if (Volatile.Read(ref disposed)) return;
        try
        {
            await stopping.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // Disposed between the look and the cancel: Dispose cancelled it already.
        }
        await retrying;
    }

    public void Dispose()
    {
        Volatile.Write(ref disposed, true);
        stopping.Cancel();
        stopping.Dispose();
    }
}
