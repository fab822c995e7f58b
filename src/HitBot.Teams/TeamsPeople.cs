using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Identity.Client;

namespace HitBot.Teams;

/// <summary>
/// Who a Teams sender is on the roster. Teams activities carry no e-mail, so an unknown sender is looked up once
/// through the Bot Connector (the member's e-mail) and linked by it; a known one gets their stored address refreshed.
/// </summary>
public sealed class TeamsPeople(
    PeopleDirectory directory, ConnectorClient connector, ServiceUrlPolicy serviceUrls, TimeProvider time, ILogger<TeamsPeople> logger)
{
    /// <summary>The lookup runs inside Teams' 15-second budget for the inbound request (protocols.md §1.9).</summary>
    static readonly TimeSpan LookupBudget = TimeSpan.FromSeconds(5);

    public async Task<Person?> LinkAsync(ChannelAddress address, string conversationId, CancellationToken ct)
    {
        if (directory.Link(address, email: null) is { } known) return known;
        return await LookupEmailAsync(address, conversationId, ct) is { } email ? directory.Link(address, email) : null;
    }

    /// <summary>The member's e-mail, or their UPN when Teams has no e-mail (usually the same address); null when Teams cannot say.</summary>
    async Task<string?> LookupEmailAsync(ChannelAddress address, string conversationId, CancellationToken ct)
    {
        if (!serviceUrls.IsAllowed(address.ServiceUrl)) return null;
        using var budget = new CancellationTokenSource(LookupBudget, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, budget.Token);
        try
        {
            var member = await connector.GetMemberAsync(address.ServiceUrl, conversationId, address.UserId, linked.Token);
            return member.Email is { Length: > 0 } email ? email
                : member.UserPrincipalName is { } upn && upn.Contains('@', StringComparison.Ordinal) ? upn
                : null;
        }
        catch (Exception e) when (e is ConnectorException or HttpRequestException or MsalException
                                      || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            // Not fatal: the sender is answered as unknown now and looked up again on their next message.
            Log.MemberLookupFailed(logger, e, address.UserId);
            return null;
        }
    }
}
