using System.Threading.RateLimiting;
using HitBot.Core.Directory;
using HitBot.Core.Directory.Chat;
using HitBot.Core.Messaging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HitBot.Slack;

/// <summary>
/// Links roster people to their Slack accounts by e-mail (users.lookupByEmail) at start-up, after every roster import
/// and once a day, so a coordinator can send to someone who has never written to the bot. Their Slack time zone is
/// kept when the roster gave none, and each gets the <see cref="ReachedWelcome"/> DM once. People who write first are
/// linked by <see cref="SlackPeople"/> instead.
/// </summary>
/// <remarks>
/// An e-mail Slack does not know is not asked again until the next daily pass or restart; a roster of people
/// who are not in the workspace does not turn into a steady stream of calls.
/// </remarks>
public sealed class SlackRosterLinker(
    DirectoryStore store, PeopleDirectory directory, SlackWebApi api, ReachedWelcome welcome, RosterSignal rosterChanged,
    SlackWorkspace workspace, SlackOutsiders outsiders, TimeProvider time, ILogger<SlackRosterLinker> logger) : BackgroundService
{
    /// <summary>A person who joins Slack after the import is found by the next daily pass.</summary>
    static readonly TimeSpan DailyPass = TimeSpan.FromDays(1);
    /// <summary>After Slack could not be reached or refused the call: try again soon, not tomorrow.</summary>
    static readonly TimeSpan AfterFailure = TimeSpan.FromMinutes(5);
    /// <summary>A 429 without Retry-After (Slack always sends one; this is only a floor).</summary>
    static readonly TimeSpan DefaultRateLimitWait = TimeSpan.FromSeconds(30);

    readonly HashSet<string> notInSlack = new(StringComparer.Ordinal);

    public SlackRosterLinkProgress Progress { get; } = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // users.lookupByEmail is a Tier 3 method (about 50 calls a minute, protocols.md §7.3): a burst of 20 links a
        // small import at once, a big one goes at Slack's pace instead of into 429s. On its own clock: it only paces.
        using var pace = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 20, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromSeconds(1.2),
            QueueLimit = 1, QueueProcessingOrder = QueueProcessingOrder.OldestFirst, AutoReplenishment = true,
        });
        var lastDailyPass = time.GetUtcNow();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (time.GetUtcNow() - lastDailyPass >= DailyPass)
                {
                    notInSlack.Clear();
                    lastDailyPass = time.GetUtcNow();
                }
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
            // The host is stopping; the next start begins a new pass.
        }
    }

    /// <summary>
    /// Looks up everyone without a Slack identity once, and those whose Slack account was deactivated when HitBot last
    /// wrote to them. False when Slack failed and the pass stopped early.
    /// </summary>
    async Task<bool> PassAsync(RateLimiter pace, CancellationToken ct)
    {
        var active = store.Everyone().Where(p => !p.Inactive).ToList();
        var waiting = active.Where(p => p.IdentityOn(ChannelKind.Slack) is null && !notInSlack.Contains(p.Email)).ToList();
        var deactivated = active.Where(p => p.IdentityOn(ChannelKind.Slack) is not null && p.ReachNotes.Any(n =>
            n is { Channel: ChannelKind.Slack, State: ReachStates.Blocked, Detail: SlackChannel.DeactivatedReason })).ToList();
        if (waiting.Count == 0 && deactivated.Count == 0) return true;
        int linked = 0, missing = 0;
        try
        {
            // A district deactivates tutors' accounts over the summer and reactivates them in the fall: nothing else would
            // take the mark off, and the sends skip a blocked chat, so they would never hear from HitBot again.
            foreach (var person in deactivated)
            {
                using var lease = await pace.AcquireAsync(1, ct);
                if (person.IdentityOn(ChannelKind.Slack) is { } address
                    && await RateLimitedAsync(() => api.UserInfoAsync(address.UserId, ct), ct) is { Deleted: false })
                    directory.ClearReach(person.Id, ChannelKind.Slack);
            }
            foreach (var person in waiting)
            {
                using var lease = await pace.AcquireAsync(1, ct);
                var lookedUp = await RateLimitedAsync(() => api.LookupByEmailAsync(person.Email, ct), ct);
                // The district's e-mail, but an account of another organisation (Slack Connect) holding it is not theirs to link: it
                // would get the person's updates and act as them. Before auth.test has answered nobody can tell, and the look-up,
                // made in HitBot's own workspace for an e-mail the district chose, is taken as before.
                var foreign = lookedUp is not null && workspace.Owns(lookedUp) == false;
                if (foreign || lookedUp is not { TeamId: { } team, IsBot: false, Deleted: false } user)
                {
                    notInSlack.Add(person.Email);
                    // The reach report says why Slack cannot reach them, and when HitBot last looked. A deactivated account is
                    // not a missing one: the coordinator's next step is to ask the workspace admin, not to check the e-mail.
                    directory.NoteReach(person.Id, ChannelKind.Slack, ReachStates.NotInWorkspace, lookedUp switch
                    {
                        _ when foreign => "The only Slack account with this e-mail belongs to another organisation (Slack Connect), so HitBot does not use it; they need an account in your workspace.",
                        { Deleted: true } => "Their Slack account with this e-mail is deactivated; a workspace admin can reactivate it.",
                        { IsBot: true } => "This e-mail belongs to a Slack app or bot, not to a person.",
                        _ => "No Slack account with this e-mail in the workspace.",
                    });
                    missing++;
                    continue;
                }
                outsiders.Saw(user);
                var address = new ChannelAddress { Channel = ChannelKind.Slack, TeamId = team, UserId = user.Id };
                // An account some roster entry already had (their e-mail changed) knows HitBot: only a first link is welcomed.
                var firstLink = directory.FindByIdentity(address) is null;
                if (directory.Link(address, person.Email) is { } found)
                {
                    // The district's own account: it is not asked about again when they write or are sent something.
                    if (workspace.Owns(user) == true) outsiders.Confirmed(found.IdentityOn(ChannelKind.Slack) ?? address);
                    directory.AdoptTimeZone(found.Id, user.TimeZone);
                    // They have never seen HitBot: the first thing in their Slack says who it is (after the zone, for its daytime).
                    if (firstLink) welcome.Queue(found, found.IdentityOn(ChannelKind.Slack) ?? address);
                    linked++;
                }
            }
            Progress.Refused(null);
            return true;
        }
        catch (Exception e) when (e is SlackApiException or HttpRequestException || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            Log.RosterLinkFailed(logger, e, AfterFailure);
            // Only a log line said it: an app installed without users:read.email linked nobody, and the People page showed
            // everyone "not reached yet" with no reason. An outage (no Slack answer, 5xx) is not said: the next pass goes on.
            if (e is SlackApiException { IsRateLimit: false, IsAuthFailure: false, Status: < 500 } refused)
                Progress.Refused(refused.Code == "missing_scope"
                    ? "HitBot's Slack app may not look people up by e-mail (it was installed without the users:read.email permission), so nobody new on the roster is reached in Slack. Whoever runs HitBot adds that scope on the app's OAuth & Permissions page and reinstalls the app (see “Connect Slack” in its README)."
                    : $"Slack refuses HitBot's look-up of people by e-mail ({refused.Code}), so nobody new on the roster is reached in Slack. HitBot tries again every few minutes; whoever runs HitBot can look the code up in Slack's users.lookupByEmail reference.");
            return false;
        }
        finally
        {
            Log.RosterLinked(logger, linked, missing, waiting.Count);
        }
    }

    /// <summary>One lookup; a 429 waits exactly as long as Slack's Retry-After says and asks again.</summary>
    async Task<SlackUser?> RateLimitedAsync(Func<Task<SlackUser?>> lookup, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return await lookup();
            }
            catch (SlackApiException e) when (e.IsRateLimit)
            {
                var until = time.GetUtcNow() + (e.RetryAfter ?? DefaultRateLimitWait);
                var wait = Task.Delay(until - time.GetUtcNow(), time, ct);
                // Announced once the wait is armed, so a test that moves its fake clock on seeing it always ends the wait.
                Progress.Paused(until);
                await wait;
                Progress.Resumed();
            }
        }
    }
}

/// <summary>What <see cref="SlackRosterLinker"/> has done, for tests, the start-up log and the dashboard's overview.</summary>
public sealed class SlackRosterLinkProgress() : RosterPassProgress("Slack roster linker")
{
    volatile string? problem;

    /// <summary>
    /// Why Slack refuses to let HitBot look people up by e-mail, in words for the coordinator, while it does (a permission the
    /// app was installed without): nobody new is linked in Slack until whoever runs HitBot fixes it. Null otherwise.
    /// </summary>
    public string? Problem => problem;

    internal void Refused(string? why) => problem = why;
}
