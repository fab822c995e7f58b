using System.Runtime.CompilerServices;
using System.Threading.RateLimiting;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Teams.Schema;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;

namespace HitBot.Teams;

/// <summary>Teams' outbound side: renders the message as an Adaptive Card and posts it through the Bot Connector.</summary>
public sealed class TeamsChannel(ConnectorClient connector, TeamsPacing pacing, ServiceUrlPolicy serviceUrls, IOptions<TeamsOptions> options) : IChannel
{
    public ChannelKind Kind => ChannelKind.Teams;

    public ValueTask<RateLimitLease> AcquirePacingAsync(ChannelAddress address, CancellationToken ct) => pacing.AcquireAsync(address, ct);

    public async Task<SentMessage> SendAsync(ChannelAddress address, Message message, CancellationToken ct)
    {
        var serviceUrl = ServiceUrl(address);
        return await Translate(async () =>
        {
            if (address.ConversationId is not { Length: > 0 } known) return await OpenAndSendAsync(serviceUrl, address, message, ct);
            try
            {
                return new SentMessage(known, await connector.SendAsync(serviceUrl, known, Rendered(message), ct));
            }
            catch (ConnectorException e) when (e.Status == 404)
            {
                // The 1:1 chat HitBot kept is gone (the person removed it, protocols.md §3.8.8 "ConversationNotFound"): Teams
                // opens it again for the same user, as Slack's conversations.open does for a gone DM. Only a refusal or a
                // second 404 from the chat opened again marks the person.
                return await OpenAndSendAsync(serviceUrl, address, message, ct);
            }
        }, ct);
    }

    async Task<SentMessage> OpenAndSendAsync(string serviceUrl, ChannelAddress address, Message message, CancellationToken ct)
    {
        var conversationId = await OpenConversationAsync(serviceUrl, address, ct);
        return new SentMessage(conversationId, await connector.SendAsync(serviceUrl, conversationId, Rendered(message), ct));
    }

    public async Task UpdateAsync(ChannelAddress address, string conversationId, string messageId, Message message, CancellationToken ct)
    {
        var serviceUrl = ServiceUrl(address);
        await Translate(async () =>
        {
            await connector.UpdateAsync(serviceUrl, conversationId, messageId, Rendered(message), ct);
            return true;
        }, ct);
    }

    public async Task DeleteAsync(ChannelAddress address, string conversationId, string messageId, CancellationToken ct)
    {
        var serviceUrl = ServiceUrl(address);
        await Translate(async () =>
        {
            try
            {
                await connector.DeleteAsync(serviceUrl, conversationId, messageId, ct);
            }
            catch (ConnectorException e) when (e.Status == 404)
            {
                // Already gone (the person deleted the chat, or an earlier try went through before a timeout): that is what was asked.
            }
            return true;
        }, ct);
    }

    /// <summary>
    /// The activity for a message, rendered and serialized once per message instance: the dispatcher hands every
    /// delivery of a fan-out the same instance, and a Teams activity holds nothing per person (the conversation is in
    /// the URL), so 10,000 deliveries of one update post the same bytes.
    /// </summary>
    static byte[] Rendered(Message message) => RenderedActivities.GetValue(message, m => ConnectorClient.Body(AdaptiveCardRenderer.Activity(m)));

    static readonly ConditionalWeakTable<Message, byte[]> RenderedActivities = [];

    /// <summary>The proactive 1:1 chat (protocols.md §3.3): Teams answers with the same conversation every time for one user.</summary>
    async Task<string> OpenConversationAsync(string serviceUrl, ChannelAddress address, CancellationToken ct)
    {
        var botId = address.BotId ?? (options.Value.AuthEnabled ? "28:" + options.Value.AppId : null);
        var created = await connector.CreateConversationAsync(serviceUrl, new ConversationParameters
        {
            Bot = botId is null ? null : new ChannelAccount { Id = botId },
            Members = [new ChannelAccount { Id = address.UserId }],
            IsGroup = false,
            TenantId = address.TenantId,
            ChannelData = address.TenantId is { } tenant ? new TenantChannelData(new TenantInfo(tenant)) : null,
        }, ct);
        return created.Id is { Length: > 0 } id
            ? id
            : throw new DeliveryException("Teams opened no conversation for this person.", 200, permanent: false);
    }

    string ServiceUrl(ChannelAddress address) =>
        !ActivityParser.IsServiceUrl(address.ServiceUrl)
            ? throw new DeliveryException("HitBot has no Teams service URL for this person yet; they need to open a chat with HitBot once.", null, permanent: true)
            : serviceUrls.IsAllowed(address.ServiceUrl)
                ? address.ServiceUrl
                : throw new DeliveryException(serviceUrls.Refusal(address.ServiceUrl), null, permanent: true);

    /// <summary>Connector and token errors as the dispatcher understands them: permanent or worth retrying (protocols.md §3.6).</summary>
    static async Task<T> Translate<T>(Func<Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call();
        }
        catch (ConnectorException e)
        {
            throw Delivery(e);
        }
        catch (ServiceUrlRefusedException e)
        {
            throw new DeliveryException(e.Message, null, permanent: true, inner: e) { FailureClass = FailureClasses.Rejected };
        }
        catch (MsalServiceException e) when (e.StatusCode is 429 or >= 500 || e.ErrorCode is MsalError.RequestTimeout or MsalError.ServiceNotAvailable)
        {
            // Microsoft's sign-in service is down, busy or slow, which says nothing about the secret: counted as a refusal, it
            // had /readyz and the overview send someone to replace a secret that was fine, and retried as an outage it goes
            // out once the service is back.
            throw new DeliveryException($"Microsoft's sign-in service could not give HitBot a Bot Framework token just now ({e.ErrorCode}, HTTP {e.StatusCode}).",
                e.StatusCode, permanent: false, HitBot.Core.Messaging.RetryAfterLimit.Of(e.Headers?.RetryAfter?.Delta), e)
            {
                FailureClass = FailureClasses.Network,
            };
        }
        catch (MsalServiceException e)
        {
            // A wrong secret fails every send the same way; retrying keeps the rows until an operator fixes it.
            throw new DeliveryException($"HitBot could not get a Bot Framework token ({e.ErrorCode}); check HitBot:Teams:AppId and AppPassword.",
                e.StatusCode, permanent: false, inner: e) { FailureClass = FailureClasses.ExpiredCredentials };
        }
        catch (HttpRequestException e)
        {
            throw new DeliveryException("Teams could not be reached.", null, permanent: false, inner: e) { FailureClass = FailureClasses.Network };
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new DeliveryException("Teams did not answer in time.", null, permanent: false, inner: e) { FailureClass = FailureClasses.Network };
        }
    }

    static DeliveryException Delivery(ConnectorException e)
    {
        var code = e.Code is null ? "" : $" ({e.Code})";
        var (reason, permanent) = e.Status switch
        {
            403 when DisabledByAdmin(e) =>
                ("Your organisation's Teams admin has turned HitBot off (BotDisabledByAdmin): ask them to allow the app in the Teams admin center.", true),
            403 when IsBlocked(e) => ("The person removed or blocked the app.", true),
            403 => ($"Teams does not let HitBot message this person{code}.", true),
            404 => ($"The Teams conversation or message no longer exists{code}.", true),
            400 => ($"Teams rejected the message as invalid{code}.", true),
            401 => ("Teams refused HitBot's credentials; check HitBot:Teams:AppId and AppPassword.", true),
            413 => ("The message is too large for Teams.", true),
            429 => ("Teams asked HitBot to slow down.", false),
            // 408: Teams (or a proxy before it) gave up waiting on its side; the same message goes through on a later try.
            408 or 412 or >= 500 => ($"Teams had a temporary problem ({e.Status}{code}).", false),
            _ => ($"Teams refused the message ({e.Status}{code}).", e.Status is >= 400 and < 500),
        };
        // Teams answers 403 (blocked, removed) or 404 (the 1:1 chat is gone) when the person no longer has HitBot (§3.8);
        // a 403 for the whole tenant (the admin turned the app off) is HitBot's, like a refused secret, and marks nobody.
        var tenantWide = e.Status == 403 && DisabledByAdmin(e);
        return new DeliveryException(reason, e.Status, permanent, e.RetryAfter, e)
        {
            PersonUnreachable = e.Status is 403 or 404 && !tenantWide,
            FailureClass = tenantWide ? FailureClasses.ExpiredCredentials
                : e.Status is 408 or 412 or >= 500 ? FailureClasses.Network : FailureClasses.OfStatus(e.Status),
        };
    }

    static bool DisabledByAdmin(ConnectorException e) =>
        e.Code == "BotDisabledByAdmin" || e.Body.Contains("BotDisabledByAdmin", StringComparison.Ordinal);

    static bool IsBlocked(ConnectorException e) =>
        e.Code is "MessageWritesBlocked" or "ConversationBlockedByUser"
        || e.Body.Contains("MessageWritesBlocked", StringComparison.Ordinal);
}
