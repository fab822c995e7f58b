using System.Text.RegularExpressions;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;

namespace HitBot.Teams;

/// <summary>
/// Asks Microsoft for a Bot Framework token at start-up, as <c>SlackAuthCheck</c> asks Slack: an app id, secret or tenant
/// id that Microsoft refuses stops the start with one line naming the setting, where it was found only at the first send,
/// as failed deliveries. A login service that cannot be reached now is not fatal: sends retry, and their failures say why.
/// </summary>
/// <remarks>
/// With Slack on too, a refusal does not stop the start: Teams is marked refused (<c>/readyz</c> degraded, the overview says
/// so) and HitBot serves Slack's people and the dashboard. Stopped, an expired Teams secret (Azure's expire within two
/// years) cut them off too at every restart until someone renewed it.
/// </remarks>
public sealed partial class TeamsAuthCheck(
    BotTokenProvider tokens, IOptions<TeamsOptions> options, IEnumerable<IChatSetup> chats, DispatcherProgress progress, TimeProvider time,
    ILogger<TeamsAuthCheck> logger)
    : IHostedLifecycleService
{
    /// <summary>The start waits this long at most for Microsoft's answer.</summary>
    static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Asked before any part of HitBot starts (every hosted service's <c>StartingAsync</c> runs before the first
    /// <c>StartAsync</c>): a refusal stops a start in which nothing has run yet. Checked in <c>StartAsync</c>, it came after
    /// the outbox and the reminder loops had started, and their errors on the closing database followed the one line that
    /// said what to fix.
    /// </summary>
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var teams = options.Value;
        if (!teams.AuthEnabled) return;
        using var budget = new CancellationTokenSource(Budget, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        try
        {
            await tokens.GetTokenAsync(linked.Token);
            Log.CredentialsAccepted(logger, teams.AppId);
        }
        catch (MsalServiceException e) when (Refusal(e, teams) is { } problem && chats.Any(c => c.Kind != ChannelKind.Teams && c.ReachesPeople))
        {
            Log.CredentialsRefusedSlackServed(logger, problem);
            progress.RefusedCredentials(ChannelKind.Teams, time.GetUtcNow());
        }
        catch (MsalServiceException e) when (Refusal(e, teams) is { } problem)
        {
            // Thrown as a settings problem: the host prints it as one line and exits with 1 (SettingsProblem).
            throw new OptionsValidationException(Options.DefaultName, typeof(TeamsOptions), [problem]);
        }
        catch (MsalServiceException e)
        {
            // Microsoft answered, with a code no setting of ours explains (conditional access, a disabled app…): say its code,
            // not that nobody answered, which sent an IT person looking at the network.
            Log.CredentialsQuestioned(logger, Code(e), e);
        }
        catch (Exception e) when (e is MsalException or HttpRequestException || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Log.CredentialsUnchecked(logger, e);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The one line for a refusal that a setting causes, by Microsoft Entra's AADSTS code; null for anything else (an outage).</summary>
    static string? Refusal(MsalServiceException e, TeamsOptions teams)
    {
        var code = Code(e);
        var where = teams.TenantId.Length > 0 ? $"tenant {teams.TenantId} (HitBot:Teams:TenantId)" : "the multi-tenant botframework.com directory";
        return code switch
        {
            "AADSTS7000215" or "AADSTS7000222" or "invalid_client" =>
                $"Microsoft refused HitBot:Teams:AppPassword for app {teams.AppId} ({code}: a wrong or expired client secret). Copy the Value of a current " +
                "client secret from the bot's app registration (Certificates & secrets), not its Secret ID.",
            "AADSTS90002" =>
                $"Microsoft knows no tenant {teams.TenantId} ({code}): HitBot:Teams:TenantId must be the App Tenant ID on the Azure Bot's Configuration page.",
            "AADSTS700016" or "unauthorized_client" when teams.TenantId.Length == 0 =>
                $"Microsoft does not know app {teams.AppId} in {where} ({code}): a single-tenant bot (every bot created since July 2025) needs " +
                "HitBot:Teams:TenantId, the App Tenant ID on the Azure Bot's Configuration page; or HitBot:Teams:AppId is not the bot's Microsoft App ID.",
            "AADSTS700016" or "unauthorized_client" =>
                $"Microsoft does not know app {teams.AppId} in {where} ({code}): check HitBot:Teams:AppId and HitBot:Teams:TenantId against the " +
                "Microsoft App ID and App Tenant ID on the Azure Bot's Configuration page.",
            _ => null,
        };
    }

    /// <summary>Microsoft Entra's AADSTS code in the answer, or MSAL's error code when it has none.</summary>
    static string Code(MsalServiceException e) => Aadsts().Match(e.Message) is { Success: true } m ? m.Value : e.ErrorCode;

    [GeneratedRegex(@"AADSTS\d+")]
    private static partial Regex Aadsts();
}
