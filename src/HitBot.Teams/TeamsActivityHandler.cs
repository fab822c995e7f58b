using HitBot.Core.Messaging;
using HitBot.Teams.Schema;
using Microsoft.Extensions.Logging;

namespace HitBot.Teams;

/// <summary>
/// One inbound activity, already authenticated: one switch on its type (protocols.md §1.3), then the router for
/// messages and card actions, or installation for install and uninstall events. Unknown types are acknowledged.
/// </summary>
public sealed class TeamsActivityHandler(
    InboundStore inbound, TeamsPeople people, TeamsInstallation installation, InteractionRouter router, TeamsResponder responder,
    ILogger<TeamsActivityHandler> logger)
{
    public async Task<TeamsReply> HandleAsync(Activity activity, CancellationToken ct) => activity.Type switch
    {
        "message" => await MessageAsync(activity, ct),
        "invoke" => await InvokeAsync(activity, ct),
        "conversationUpdate" => await ConversationUpdateAsync(activity, ct),
        "installationUpdate" => await InstallationUpdateAsync(activity, ct),
        _ => Ignore(activity),
    };

    async Task<TeamsReply> MessageAsync(Activity activity, CancellationToken ct)
    {
        if (!ActivityParser.TryParse(activity, out var interaction, out var error)) return Refuse(error);
        if (!FirstTime(activity)) return TeamsReply.Accepted;
        var (routed, result) = await RouteAsync(interaction, activity, ct);
        return responder.AfterMessage(activity, routed, result);
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
        if (!ActivityParser.TryParse(activity, out var interaction, out var error))
        {
            Log.Refused(logger, error);
            return TeamsReply.InvokeError(400, "BadRequest", error);
        }
        var (routed, result) = await RouteAsync(interaction, activity, ct);
        return responder.AfterInvoke(activity, routed, result);
    }

    /// <summary>The bot joining a personal chat is the install event (§1.4); team and group installs welcome nobody.</summary>
    async Task<TeamsReply> ConversationUpdateAsync(Activity activity, CancellationToken ct)
    {
        var botAdded = activity.MembersAdded?.Any(m => m.Id is { Length: > 0 } id && id == activity.Recipient?.Id) == true;
        if (!botAdded || !ActivityParser.IsPersonal(activity)) return TeamsReply.Accepted;
        return await InstalledAsync(activity, ct);
    }

    async Task<TeamsReply> InstallationUpdateAsync(Activity activity, CancellationToken ct)
    {
        if (!ActivityParser.IsPersonal(activity)) return TeamsReply.Accepted;
        switch (activity.Action)
        {
            case "add" or "add-upgrade":
                return await InstalledAsync(activity, ct);
            case "remove" or "remove-upgrade":
                if (ActivityParser.Address(activity) is not { } address) return Refuse("The activity has no sender or serviceUrl.");
                if (FirstTime(activity)) installation.Removed(address);
                return TeamsReply.Accepted;
            default:
                return Ignore(activity);
        }
    }

    async Task<TeamsReply> InstalledAsync(Activity activity, CancellationToken ct)
    {
        if (ActivityParser.Address(activity) is not { ConversationId: { } conversationId } address)
            return Refuse("The activity has no sender, conversation or serviceUrl.");
        if (FirstTime(activity)) await installation.InstalledAsync(address, conversationId, ct);
        return TeamsReply.Accepted;
    }

    /// <summary>The sender as the directory knows them (never from card data), then the feature that owns the verb.</summary>
    async Task<(Interaction Routed, InteractionResult Result)> RouteAsync(Interaction interaction, Activity activity, CancellationToken ct)
    {
        var person = await people.LinkAsync(interaction.From, activity.Conversation?.Id ?? "", ct);
        var routed = interaction with { PersonId = person?.Id };
        return (routed, router.Handle(routed));
    }

    bool FirstTime(Activity activity)
    {
        if (activity.Id is not { Length: > 0 } id || inbound.TryRecord("teams", id)) return true;
        Log.Duplicate(logger, id);
        return false;
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
