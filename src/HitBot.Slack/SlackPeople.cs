using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using Microsoft.Extensions.Logging;

namespace HitBot.Slack;

/// <summary>
/// Who a Slack sender is on the roster. Someone already linked is found locally; anyone else is looked up once with
/// users.info and linked by their e-mail, taking their Slack time zone and language when the roster gave none.
/// </summary>
public sealed class SlackPeople(
    PeopleDirectory directory, SlackWebApi api, SlackThrottle throttle, SlackWorkspace workspace, SlackOutsiders outsiders, TimeProvider time,
    ILogger<SlackPeople> logger)
{
    /// <summary>
    /// The answer when users.info failed (throttled past the waits, Slack down, too slow): the sender may well be on the
    /// roster, so they are not told to ask to be added, and they know that what they sent was not acted on.
    /// </summary>
    public const string LookupFailedText =
        "Sorry, I couldn't check who you are in Slack just now, so nothing was done with that. " +
        "Please try again in a few minutes; if it keeps happening, tell your program coordinator.";

    /// <summary>
    /// The sender when they are linked already and their account is known to be the district's own (asked before, or a
    /// click's <paramref name="homeTeam"/> is the bot token's workspace); null when finding them (or checking a link made
    /// before outsiders were refused) would take a users.info call.
    /// </summary>
    public Person? Linked(ChannelAddress address, string? homeTeam = null) =>
        outsiders.Checked(address) || outsiders.HomeIsOwn(address.UserId, homeTeam) ? directory.Link(address, email: null) : null;

    /// <param name="waitOutRateLimits">
    /// In the background (no 3-s deadline), a throttled look-up waits as long as Slack asks and tries again: on a launch
    /// day, tutors writing for the first time all at once were told they were not on the roster, and what they wrote was lost.
    /// </param>
    public async Task<SlackSender> ResolveAsync(ChannelAddress address, TimeSpan budget, bool waitOutRateLimits, CancellationToken ct)
    {
        if (Linked(address) is { } known) return new SlackSender(known);
        if (directory.Link(address, email: null) is { } linked) return await CheckedAsync(linked, address, budget, waitOutRateLimits, ct);
        var (user, failed) = await LookupAsync(address.UserId, budget, waitOutRateLimits, ct);
        if (failed) return SlackSender.Unchecked;
        if (user is null) return SlackSender.NotOnRoster;
        // Only the district's own accounts are matched by e-mail: a Slack Connect user of another organisation chooses the
        // e-mail their profile shows, and matched on it they would read and act as (and take the chat of) that roster person.
        switch (workspace.Owns(user))
        {
            case null:
                return SlackSender.Unchecked;
            case false:
                Log.UserOfOtherOrganisation(logger, address.UserId, user.TeamId ?? "");
                return SlackSender.OtherOrganisation;
        }
        outsiders.Saw(user);
        if (user is not { Email: { } email, IsBot: false, Deleted: false }) return SlackSender.NotOnRoster;
        if (directory.Link(address, email) is not { } found)
        {
            Log.UserNotOnRoster(logger, address.UserId);
            return SlackSender.NotOnRoster;
        }
        // Linked just now as one of the district's own accounts: not asked about again, also after a restart.
        outsiders.Confirmed(address);
        directory.AdoptTimeZone(found.Id, user.TimeZone);
        return new SlackSender(directory.AdoptLanguage(found.Id, user.Locale) ?? found);
    }

    /// <summary>
    /// A sender linked before this run asked Slack whose account it is: linked by e-mail before outsiders were refused, a
    /// Slack Connect user of another organisation read and acted as the roster person. Such a link is ended and the sender
    /// answered as the outsider they are. When Slack cannot be asked the link is used as before, and asked about next time.
    /// </summary>
    async Task<SlackSender> CheckedAsync(Person linked, ChannelAddress address, TimeSpan budget, bool waitOutRateLimits, CancellationToken ct)
    {
        var (user, failed) = await LookupAsync(address.UserId, budget, waitOutRateLimits, ct);
        if (failed) return new SlackSender(linked);
        if (!await outsiders.EndIfOutsiderAsync(address, () => Task.FromResult(user))) return new SlackSender(directory.Find(linked.Id) ?? linked);
        return SlackSender.OtherOrganisation;
    }

    async Task<(SlackUser? User, bool Failed)> LookupAsync(string userId, TimeSpan budget, bool waitOutRateLimits, CancellationToken ct)
    {
        try
        {
            var user = waitOutRateLimits
                ? await throttle.CallAsync("users.info", () => InfoAsync(userId, budget, ct), ct)
                : await InfoAsync(userId, budget, ct);
            return (user, false);
        }
        catch (Exception e) when (e is SlackApiException or HttpRequestException
                                      || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            // Not fatal: the sender is told so now and looked up again next time.
            Log.UserLookupFailed(logger, e, userId);
            return (null, true);
        }
    }

    /// <summary>One users.info call within <paramref name="budget"/>.</summary>
    async Task<SlackUser?> InfoAsync(string userId, TimeSpan budget, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(budget, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        return await api.UserInfoAsync(userId, linked.Token);
    }
}
