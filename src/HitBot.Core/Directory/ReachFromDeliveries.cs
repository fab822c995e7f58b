using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;

namespace HitBot.Core.Directory;

/// <summary>Keeps on the person what the dispatcher learned while delivering: the chat it opened, or that the chat refuses HitBot.</summary>
public sealed class ReachFromDeliveries(PeopleDirectory people) : IReachHook
{
    public void ConversationOpened(string personId, ChannelAddress address, string conversationId) =>
        people.RememberConversation(personId, address, conversationId);

    public ChannelAddress? ChatRefused(string personId, ChannelKind channel, string reason) =>
        people.NoteReach(personId, channel, ReachStates.Blocked, reason) is { Inactive: false } person
        && PersonReach.Address(person) is { } other && other.Channel != channel
            ? other
            : null;

    public string? Declines(string personId) => people.Find(personId) switch
    {
        { Inactive: true } => NotSentLeft,
        { OptedOut: true } => NotSentStopped,
        _ => null,
    };

    public string? HasLeft(string personId) => people.Find(personId) is { Inactive: true } ? NotSentLeft : null;

    public string? NoLongerHolds(string personId, string post) =>
        people.Find(personId) is { } person ? ReaderPosts.Lost(person, post, people.SiteName, people.PartnerName) : null;

    public const string NotSentStopped = "Not sent: they opted out (stop) after it was queued";
    public const string NotSentLeft = "Not sent: they left the program after it was queued";
}
