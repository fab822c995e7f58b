using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Teams.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Identity.Client;

namespace HitBot.Teams;

/// <summary>
/// Who a Teams sender is on the roster. Teams activities carry no e-mail, so an unknown sender is looked up once
/// through the Bot Connector (the member's e-mail) and linked by it; a known one gets their stored address refreshed.
/// </summary>
public sealed class TeamsPeople(
    PeopleDirectory directory, ConnectorClient connector, ServiceUrlPolicy serviceUrls, PendingLinks linkLater, TimeProvider time,
    ILogger<TeamsPeople> logger)
{
    /// <summary>The lookup runs inside Teams' 15-second budget for the inbound request (protocols.md §1.9).</summary>
    static readonly TimeSpan LookupBudget = TimeSpan.FromSeconds(5);
    const int MaxAttempts = 3;
    /// <summary>Without Retry-After Teams asks for backoff (§3.6): a quarter second, then half.</summary>
    static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The sender as the roster knows them (null for someone not on it), or <c>LookupFailed</c> when Teams could not say who
    /// an unknown sender is just now (throttled past the budget, down): they are linked in the background, and must not be
    /// told meanwhile that they are not on the roster.
    /// </summary>
    public async Task<(Person? Person, bool LookupFailed)> LinkAsync(ChannelAddress address, string conversationId, CancellationToken ct)
    {
        var linked = await LinkInstalledAsync(address, conversationId, welcomeWhenLinked: false, ct);
        return (linked.Person, linked.LookupFailed);
    }

    /// <summary>
    /// As <see cref="LinkAsync"/>, and whether HitBot's proactive installer was installing the app for this person (their
    /// Teams reach said so until this link): Teams' install event then answers HitBot's own install, not the person's.
    /// With <paramref name="welcomeWhenLinked"/>, a sender the look-up failed for is welcomed once the background link finds them.
    /// </summary>
    public async Task<(Person? Person, bool InstalledByHitBot, bool LookupFailed)> LinkInstalledAsync(
        ChannelAddress address, string conversationId, bool welcomeWhenLinked, CancellationToken ct)
    {
        if (directory.Link(address, email: null) is { } known)
        {
            if (!known.Inactive) return (known, false, false);
            // Deactivated, perhaps because the district changed their e-mail and the roster has them under the new one: Teams
            // says which e-mail the account has now, and the chat moves to that entry (as Slack's roster pass moves theirs).
            // Without it they were told they had left, and no update reached them in Teams.
            return ((await LookupEmailAsync(address, conversationId, welcomeWhenLinked, ct)).Email is { } now
                    && directory.Link(address, now) is { Inactive: false } moved
                ? moved
                : known, false, false);
        }
        var (email, failed) = await LookupEmailAsync(address, conversationId, welcomeWhenLinked, ct);
        if (email is null) return (null, false, failed);
        // Read before linking: a link on Teams drops the person's Teams reach note.
        var installing = directory.FindByEmail(email)?.ReachNotes.Any(n => n is { Channel: ChannelKind.Teams, State: ReachStates.Installing }) == true;
        return (directory.Link(address, email), installing, false);
    }

    /// <summary>
    /// The person, with the language and the time zone their Teams app reports kept in the directory when nobody has
    /// given them: the roster and the admin API win, and the first the app said is kept (<see cref="PeopleDirectory.AdoptLanguage"/>,
    /// <see cref="PeopleDirectory.AdoptTimeZone"/>, as Slack's are). Without the zone a Teams tutor in another state got
    /// survey reminders in the program's daytime and read closing times in the program's time.
    /// </summary>
    public Person WithClient(Person person, string? locale, string? timeZone)
    {
        person = directory.AdoptLanguage(person.Id, locale) ?? person;
        return directory.AdoptTimeZone(person.Id, timeZone) ?? person;
    }

    /// <summary>
    /// The member's e-mail, or their UPN when Teams has no e-mail (usually the same address); null when Teams says none, and
    /// <c>Failed</c> when it cannot say now (the member is then queued to be linked later).
    /// </summary>
    async Task<(string? Email, bool Failed)> LookupEmailAsync(ChannelAddress address, string conversationId, bool welcomeWhenLinked, CancellationToken ct)
    {
        if (!serviceUrls.IsAllowed(address.ServiceUrl)) return (null, false);
        var deadline = time.GetUtcNow() + LookupBudget;
        using var budget = new CancellationTokenSource(LookupBudget, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, budget.Token);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var member = await connector.GetMemberAsync(address.ServiceUrl, conversationId, address.UserId, linked.Token);
                return (RosterAddress(member, directory), false);
            }
            catch (ConnectorException e) when (TeamsLinkLater.IsTransient(e.Status) && attempt < MaxAttempts
                                               && time.GetUtcNow() + Wait(e, attempt) < deadline)
            {
                // Asked to wait less than the budget has left: wait here, and the sender is answered as who they are.
                await Task.Delay(Wait(e, attempt), time, linked.Token);
            }
            catch (Exception e) when (e is ConnectorException or HttpRequestException or MsalException
                                          || e is OperationCanceledException && !ct.IsCancellationRequested)
            {
                Log.MemberLookupFailed(logger, e, address.UserId);
                // A 404 or 403 means they are not in this conversation; anything else may pass, and then they are linked
                // in the background rather than on their next message.
                if (e is ConnectorException { Status: var status } && !TeamsLinkLater.IsTransient(status)) return (null, false);
                linkLater.Enqueue(address, conversationId, email: null, welcome: welcomeWhenLinked, (e as ConnectorException)?.RetryAfter);
                return (null, true);
            }
        }
    }

    /// <summary>
    /// The address to find the member by on the roster: their e-mail, or their sign-in name (UPN) when the roster has that
    /// one instead (a district whose mailboxes are aliases of the sign-in, as Graph's look-up for the installer allows) or
    /// Teams gives no e-mail; null when Teams says neither. Trying only the e-mail told a tutor whose roster line has the
    /// address they sign in with to ask to be added.
    /// </summary>
    internal static string? RosterAddress(TeamsChannelAccount member, PeopleDirectory directory)
    {
        var email = member.Email is { Length: > 0 } e ? e : null;
        var upn = member.UserPrincipalName is { } u && u.Contains('@', StringComparison.Ordinal) ? u : null;
        if (email is null || upn is null) return email ?? upn;
        return directory.FindByEmail(email) is null && directory.FindByEmail(upn) is not null ? upn : email;
    }

    static TimeSpan Wait(ConnectorException e, int attempt) => e.RetryAfter ?? FirstBackoff * Math.Pow(2, attempt - 1);
}
