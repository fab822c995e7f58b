using HitBot.Core.Directory.Chat;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Messaging.Routing;
using HitBot.Core.Surveys;
using HitBot.Teams.Schema;
using Microsoft.Extensions.Logging;

namespace HitBot.Teams;

/// <summary>
/// One inbound activity, already authenticated: one switch on its type (protocols.md §1.3), then the router for
/// messages and card actions, or installation for install and uninstall events. Unknown types are acknowledged.
/// </summary>
public sealed class TeamsActivityHandler(
    InboundStore inbound, InboundCommits commits, TeamsPeople people, TeamsInstallation installation, InteractionRouter router, TeamsResponder responder,
    ReachedWelcome welcome, AnonymityKey anonymityKey, ILogger<TeamsActivityHandler> logger)
{
    public async Task<TeamsReply> HandleAsync(Activity activity, CancellationToken ct) => activity.Type switch
    {
        "message" => await MessageAsync(activity, ct),
        "invoke" => await InvokeAsync(activity, ct),
        "conversationUpdate" => await ConversationUpdateAsync(activity, ct),
        "installationUpdate" => await InstallationUpdateAsync(activity, ct),
        _ => Ignore(activity),
    };

    /// <summary>
    /// The activity id and the replies are committed together, in a group commit shared with the requests that
    /// arrived meanwhile; the 200 waits for it. The same activity twice at once is handled by the first only.
    /// </summary>
    async Task<TeamsReply> MessageAsync(Activity activity, CancellationToken ct)
    {
        // HitBot's manifest asks for personal chats only. Should a copy of the app with more scopes put it in a group chat
        // or a channel, its answers (someone's items, the feedback inbox, at-risk names) would be read by everyone there.
        if (activity.Conversation is { Id.Length: > 0 } && !ActivityParser.IsPersonal(activity))
        {
            Log.NotPersonal(logger, activity.Conversation.ConversationType ?? "group");
            return TeamsReply.Accepted;
        }
        if (!ActivityParser.TryParse(activity, out var interaction, out var error)) return Refuse(error);
        if (ActivityParser.InboundKey(activity, anonymityKey) is not { } id) return await RouteAndCommitAsync(interaction, activity, inboundId: null, ct);
        if (!await commits.TryClaimAsync(Channel, id, ct))
        {
            Log.Duplicate(logger, activity.Id!);
            return TeamsReply.Accepted;
        }
        try
        {
            return await RouteAndCommitAsync(interaction, activity, (Channel, id), ct);
        }
        finally
        {
            commits.Release(Channel, id);
        }
    }

    async Task<TeamsReply> RouteAndCommitAsync(Interaction interaction, Activity activity, (string, string)? inboundId, CancellationToken ct)
    {
        // A pasted picture without words was answered with the help card, as if nothing had been said: the sender never
        // learned that it reached nobody.
        var (routed, result) = interaction is { Verb: Interaction.CommandVerb, Text: null or "" } && ActivityParser.CarriesOnlyFiles(activity)
            ? (interaction, InteractionResult.Notify(InteractionResult.FilesUnreadText))
            : await RouteAsync(interaction, activity, ct);
        // HitBot installed itself for them and their welcome waits for their morning: they wrote first and were answered,
        // so the welcome is not sent after it as if they had never met HitBot (as in Slack). Messages only: a card's button is
        // pressed on a card HitBot sent, and the invokes of a survey's burst of answers need no extra read.
        if (routed.Person is not null) welcome.Met(routed.From);
        var queue = new List<Delivery>();
        var reply = responder.AfterMessage(activity, routed, result, queue);
        await commits.CommitAsync(inboundId, queue);
        return reply;
    }

    /// <summary>
    /// Teams waits for an invoke's response, so a resent invoke is answered again rather than dropped. That is safe:
    /// feature handlers are idempotent (an answer replaces the previous one) and the outbox keys keep its messages single.
    /// </summary>
    async Task<TeamsReply> InvokeAsync(Activity activity, CancellationToken ct)
    {
        if (activity.Name != ActivityParser.ExecuteInvokeName)
        {
            Log.UnknownInvoke(logger, activity.Name);
            return TeamsReply.NotImplemented;
        }
        // A card pressed outside a personal chat (forwarded there) would have its reply and its card update read by everyone there.
        if (activity.Conversation is { Id.Length: > 0 } && !ActivityParser.IsPersonal(activity))
        {
            Log.NotPersonal(logger, activity.Conversation.ConversationType ?? "group");
            return TeamsReply.Message(PersonalOnlyText);
        }
        if (!ActivityParser.TryParse(activity, out var interaction, out var error))
        {
            Log.Refused(logger, error);
            return TeamsReply.InvokeError(400, "BadRequest", error);
        }
        var (routed, result) = await RouteAsync(interaction, activity, ct);
        var queue = new List<Delivery>();
        var reply = responder.AfterInvoke(activity, routed, result, queue);
        await commits.CommitAsync(inboundId: null, queue);
        return reply;
    }

    /// <summary>
    /// The bot joining a personal chat is the install event (§1.4), the bot leaving it the uninstall; team and group
    /// installs welcome nobody.
    /// </summary>
    async Task<TeamsReply> ConversationUpdateAsync(Activity activity, CancellationToken ct)
    {
        if (!ActivityParser.IsPersonal(activity)) return TeamsReply.Accepted;
        // Teams may say an uninstall only this way: ignored, the person stayed "reachable in Teams" until a send met the 403.
        if (IsBot(activity.MembersRemoved, activity)) return Uninstalled(activity);
        return IsBot(activity.MembersAdded, activity) ? await InstalledAsync(activity, ct) : TeamsReply.Accepted;
    }

    static bool IsBot(List<ChannelAccount>? members, Activity activity) =>
        members?.Any(m => m.Id is { Length: > 0 } id && id == activity.Recipient?.Id) == true;

    async Task<TeamsReply> InstallationUpdateAsync(Activity activity, CancellationToken ct)
    {
        if (!ActivityParser.IsPersonal(activity)) return TeamsReply.Accepted;
        switch (activity.Action)
        {
            case "add" or "add-upgrade":
                return await InstalledAsync(activity, ct);
            case "remove" or "remove-upgrade":
                return Uninstalled(activity);
            default:
                return Ignore(activity);
        }
    }

    /// <summary>Both uninstall events may come for one removal: the second finds the identity gone and changes nothing.</summary>
    TeamsReply Uninstalled(Activity activity)
    {
        if (ActivityParser.Address(activity) is not { } address) return Refuse("The activity has no sender or serviceUrl.");
        if (HandledBefore(activity)) return TeamsReply.Accepted;
        installation.Removed(address);
        Remember(activity);
        return TeamsReply.Accepted;
    }

    async Task<TeamsReply> InstalledAsync(Activity activity, CancellationToken ct)
    {
        if (ActivityParser.Address(activity) is not { ConversationId: { } conversationId } address)
            return Refuse("The activity has no sender, conversation or serviceUrl.");
        if (HandledBefore(activity)) return TeamsReply.Accepted;
        await installation.InstalledAsync(address, conversationId, ct);
        Remember(activity);
        return TeamsReply.Accepted;
    }

    /// <summary>The sender as the directory knows them (never from card data), then the feature that owns the verb.</summary>
    async Task<(Interaction Routed, InteractionResult Result)> RouteAsync(Interaction interaction, Activity activity, CancellationToken ct)
    {
        var (person, lookupFailed) = await people.LinkAsync(interaction.From, activity.Conversation?.Id ?? "", ct);
        if (person is not null) person = people.WithClient(person, ActivityParser.Locale(activity), activity.LocalTimezone);
        var routed = interaction with { Person = person };
        // Teams could not say who wrote: answered as someone not on the roster, a tutor was told to ask to be added.
        return (routed, lookupFailed ? InteractionResult.Notify(LookupFailedText) : router.Handle(routed));
    }

    const string Channel = "teams";

    /// <summary>What someone hears when Teams could not say who they are just now (as Slack's <c>SlackPeople.LookupFailedText</c>).</summary>
    public const string LookupFailedText =
        "Sorry, I couldn't check who you are in Teams just now, so nothing was done with that. " +
        "Please try again in a few minutes; if it keeps happening, tell your program coordinator.";
    public const string PersonalOnlyText = "HitBot answers only in your own chat with it, so nothing was done here. Open HitBot in Teams to use this card.";

    /// <summary>
    /// Install and uninstall events are rare: their id is recorded in a commit of its own, once their work is done. Recorded
    /// first, an install whose link or welcome failed (a 500) took Teams' retry for a duplicate: the person was never linked
    /// nor welcomed. Both steps are idempotent (the welcome's outbox key is the person's), so the same event twice at once
    /// does no harm.
    /// </summary>
    bool HandledBefore(Activity activity)
    {
        if (ActivityParser.InboundKey(activity, anonymityKey) is not { } id || !inbound.Seen(Channel, id)) return false;
        Log.Duplicate(logger, activity.Id!);
        return true;
    }

    void Remember(Activity activity)
    {
        if (ActivityParser.InboundKey(activity, anonymityKey) is { } id) inbound.TryRecord(Channel, id);
    }

    TeamsReply Ignore(Activity activity)
    {
        Log.IgnoredActivity(logger, activity.Type ?? "");
        return TeamsReply.Accepted;
    }

    TeamsReply Refuse(string reason)
    {
        Log.Refused(logger, reason);
        return TeamsReply.BadRequest("This Teams activity is missing something HitBot needs: " + reason);
    }
}
