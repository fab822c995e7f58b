using HitBot.Core.Messaging.Outbox;

namespace HitBot.Core.Messaging.Routing;

/// <summary>What to show after an interaction: the answered card replaced in place, a reply in the chat, or both.</summary>
/// <remarks>
/// <see cref="Notice"/> is one plain sentence (an error or a confirmation) that does not need a card of its own:
/// Teams shows it as a transient message for Action.Execute, Slack as an ephemeral one; otherwise it becomes a reply.
/// </remarks>
public sealed record InteractionResult(Message? UpdatedCard = null, Message? Reply = null, string? Notice = null)
{
    /// <summary>Messages to show next to the inputs that need fixing (input id → message); nothing was recorded.</summary>
    /// <remarks>Slack keeps its modal open with each message under its field; Teams shows them as one notice.</remarks>
    public Dictionary<string, string>? InputErrors { get; init; }

    /// <summary>
    /// The answer holds something that must not be kept next to who sent it (an anonymous survey's answers): adapters
    /// queue it without a person id or display name.
    /// </summary>
    public bool Private { get; init; }

    /// <summary>
    /// The people whose names its messages show, read from the directory by the route (Directory.NamedPeople); null when
    /// they name nobody. Adapters queue the messages through <see cref="Queued"/>, which declares them.
    /// </summary>
    public List<string>? Names { get; init; }

    /// <summary>
    /// An adapter's row for one of this result's messages: private as the result is, unreported (an answer, not a
    /// campaign), and declaring the people it names, so a name read before their erasure began is refused by the outbox
    /// if the answer is queued after it ended (README, erasure).
    /// </summary>
    public Delivery Queued(Delivery row) => (row with { Private = Private, Unreported = true }).Naming(Names);

    /// <summary>What an answer says instead when it names someone erased while it was worked out (<see cref="InteractionRouter.Handle"/>).</summary>
    public const string AnswerChangedText = "Something changed while I was answering. Please try again.";

    /// <summary>The answer to a message of pictures or files only, in either chat: HitBot reads words, so it reached nobody.</summary>
    public const string FilesUnreadText =
        "I can't pass on pictures or files, so this one reached nobody. Please type your message instead, or type **help** to see what I can do.";

    public static readonly InteractionResult Nothing = new();

    public static InteractionResult Notify(string notice) => new(Notice: notice);
    public static InteractionResult Update(Message card) => new(UpdatedCard: card);
    public static InteractionResult Respond(Message reply) => new(Reply: reply);

    /// <summary>
    /// The answer to a form: it replaces the form when the form was sent as its own card (<see cref="Interaction.AnswersInPlace"/>),
    /// and otherwise (a form opened from another card, a Slack modal over a message that stays) arrives as a new message.
    /// </summary>
    public static InteractionResult AnswerTo(Interaction answered, Message card) => answered.AnswersInPlace ? Update(card) : Respond(card);
}
