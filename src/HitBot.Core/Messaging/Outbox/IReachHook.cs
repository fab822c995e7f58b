namespace HitBot.Core.Messaging.Outbox;

/// <summary>What the dispatcher learns about reaching a person, told to whoever keeps people (Directory) without Messaging knowing it.</summary>
public interface IReachHook
{
    /// <summary>The platform opened a 1:1 conversation for a first message; the next message should use it instead of opening another.</summary>
    void ConversationOpened(string personId, ChannelAddress address, string conversationId);

    /// <summary>
    /// The platform said this person's chat refuses HitBot (blocked, uninstalled), so audiences can skip it until they come
    /// back. Answers their chat on the other platform when they have one that does not refuse HitBot, else null.
    /// </summary>
    ChannelAddress? ChatRefused(string personId, ChannelKind channel, string reason);

    /// <summary>Why this person no longer gets updates, surveys and thank-yous (they said stop, or left the program), or null.</summary>
    string? Declines(string personId);

    /// <summary>Why this person no longer gets the program's work either (they left the program), or null.</summary>
    string? HasLeft(string personId);

    /// <summary>
    /// Why this person no longer holds the post a card was sent to them for (<see cref="Delivery.ReaderPost"/>: a site
    /// champion moved to another school, a partner lead to another partner, someone who left the central team), or null.
    /// </summary>
    string? NoLongerHolds(string personId, string post);
}
