using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Teams.Schema;

namespace HitBot.Teams;

public sealed partial class TeamsProactiveInstaller
{
    /// <summary>Each Graph or Connector call is asked at most this often while it is throttled, then the pass stops.</summary>
    const int MaxTries = 5;
    /// <summary>A 429 without Retry-After (Graph and Teams normally send one; this is only a floor).</summary>
    static readonly TimeSpan DefaultThrottleWait = TimeSpan.FromSeconds(10);

    /// <summary>One person: Entra user, install, 1:1 chat, link. Returns the reach state they end in.</summary>
    async Task<string> ReachAsync(Person person, CancellationToken ct)
    {
        if (await RetryingAsync(() => graph.FindUserIdAsync(person.Email, ct), ct) is not { } userId)
        {
            directory.NoteReach(person.Id, ChannelKind.Teams, ReachStates.NotInTenant,
                "No Microsoft Entra user in the school's tenant has this e-mail; check it on the roster.");
            return ReachStates.NotInTenant;
        }
        directory.NoteReach(person.Id, ChannelKind.Teams, ReachStates.Installing, "HitBot is being installed for them in Teams.");
        try
        {
            await RetryingAsync(() => graph.InstallAsync(userId, ct), ct);
        }
        catch (GraphException e) when (e.Status is 403 or 404)
        {
            // This one account (no Teams licence, an app permission policy that keeps HitBot from them): the pass goes on to
            // the next person, and the People page says why, as a deactivated Slack account is "not-in-workspace" with its
            // reason. Not "blocked": an admin can fix it, and tomorrow's pass asks again.
            directory.NoteReach(person.Id, ChannelKind.Teams, ReachStates.NotInTenant, InstallRefused(e));
            return ReachStates.NotInTenant;
        }

        var teams = options.Value;
        var address = new ChannelAddress
        {
            Channel = ChannelKind.Teams, UserId = userId, AadObjectId = userId, ServiceUrl = teams.ServiceUrl,
            TenantId = teams.TenantId, BotId = "28:" + teams.AppId,
        };
        string conversationId;
        try
        {
            conversationId = await OpenChatAsync(address, ct);
        }
        catch (ConnectorException e) when (e.Status is 403 or 404)
        {
            // Teams has not finished the install yet (§3.8.6: ForbiddenOperationException until it has). Its
            // conversationUpdate links them when it arrives; otherwise tomorrow's pass tries again.
            directory.NoteReach(person.Id, ChannelKind.Teams, ReachStates.Installing,
                "HitBot is installed; Teams has not opened the chat yet.");
            return ReachStates.Installing;
        }
        address = address with { ConversationId = conversationId };

        TeamsChannelAccount member;
        try
        {
            member = await RetryingAsync(() => connector.GetMemberAsync(teams.ServiceUrl, conversationId, userId, ct), ct);
        }
        catch (ConnectorException e) when (TeamsLinkLater.IsTransient(e.Status))
        {
            // The chat exists; only the member's 29: id is missing. The queue asks again and links them then.
            linkLater.Enqueue(address, conversationId, person.Email, welcome: true, e.RetryAfter);
            return ReachStates.Installing;
        }
        catch (ConnectorException)
        {
            // Teams will not say who is in the chat, but sends go by its id; their first message replaces the Entra id with their 29: id.
            member = new TeamsChannelAccount();
        }
        var found = address with
        {
            UserId = member.Id is { Length: > 0 } id ? id : userId,
            DisplayName = member.Name,
        };
        // By the roster e-mail Graph matched, not the member's: the person is known, whatever Teams calls their address.
        var linked = directory.Link(found, person.Email);
        installation.Welcome(linked, found, installedByHitBot: true);
        return linked is null ? ReachStates.Installing : ReachStates.Teams;
    }

    static string InstallRefused(GraphException e) =>
        $"In the tenant, but Microsoft Graph refused to install HitBot for them ({e.Status} {e.Code}): usually their account has no "
        + "Teams licence, or a Teams app permission policy blocks HitBot for them. If everyone shows this, check HitBot's Graph "
        + "permission TeamsAppInstallation.ReadWriteSelfForUser.All and its admin consent, and HitBot:Teams:CatalogAppId. Asked again tomorrow.";

    /// <summary>Creates the 1:1 conversation with the Entra id (allowed in personal scope once installed, §3.8.6 B).</summary>
    async Task<string> OpenChatAsync(ChannelAddress address, CancellationToken ct)
    {
        var created = await RetryingAsync(() => connector.CreateConversationAsync(address.ServiceUrl ?? "", new ConversationParameters
        {
            Bot = new ChannelAccount { Id = address.BotId },
            Members = [new ChannelAccount { Id = address.UserId }],
            IsGroup = false,
            TenantId = address.TenantId,
            ChannelData = address.TenantId is { } tenant ? new TenantChannelData(new TenantInfo(tenant)) : null,
        }, ct), ct);
        return created.Id is { Length: > 0 } id ? id : throw new ConnectorException(502, "NoConversation", "", null);
    }

    /// <summary>Waits out throttling and brief outages exactly as long as Retry-After says, then asks again.</summary>
    async Task<T> RetryingAsync<T>(Func<Task<T>> call, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? retryAfter;
            try
            {
                return await call();
            }
            catch (GraphException e) when (e.IsTransient && attempt < MaxTries)
            {
                retryAfter = e.RetryAfter;
            }
            catch (ConnectorException e) when (TeamsLinkLater.IsTransient(e.Status) && attempt < MaxTries)
            {
                retryAfter = e.RetryAfter;
            }
            var until = time.GetUtcNow() + (retryAfter ?? DefaultThrottleWait * attempt);
            var wait = Task.Delay(until - time.GetUtcNow(), time, ct);
            // Announced once the wait is armed, so a test that moves its fake clock on seeing it always ends the wait.
            Progress.Paused(until);
            await wait;
            Progress.Resumed();
        }
    }
}
