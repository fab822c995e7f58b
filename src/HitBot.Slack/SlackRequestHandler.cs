using HitBot.Core;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Directory.Chat;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Messaging.Routing;
using Microsoft.Extensions.Logging;

namespace HitBot.Slack;

/// <summary>
/// The three Slack request URLs (protocols.md §6): verify the signature over the raw body before reading it, store
/// what must be stored, answer within 3 s. Slow work goes to the <see cref="SlackInbox"/> and the outbox; a linked
/// person's button click is answered in its request, as Teams' are.
/// </summary>
public sealed class SlackRequestHandler(
    SlackRequestVerifier verifier, InboundStore inbound, InboundCommits commits, SlackInbox inbox, SlackPeople people, InteractionRouter router,
    SlackResponder responder, SlackHomeTab homeTab, ReachedWelcome welcome, SlackWebApi api, SlackWorkspace workspace, DispatcherProgress progress, TimeProvider time, ILogger<SlackRequestHandler> logger)
{
    readonly RefusalLogGate refusals = new(time);

    /// <summary>What a lookup may take inside Slack's 3-s acknowledgement; an unlinked person is otherwise answered as unknown.</summary>
    static readonly TimeSpan InlineLookupBudget = TimeSpan.FromSeconds(1.5);
    const string MissingAnswer = "Please answer this question.";
    const string FormNotOpenedText = "Sorry, I couldn't open the form just now. Please press the button again.";
    /// <summary>In a modal's private_metadata: it was opened from the Home tab, which is published again after the submit.</summary>
    const string HomeTabKey = "homeTab";
    /// <summary>
    /// In a modal's private_metadata: the thread of the DM the button was pressed in, so the answer to the submit goes there
    /// (view_submission names no thread). A view opened before this key existed has none and is answered in the DM itself.
    /// </summary>
    const string ThreadKey = "thread_ts";
    /// <summary>The endpoints' names as the refusal log gives them.</summary>
    public const string EventsEndpoint = "events", InteractionsEndpoint = "interactions", CommandsEndpoint = "commands";
    internal const string OtherWorkspaceText = "HitBot answers in its own Slack workspace only. Please use it there, or ask your program coordinator.";

    public async Task<SlackReply> EventsAsync(string? timestamp, string? signature, string? retryNum, ReadOnlyMemory<byte> body)
    {
        if (!Verified(timestamp, signature, body.Span, EventsEndpoint)) return SlackReply.BadSignature;
        switch (SlackPayloadParser.ParseEvent(body.Span))
        {
            case null:
                return SlackReply.NotUnderstood;
            case UrlVerification v:
                return SlackReply.Text(v.Challenge);
            case DirectMessage m when !FromOwnWorkspace(m.TeamId):
                return SlackReply.Ok;
            case HomeOpened h when !FromOwnWorkspace(h.TeamId):
                return SlackReply.Ok;
            case AppRemoved r when !FromOwnWorkspace(r.TeamId):
                return SlackReply.Ok;
            case AppRemoved r:
                // Said now, not after the next send fails: /readyz and the overview name Slack as refusing HitBot until a
                // send goes through again (after a reinstall and the new token). What is queued for Slack waits in the outbox,
                // one message tried every few minutes, and goes once Slack takes HitBot's messages again.
                Log.AppRemoved(logger, r.What, r.TeamId);
                progress.HoldSends(ChannelKind.Slack, time.GetUtcNow());
                return SlackReply.Ok;
            case DirectMessage m:
                // Slack retries until it sees a 2xx and may deliver an event twice anyway: the event id decides. It is
                // recorded with the inbox row in one commit, so a refused event is not mistaken for a duplicate on its retry.
                return Posted(await inbox.TryPostAsync(m), m.UserId, m.EventId, retryNum);
            case HomeOpened h:
                return Posted(await inbox.TryPostAsync(h), h.UserId, h.EventId, retryNum);
            default:
                return SlackReply.Ok;
        }
    }

    public async Task<SlackReply> InteractionsAsync(string? timestamp, string? signature, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        if (!Verified(timestamp, signature, body.Span, InteractionsEndpoint)) return SlackReply.BadSignature;
        switch (SlackPayloadParser.ParseInteraction(SlackForm.Parse(body.Span)))
        {
            case null:
                return SlackReply.NotUnderstood;
            case SlackInteraction i when !FromOwnWorkspace(i.TeamId):
                // Acknowledged, so Slack shows no error for a click HitBot cannot answer in that workspace anyway.
                return SlackReply.Ok;
            case BlockAction { ActionId: BlockKitRenderer.LinkActionId }:
                // Link buttons open in the browser; Slack still posts them and shows a warning unless they are acknowledged.
                return SlackReply.Ok;
            case BlockAction a when BlockKitRenderer.VerbOf(a.ActionId) == BlockKitRenderer.OpenFormActionId:
            {
                var value = SlackPayloadParser.Data(a.Value);
                await OpenFormAsync(a, value.GetValueOrDefault("verb", ""), SlackPayloadParser.Data(value.GetValueOrDefault("data")), ct);
                return SlackReply.Ok;
            }
            case BlockAction a when router.OpensFormFromButtons(BlockKitRenderer.VerbOf(a.ActionId)):
                // A button whose verb has a form ("Ask a question") opens it at once: the modal is the answer to the click.
                await OpenFormAsync(a, BlockKitRenderer.VerbOf(a.ActionId), SlackPayloadParser.Data(a.Value), ct);
                return SlackReply.Ok;
            case BlockAction a when people.Linked(SlackClick.From(a), a.UserTeamId) is { } person:
                return await InlineAsync(a, person, ct);
            case BlockAction a:
                return Posted(await inbox.TryPostAsync(a), a.UserId, eventId: null, retryNum: null);
            case ViewSubmission v:
                return await SubmitAsync(v, ct);
            default:
                return SlackReply.Ok;
        }
    }

    public async Task<SlackReply> CommandsAsync(string? timestamp, string? signature, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        if (!verifier.IsValid(timestamp, signature, body.Span))
        {
            // Slack's TLS check is the one unsigned request (§6.1): it gets a 200 and nothing else happens.
            var unsigned = SlackForm.Parse(body.Span);
            if (unsigned.GetValueOrDefault("ssl_check") == "1") return SlackReply.Ok;
            Verified(timestamp, signature, body.Span, CommandsEndpoint);
            return SlackReply.BadSignature;
        }
        var form = SlackForm.Parse(body.Span);
        if (form.GetValueOrDefault("ssl_check") == "1") return SlackReply.Ok;
        if (SlackPayloadParser.ParseCommand(form) is not { } command) return SlackReply.NotUnderstood;
        if (!FromOwnWorkspace(command.TeamId)) return Ephemeral(new JsonObject { ["text"] = OtherWorkspaceText });
        // Slack gives commands no event id; the same signed bytes at the same timestamp are the same command, so a replay
        // inside the 5-minute window is answered with nothing and changes nothing (as events and interactions are).
        if (!inbound.TryRecord("slack-command", ReplayKey(timestamp, body.Span)))
        {
            Log.DuplicateCommand(logger, command.UserId);
            return SlackReply.Ok;
        }

        var from = SlackInboxWorker.Address(command.TeamId, command.UserId, command.Channel);
        var sender = await people.ResolveAsync(from, InlineLookupBudget, waitOutRateLimits: false, ct);
        if (sender.Refusal is { } refusal) return Ephemeral(new JsonObject { ["text"] = refusal });
        var person = sender.Person;
        if (person is not null) welcome.Met(from);
        var text = string.IsNullOrWhiteSpace(command.Text) ? "help" : command.Text;
        var result = router.Handle(new Interaction { Verb = Interaction.CommandVerb, From = from, Person = person, Text = text });

        // A command that answers with a form (/hitbot update, /hitbot feedback) opens it as a modal right away (§6.7).
        if ((result.Reply ?? result.UpdatedCard) is { } formCard && BlockKitRenderer.IsForm(formCard) && command.TriggerId is { } trigger
            && formCard.Card.Actions.OfType<SubmitAction>().First() is var submit
            && await TryOpenModalAsync(trigger, formCard, submit.Verb, submit.Data, command.UserId, SlackResponder.DirectChannel(command.Channel), messageTs: null, thread: null, ct))
            return SlackReply.Ok;

        // The reply is the HTTP answer itself, shown only to the person who typed the command (§6.8).
        if ((result.Reply ?? result.UpdatedCard) is not { } message)
            // A notice is Markdown, as every card's text is ("type **feedback**"): rendered, not sent raw as mrkdwn.
            return result.Notice is { } notice ? Ephemeral(BlockKitRenderer.Message(Message.Text(notice))) : SlackReply.Ok;
        return Ephemeral(BlockKitRenderer.Message(message));
    }

    /// <summary>
    /// A click from someone already linked needs no Web API call, so it is routed here and its replies are committed
    /// (grouped with the other requests' commits) before the 200, as a Teams card answer is: one commit instead of the
    /// inbox row's two and the worker's hop. A click that queues nothing commits nothing; the feature's own writes (a
    /// survey answer) commit by themselves, as they do in the worker. When routing or the commit fails, the exception
    /// answers 500, as on the Teams path: Slack shows the person the click failed, so they can press again, rather than
    /// a 200 with nothing behind it.
    /// </summary>
    async Task ClickAsync(BlockAction a, Person person, CancellationToken ct)
    {
        var interaction = SlackClick.AsInteraction(a, SlackClick.From(a), person);
        var result = await homeTab.ShowAsync(a, person, router.Handle(interaction), ct);
        var replies = responder.Deliveries(result, interaction, SlackClick.Key(a), a.Channel, SlackClick.MessageToUpdate(a), a.ThreadTs);
        if (replies.Count > 0) await commits.CommitAsync(inboundId: null, replies);
    }

    /// <summary>
    /// A linked person's click, answered in its request unless HitBot is at its bound (503 before acknowledging, as for
    /// the inbox) or the person's earlier message or click still waits in the inbox (then this one waits behind it).
    /// </summary>
    async Task<SlackReply> InlineAsync(BlockAction a, Person person, CancellationToken ct)
    {
        switch (inbox.TryEnterInline(a.TeamId, a.UserId))
        {
            case InlineEntry.Full:
                Log.InboxFull(logger, a.UserId);
                return SlackReply.Busy;
            case InlineEntry.AfterEarlier:
                return Posted(await inbox.TryPostAsync(a), a.UserId, eventId: null, retryNum: null);
        }
        try
        {
            await ClickAsync(a, person, ct);
            return SlackReply.Ok;
        }
        finally
        {
            inbox.ExitInline();
        }
    }

    async Task<SlackReply> SubmitAsync(ViewSubmission v, CancellationToken ct)
    {
        // Slack normally refuses an empty required field itself; this is the server's answer when one gets through.
        if (v.Missing.Count > 0)
            return SlackReply.Json(new JsonObject
            {
                ["response_action"] = "errors",
                ["errors"] = new JsonObject(v.Missing.Select(id => KeyValuePair.Create(id, (JsonNode?)MissingAnswer))),
            });

        // private_metadata carries the card's data plus the channel and ts of the message that opened the modal (§8.4).
        var data = SlackPayloadParser.Data(v.PrivateMetadata);
        var channel = data.Remove("channel", out var c) ? c : null;
        var ts = data.Remove("ts", out var t) ? t : null;
        var fromHome = data.Remove(HomeTabKey);
        var thread = data.Remove(ThreadKey, out var th) ? th : null;
        var from = SlackInboxWorker.Address(v.TeamId, v.UserId, channel);
        var sender = await people.ResolveAsync(from, InlineLookupBudget, waitOutRateLimits: false, ct);
        var interaction = new Interaction
        {
            Verb = v.CallbackId, From = from, Person = sender.Person, Data = data, Inputs = v.Inputs, SourceMessageId = ts,
        };
        var result = sender.Refusal is { } refusal ? InteractionResult.Notify(refusal) : router.Handle(interaction);
        // The feature refused some answers: the modal stays open with each message under its field (§6.6).
        if (result.InputErrors is { Count: > 0 } errors)
            return SlackReply.Json(new JsonObject
            {
                ["response_action"] = "errors",
                ["errors"] = new JsonObject(errors.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value))),
            });
        responder.Queue(result, interaction, $"slack:view:{v.TeamId}:{v.UserId}:{v.ViewId}", channel, ts, thread);
        // Slack shows a Home tab as last published: answered from there, it would still offer "Answer:" until the person
        // left the tab and came back. Published again in the background, as a visit is (a full inbox just skips it).
        if (fromHome) await inbox.TryPostAsync(new HomeOpened($"home-refresh:{v.ViewId}", v.TeamId, v.UserId));
        return SlackReply.Ok;
    }

    /// <summary>
    /// "Open to answer" (protocols.md §10, Slack survey flow): the trigger_id is single-use and valid for 3 s, so the modal
    /// is opened here, before the acknowledgement. Its private_metadata carries the data plus the message to update afterwards.
    /// </summary>
    async Task OpenFormAsync(BlockAction a, string verb, Dictionary<string, string> data, CancellationToken ct)
    {
        var from = SlackInboxWorker.Address(a.TeamId, a.UserId, a.Channel);
        var sender = await people.ResolveAsync(from, InlineLookupBudget, waitOutRateLimits: false, ct);
        var interaction = new Interaction { Verb = verb, From = from, Person = sender.Person, Data = data, SourceMessageId = a.MessageTs };
        var key = $"slack:form:{a.TeamId}:{a.UserId}:{a.ActionTs}";
        var result = sender.Refusal is { } refusal ? InteractionResult.Notify(refusal) : router.OpenForm(interaction);
        if (result.UpdatedCard is not { } form || a.TriggerId is not { } trigger)
        {
            responder.Queue(result with { UpdatedCard = null }, interaction, key, a.Channel, messageTs: null, a.ThreadTs);
            return;
        }
        // The modal submits what the form's own button would ("Change my answers" opens the form whose submit is the answer).
        var submit = form.Card.Actions.OfType<SubmitAction>().FirstOrDefault();
        var carried = a.FromHome ? new Dictionary<string, string>(submit?.Data ?? data) { [HomeTabKey] = "1" } : submit?.Data ?? data;
        if (!await TryOpenModalAsync(trigger, form, submit?.Verb ?? verb, carried, a.UserId, a.Channel, SlackClick.MessageToUpdate(a), a.ThreadTs, ct))
            responder.Queue(InteractionResult.Notify(FormNotOpenedText), interaction, key, a.Channel, messageTs: null, a.ThreadTs);
    }

    /// <summary>
    /// Opens <paramref name="form"/> as a modal whose submit comes back as <paramref name="verb"/>; private_metadata carries
    /// <paramref name="data"/> plus the message to update afterwards and the <paramref name="thread"/> it sits in. False when
    /// Slack refused (usually the 3 s ran out).
    /// </summary>
    async Task<bool> TryOpenModalAsync(string trigger, Message form, string verb, Dictionary<string, string> data,
        string userId, string? channel, string? messageTs, string? thread, CancellationToken ct)
    {
        try
        {
            var metadata = new JsonObject(data.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
            if (channel is { } c) metadata["channel"] = c;
            if (messageTs is { } ts) metadata["ts"] = ts;
            if (thread is { } t) metadata[ThreadKey] = t;
            await api.OpenViewAsync(trigger, BlockKitRenderer.Modal(form, verb, metadata.ToJsonString()), ct);
            return true;
        }
        catch (Exception e) when (e is SlackApiException or BlockKitLimitException or HttpRequestException)
        {
            Log.FormNotOpened(logger, e, userId);
            return false;
        }
    }

    /// <summary>
    /// Checks the signature and logs why a signed-looking request is refused: when Slack's own check of the request URL
    /// fails after install, this line is what tells the IT person it is the signing secret, or this machine's clock.
    /// </summary>
    bool Verified(string? timestamp, string? signature, ReadOnlySpan<byte> body, string endpoint) =>
        Passes(verifier.Check(timestamp, signature, body), endpoint);

    /// <summary>
    /// The refusal the headers alone decide, asked before the body is read: a request without a signature, signed outside
    /// the window or with another version is not Slack's now, whatever its body, so reading it would be work done for a
    /// stranger. Null when the body's HMAC must decide. Slack's TLS check of <c>/slack/commands</c> is unsigned (§6.1), so
    /// there a request without a signature is left to <see cref="CommandsAsync"/>.
    /// </summary>
    public SlackReply? RefusedBeforeBody(string? timestamp, string? signature, string endpoint)
    {
        var check = verifier.CheckHeaders(timestamp, signature);
        if (check == SlackSignatureCheck.Missing && endpoint == CommandsEndpoint) return null;
        return Passes(check, endpoint) ? null : SlackReply.BadSignature;
    }

    bool Passes(SlackSignatureCheck check, string endpoint)
    {
        switch (check)
        {
            case SlackSignatureCheck.Valid:
                return true;
            case SlackSignatureCheck.OutsideWindow:
                if (refusals.Due("outside-window", out var late))
                {
                    if (late > 0) Log.RefusalsUnlogged(logger, late);
                    Log.SignatureOutsideWindow(logger, endpoint);
                }
                return false;
            case SlackSignatureCheck.Mismatch:
                if (refusals.Due("mismatch", out var unsigned))
                {
                    if (unsigned > 0) Log.RefusalsUnlogged(logger, unsigned);
                    Log.SignatureMismatch(logger, endpoint);
                }
                return false;
            default:
                return false;
        }
    }

    /// <summary>
    /// A signed request from a workspace the bot token is not for (the app installed in a second one) is acknowledged and
    /// does nothing: linking its sender by e-mail would move a roster person's Slack identity there, out of HitBot's reach.
    /// </summary>
    bool FromOwnWorkspace(string teamId)
    {
        if (workspace.Accepts(teamId)) return true;
        Log.OtherWorkspace(logger, teamId, workspace.TeamId ?? "");
        return false;
    }

    static string ReplayKey(string? timestamp, ReadOnlySpan<byte> body)
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.ASCII.GetBytes((timestamp ?? "") + ":"));
        sha.AppendData(body);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>A 200 only for work that is stored (or was stored by an earlier delivery of the same event).</summary>
    SlackReply Posted(InboxPost post, string userId, string? eventId, string? retryNum)
    {
        switch (post)
        {
            case InboxPost.Full:
                Log.InboxFull(logger, userId);
                return SlackReply.Busy;
            case InboxPost.Duplicate:
                Log.DuplicateEvent(logger, eventId ?? "", retryNum);
                return SlackReply.Ok;
            default:
                return SlackReply.Ok;
        }
    }

    static SlackReply Ephemeral(JsonObject message)
    {
        message["response_type"] = "ephemeral";
        return SlackReply.Json(message);
    }
}
