using System.Runtime.CompilerServices;
using System.Threading.RateLimiting;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;

namespace HitBot.Slack;

/// <summary>Slack's outbound side: renders the message as Block Kit and posts it into the person's DM with the bot.</summary>
public sealed class SlackChannel(SlackWebApi api, SlackPacing pacing, SlackOutsiders outsiders) : IChannel
{
    /// <summary>Why a deactivated person's chat refuses HitBot; the roster linker looks again at those, who may be reactivated.</summary>
    public const string DeactivatedReason = "This Slack account is deactivated (user_disabled).";

    public ChannelKind Kind => ChannelKind.Slack;

    public ValueTask<RateLimitLease> AcquirePacingAsync(ChannelAddress address, CancellationToken ct) => pacing.AcquireAsync(address, ct);

    public Task<SentMessage> SendAsync(ChannelAddress address, Message message, CancellationToken ct) => PostAsync(address, threadTs: null, message, ct);

    /// <summary>A reply under the message the person wrote in the thread of (chat.postMessage with <c>thread_ts</c>).</summary>
    public Task<SentMessage> SendInThreadAsync(ChannelAddress address, string threadId, Message message, CancellationToken ct) =>
        PostAsync(address, threadId, message, ct);

    Task<SentMessage> PostAsync(ChannelAddress address, string? threadTs, Message message, CancellationToken ct) => Translate(async () =>
    {
        var body = Rendered(message);
        await RefuseOutsiderAsync(address, ct);
        // The thread is in the DM the person wrote in, which is the one conversations.open gives back.
        if (address.ConversationId is not { Length: > 0 } known)
            return await api.PostMessageAsync(await api.OpenConversationAsync(address.UserId, ct), body, ct, threadTs);
        try
        {
            return await api.PostMessageAsync(known, body, ct, threadTs);
        }
        catch (SlackApiException e) when (e.Code == "channel_not_found")
        {
            // The DM HitBot kept belongs to a bot user that is gone: the app was reinstalled as a new app, or moved to
            // another workspace's install. The person is fine; their DM with today's bot is another channel. Open it once
            // (the dispatcher keeps the new id); if Slack hands back the same channel, it is truly gone for HitBot. The
            // thread was in the old DM, so the answer goes to the new one's own timeline.
            var fresh = await api.OpenConversationAsync(address.UserId, ct);
            if (fresh == known) throw;
            return await api.PostMessageAsync(fresh, body, ct);
        }
    }, ct);

    public Task UpdateAsync(ChannelAddress address, string conversationId, string messageId, Message message, CancellationToken ct) => Translate(async () =>
    {
        await RefuseOutsiderAsync(address, ct);
        await api.UpdateAsync(conversationId, messageId, Rendered(message), ct);
        return true;
    }, ct);

    public Task DeleteAsync(ChannelAddress address, string conversationId, string messageId, CancellationToken ct) => Translate(async () =>
    {
        try
        {
            await api.DeleteAsync(conversationId, messageId, ct);
        }
        catch (SlackApiException e) when (e.Code == "message_not_found")
        {
            // Already gone (deleted by hand, or an earlier try went through before a timeout): that is what was asked.
        }
        return true;
    }, ct);

    /// <summary>
    /// A roster person's chat whose account turns out to be another organisation's (linked before outsiders were refused)
    /// gets nothing more: the link is ended, and the message goes to the person's other chat if they have one (the
    /// dispatcher reroutes a chat that refuses HitBot). A deletion still goes: it takes back what that account was sent.
    /// </summary>
    async Task RefuseOutsiderAsync(ChannelAddress address, CancellationToken ct)
    {
        if (await outsiders.EndIfOutsiderAsync(address, ct))
            throw new DeliveryException($"Not sent: {SlackOutsiders.UnlinkedDetail}", null, permanent: true)
            {
                PersonUnreachable = true,
                FailureClass = FailureClasses.Blocked,
            };
    }

    /// <summary>
    /// The Block Kit body for a message, rendered and serialized once per message instance (the dispatcher hands every
    /// delivery of a fan-out the same one); the conversation is added per call. A message over Slack's limits throws
    /// each time and is never kept.
    /// </summary>
    static byte[] Rendered(Message message) => RenderedMessages.GetValue(message, m => SlackWebApi.Body(BlockKitRenderer.Message(m)));

    static readonly ConditionalWeakTable<Message, byte[]> RenderedMessages = [];

    /// <summary>Slack's errors as the dispatcher understands them: permanent, or worth retrying and when (protocols.md §7.4).</summary>
    static async Task<T> Translate<T>(Func<Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call();
        }
        catch (SlackApiException e)
        {
            throw Delivery(e);
        }
        catch (BlockKitLimitException e)
        {
            throw new DeliveryException($"The message does not fit Slack's limits: {e.Message}", null, permanent: true, inner: e)
            {
                FailureClass = FailureClasses.Rejected,
            };
        }
        catch (HttpRequestException e)
        {
            throw new DeliveryException("Slack could not be reached.", null, permanent: false, inner: e) { FailureClass = FailureClasses.Network };
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new DeliveryException("Slack did not answer in time.", null, permanent: false, inner: e) { FailureClass = FailureClasses.Network };
        }
    }

    internal static DeliveryException Delivery(SlackApiException e)
    {
        if (e.IsRateLimit)
            return new DeliveryException("Slack asked HitBot to slow down (ratelimited).", 429, permanent: false, e.RetryAfter, e)
            {
                FailureClass = FailureClasses.Throttled,
            };
        var reason = e.Code switch
        {
            "invalid_auth" or "not_authed" or "token_revoked" or "token_expired" =>
                $"Slack refused HitBot's token ({e.Code}); check HitBot:Slack:BotToken or reinstall the app.",
            // The token's own account: Slack says "a deleted user or workspace when using a bot token", not the person's.
            "account_inactive" => "The Slack token's account is deactivated (account_inactive); reinstall the app.",
            "missing_scope" => "The Slack app lacks a scope it needs (missing_scope); add it to the manifest and reinstall.",
            // Both refuse every message, whoever it is for, and only a Slack admin can lift them: the reason says who.
            "team_access_not_granted" =>
                "HitBot's Slack token has no access to this workspace (team_access_not_granted): a Slack org admin must add the app to it.",
            "ekm_access_denied" => "Your Slack organisation's administrators have suspended posting by HitBot (ekm_access_denied): ask your Slack admin.",
            "channel_not_found" => "HitBot cannot see this Slack conversation (channel_not_found).",
            "not_in_channel" => "HitBot is not a member of this Slack channel (not_in_channel).",
            "is_archived" => "The Slack channel is archived (is_archived).",
            "user_not_found" or "users_not_found" => $"Slack does not know this person ({e.Code}).",
            "user_disabled" => DeactivatedReason,
            "user_not_visible" => "HitBot is not allowed to see this Slack user (user_not_visible).",
            "cannot_dm_bot" => "This Slack user is a bot and cannot be messaged (cannot_dm_bot).",
            "message_not_found" => "The Slack message is gone (message_not_found): the person or an admin deleted it.",
            "cant_update_message" or "edit_window_closed" => $"The Slack message cannot be updated ({e.Code}).",
            "cant_delete_message" or "compliance_exports_prevent_deletion" => $"Slack does not let HitBot delete this message ({e.Code}).",
            "invalid_blocks" or "invalid_blocks_format" or "msg_blocks_too_long" or "msg_too_long" or "no_text" or "invalid_arguments" =>
                $"Slack rejected the message as invalid ({e.Code}).",
            _ when IsSlacksOwnTrouble(e) => null,
            // Any other code is a refusal Slack repeats every time (a workspace setting, an admin's block, an enterprise
            // rule): tried again, it went eight times over several minutes as "Slack had a problem" before it was given up.
            _ => $"Slack refused the message ({e.Code}).",
        };
        return reason is null
            ? new DeliveryException($"Slack had a problem ({e.Code}).", e.Status, permanent: false, inner: e) { FailureClass = FailureClasses.Network }
            : new DeliveryException(reason, e.Status, permanent: true, inner: e)
            {
                PersonUnreachable = ClosesTheChat(e.Code),
                FailureClass = ClassOf(e.Code),
                // The app removed from the workspace or its token revoked: the message waits for a reinstall, not given up.
                WaitsForCredentials = e.Code is "invalid_auth" or "not_authed" or "token_revoked" or "token_expired" or "account_inactive",
            };
    }

    /// <summary>
    /// A failure on Slack's side, which may pass (protocols.md §7.4: retry with backoff): its documented transient codes, an
    /// HTTP 5xx, or an answer that was not Slack's JSON or lacked what a success carries (<c>http_…</c>, <c>no_…_in_reply</c>).
    /// </summary>
    static bool IsSlacksOwnTrouble(SlackApiException e) =>
        e.Status >= 500 || e.Code is "internal_error" or "fatal_error" or "service_unavailable" or "request_timeout" or "team_added_to_org"
        || e.Code.StartsWith("http_", StringComparison.Ordinal) || e.Code.EndsWith("_in_reply", StringComparison.Ordinal);

    /// <summary>
    /// The person's DM cannot take HitBot's messages (protocols.md §7.4: "dead for that address"): the person is shown as
    /// not reachable and later sends skip them until they write again. A token error (account_inactive included) is HitBot's.
    /// </summary>
    static bool ClosesTheChat(string? code) => code is "cannot_dm_bot" or "user_not_found" or "users_not_found" or "user_disabled"
        or "user_not_visible" or "channel_not_found" or "not_in_channel" or "is_archived";

    static string ClassOf(string? code) => code switch
    {
        "cannot_dm_bot" or "user_not_found" or "users_not_found" or "user_disabled" or "user_not_visible" => FailureClasses.Blocked,
        "invalid_auth" or "not_authed" or "token_revoked" or "token_expired" or "account_inactive" or "missing_scope" or "team_access_not_granted" =>
            FailureClasses.ExpiredCredentials,
        "channel_not_found" or "message_not_found" or "not_in_channel" or "is_archived" => FailureClasses.NotFound,
        _ => FailureClasses.Rejected,
    };
}
