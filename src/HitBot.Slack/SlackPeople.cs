using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using Microsoft.Extensions.Logging;

namespace HitBot.Slack;

/// <summary>
/// Who a Slack sender is on the roster. Someone already linked is found locally; anyone else is looked up once with
/// users.info and linked by their e-mail, taking their Slack time zone and language when the roster gave none.
/// </summary>
public sealed class SlackPeople(PeopleDirectory directory, SlackWebApi api, TimeProvider time, ILogger<SlackPeople> logger)
{
    /// <summary>The sender when they are linked already; null when finding them would take a users.info call.</summary>
    public Person? Linked(ChannelAddress address) => directory.Link(address, email: null);

    public async Task<Person?> ResolveAsync(ChannelAddress address, TimeSpan budget, CancellationToken ct)
    {
        if (Linked(address) is { } known) return known;
        if (await LookupAsync(address.UserId, budget, ct) is not { Email: { } email, IsBot: false, Deleted: false } user) return null;
        if (directory.Link(address, email) is not { } linked)
        {
            Log.UserNotOnRoster(logger, address.UserId);
            return null;
        }
        directory.AdoptTimeZone(linked.Id, user.TimeZone);
        return directory.AdoptLanguage(linked.Id, user.Locale) ?? linked;
    }

    async Task<SlackUser?> LookupAsync(string userId, TimeSpan budget, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(budget, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            return await api.UserInfoAsync(userId, linked.Token);
        }
        catch (Exception e) when (e is SlackApiException or HttpRequestException
                                      || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            // Not fatal: the sender is answered as unknown now and looked up again next time.
            Log.UserLookupFailed(logger, e, userId);
            return null;
        }
    }
}
