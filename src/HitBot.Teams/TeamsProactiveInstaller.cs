using HitBot.Core.Loops;
using System.Threading.RateLimiting;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;

namespace HitBot.Teams;

/// <summary>
/// Reaches roster people who never opened HitBot (<c>HitBot:Teams:ProactiveInstall</c>): finds each one's Entra user by
/// e-mail, installs HitBot for them through Microsoft Graph and opens their 1:1 chat, as Company Communicator does
/// (protocols.md §3.8). Runs at start-up, after every roster import and once a day, like the Slack roster linker.
/// </summary>
/// <remarks>
/// Each person is asked about at most once a day: their Teams reach note records when, and what came of it
/// (<c>installing</c>, <c>not-in-tenant</c>); linking them clears it. The install's own conversationUpdate, arriving at
/// <c>/api/messages</c>, links them too; whichever comes first wins and the other finds them linked.
/// </remarks>
public sealed partial class TeamsProactiveInstaller(
    PeopleDirectory directory, GraphClient graph, ConnectorClient connector, TeamsInstallation installation, PendingLinks linkLater,
    RosterSignal roster, IOptions<TeamsOptions> options, TimeProvider time, ILogger<TeamsProactiveInstaller> logger) : BackgroundService
{
    static readonly TimeSpan DailyPass = TimeSpan.FromDays(1);
    /// <summary>After Graph or Teams stayed unavailable through every retry: try again soon, not tomorrow.</summary>
    static readonly TimeSpan AfterFailure = TimeSpan.FromMinutes(5);

    /// <summary>Its own wake-up: the Slack linker waits on the roster signal itself.</summary>
    readonly WakeSignal rosterChanged = roster.Listen();

    public TeamsInstallProgress Progress { get; } = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ProactiveInstall) return;
        // A person costs two to four Graph calls; 10 people a second stays near Graph's 30 installs a second per tenant
        // (§3.8.7) and a 429 is still honoured. Real time on purpose: it only paces.
        using var pace = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 20, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
            QueueLimit = 1, QueueProcessingOrder = QueueProcessingOrder.OldestFirst, AutoReplenishment = true,
        });
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Progress.PassStarted();
                var complete = await PassAsync(pace, stoppingToken);
                // Until a moment on the clock, armed before the pass is announced (Progress.PassFinished says why).
                var nextPass = time.GetUtcNow() + (complete ? DailyPass : AfterFailure);
                var waiting = rosterChanged.WaitUntilAsync(nextPass, time, stoppingToken);
                Progress.PassFinished(nextPass);
                await waiting;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping; the notes say who was asked, the next start carries on with the rest.
        }
    }

    /// <summary>Everyone active, on no chat, and not asked in the last day. False when Graph or Teams failed and the pass stopped early.</summary>
    async Task<bool> PassAsync(RateLimiter pace, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var waiting = directory.Everyone().Where(p => !p.Inactive && p.Identities.Count == 0 && IsDue(p, now)).ToList();
        if (waiting.Count == 0) return true;
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            foreach (var person in waiting)
            {
                using var lease = await pace.AcquireAsync(1, ct);
                var state = await ReachAsync(person, ct);
                outcomes[state] = outcomes.GetValueOrDefault(state) + 1;
                Log.InstallOutcome(logger, person.Id, state);
            }
            Progress.Refused(null);
            return true;
        }
        catch (Exception e) when (e is GraphException or ConnectorException or ServiceUrlRefusedException or HttpRequestException or MsalException
                                      || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            Log.InstallPassFailed(logger, e, AfterFailure);
            // Only a log line said it: an app registration without User.Read.All reached nobody, and the People page showed
            // the whole roster "not reached yet" with no reason. An outage (no answer, 5xx, throttling) is not said.
            if (Refusal(e) is { } why) Progress.Refused(why);
            return false;
        }
        finally
        {
            Log.InstallPass(logger, outcomes.GetValueOrDefault(ReachStates.Teams), outcomes.GetValueOrDefault(ReachStates.Installing),
                outcomes.GetValueOrDefault(ReachStates.NotInTenant), waiting.Count);
        }
    }

    /// <summary>A refusal a setting or a permission causes, in words; null for an outage the next pass may not meet.</summary>
    static string? Refusal(Exception e) => e switch
    {
        // 403/404 on an install is one person's (handled in ReachAsync); here it is the look-up by e-mail every person needs.
        GraphException { Status: 401 or 403 } g =>
            $"Microsoft Graph refuses to let HitBot look people up by e-mail ({g.Status} {g.Code}), so nobody new on the roster is installed "
            + "in Teams. Whoever runs HitBot gives the bot's app registration the Graph application permission User.Read.All and "
            + "grants admin consent (see “Reach people who never opened HitBot in Teams” in its README).",
        GraphException { IsTransient: false, Status: < 500 } g =>
            $"Microsoft Graph refuses HitBot's proactive install ({g.Status} {g.Code}), so nobody new on the roster is installed in Teams. "
            + "HitBot tries again every few minutes; whoever runs HitBot checks HitBot:Teams:CatalogAppId and the Graph permissions "
            + "(see “Reach people who never opened HitBot in Teams” in its README).",
        MsalServiceException m =>
            $"Microsoft refuses HitBot a Microsoft Graph token from the school's tenant ({m.ErrorCode}), so nobody new on the roster is "
            + "installed in Teams. Whoever runs HitBot checks HitBot:Teams:TenantId and grants admin consent to the bot's app registration "
            + "(see “Reach people who never opened HitBot in Teams” in its README).",
        _ => null,
    };

    /// <summary>
    /// Not asked today. A person who blocked or removed HitBot in Teams is never installed again by force; they come
    /// back by adding it themselves.
    /// </summary>
    static bool IsDue(Person person, DateTime now) =>
        person.ReachNotes.FirstOrDefault(n => n.Channel == ChannelKind.Teams) is not { } note
        || (note.State != ReachStates.Blocked && now - note.At >= DailyPass);
}

/// <summary>What <see cref="TeamsProactiveInstaller"/> has done, for tests, the start-up log and the dashboard's overview.</summary>
public sealed class TeamsInstallProgress() : RosterPassProgress("Teams proactive installer")
{
    volatile string? problem;

    /// <summary>
    /// Why Microsoft refuses HitBot the look-ups proactive install needs, in words for the coordinator, while it does (a Graph
    /// permission or its admin consent missing): nobody new on the roster is reached in Teams until then. Null otherwise.
    /// </summary>
    public string? Problem => problem;

    internal void Refused(string? why) => problem = why;
}
