using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Routing;

namespace HitBot.Slack;

/// <summary>
/// A card button click as the router sees it, and the key its replies are queued under: the same whether the click is
/// answered in its request (the sender already linked) or by the inbox worker.
/// </summary>
static class SlackClick
{
    public static ChannelAddress From(BlockAction a) =>
        SlackInboxWorker.Address(a.TeamId, a.UserId, SlackResponder.DirectChannel(a.Channel));

    public static Interaction AsInteraction(BlockAction a, ChannelAddress from, Person? person) => new()
    {
        Verb = BlockKitRenderer.VerbOf(a.ActionId),
        From = from,
        Person = person,
        Data = SlackPayloadParser.Data(a.Value),
        Inputs = a.Inputs,
        SourceMessageId = a.MessageTs,
    };

    /// <summary>
    /// The message a click's answer replaces, or null to send it as a new DM: chat.update cannot change an ephemeral
    /// message (a /hitbot answer), so an answer queued for one failed and the person saw nothing happen.
    /// </summary>
    public static string? MessageToUpdate(BlockAction a) => a.Ephemeral ? null : a.MessageTs;

    /// <summary>Slack gives a click no event id; team, user and action_ts name it, so a retried click queues nothing twice.</summary>
    public static string Key(BlockAction a) => $"slack:action:{a.TeamId}:{a.UserId}:{a.ActionTs}";
}
