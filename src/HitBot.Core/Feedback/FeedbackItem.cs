using HitBot.Core.Messaging;

namespace HitBot.Core.Feedback;

public enum FeedbackStatus
{
    /// <summary>Typed text the bot did not understand, waiting for the person to say "send it as feedback". Not in the inbox.</summary>
    Offered,
    New,
    Replied,
    Handled,
}

/// <summary>
/// A question or a piece of feedback from a person to the central team, with the replies sent back.
/// </summary>
/// <remarks>
/// An anonymous item has no <see cref="PersonId"/> and no <see cref="ReplyTo"/>: the chat it came from is kept sealed
/// (<see cref="SealedReplyTo"/>, <see cref="ReplyAddressSeal"/>), so a reply reaches the writer there while neither the
/// admin API, the inbox nor the file alone says whose chat it is. That is how an anonymous item can be answered without
/// the central team learning who wrote it.
/// </remarks>
public sealed record FeedbackItem
{
    public const int MaxText = 3000;

    public string Id { get; init; } = "";
    /// <summary>The short number people use in chat ("reply 12 …"); 0 while only offered.</summary>
    public int Number { get; init; }
    public string Text { get; init; } = "";
    public bool Anonymous { get; init; }
    public string? PersonId { get; init; }
    /// <summary>The chat a named item (or an offer not sent yet) came from; null for an anonymous item.</summary>
    public ChannelAddress? ReplyTo { get; init; }
    /// <summary>An anonymous item's chat, sealed under the anonymity key; opened only to deliver a reply.</summary>
    public string? SealedReplyTo { get; init; }
    /// <summary>An anonymous item's chat as a keyed hash: recognises a second press from it, and finds it at an erasure.</summary>
    public string? ReplyToKey { get; init; }
    /// <summary>The update this is a question about, when it came from an update's "Ask a question".</summary>
    public string? UpdateId { get; init; }
    /// <summary>
    /// For an offer not sent yet: the update whose Slack thread it was written in. On sending it becomes <see cref="UpdateId"/>
    /// by the rules of "Ask a question" (or is dropped: a withdrawn update, too few readers to name beside an anonymous
    /// question), and is cleared. Kept apart so an offer nobody sent never counts as a question about the update.
    /// </summary>
    public string? OfferedAboutUpdateId { get; init; }
    public FeedbackStatus Status { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? HandledAt { get; init; }
    public List<FeedbackReply> Replies { get; init; } = [];
    /// <summary>Set when the central team removed the words of the item and its replies (<see cref="FeedbackWordRemoval"/>); null while they stand.</summary>
    public WordsRemoved? WordsRemoved { get; init; }
}

/// <summary>When and by whom an item's words were removed, and why, kept for the record; the words themselves are gone.</summary>
public sealed record WordsRemoved
{
    public DateTime At { get; init; }
    /// <summary>The central team member who removed them; null for the shared admin token, and once they are erased.</summary>
    public string? ByPersonId { get; init; }
    public string? Note { get; init; }
}

/// <summary>One answer from the central team. <see cref="Id"/> is also the key of its outbox delivery.</summary>
public sealed record FeedbackReply
{
    public string Id { get; init; } = "";
    public string Text { get; init; } = "";
    /// <summary>The central team member who replied from chat; null for the admin API.</summary>
    public string? ByPersonId { get; init; }
    public DateTime At { get; init; }
}
