namespace HitBot.Core.Messaging;

/// <summary>What to show after an interaction: the answered card replaced in place, a reply in the chat, or both.</summary>
/// <remarks>
/// <see cref="Notice"/> is one plain sentence (an error or a confirmation) that does not need a card of its own:
/// Teams shows it as a transient message for Action.Execute, Slack as an ephemeral one; otherwise it becomes a reply.
/// </remarks>
public sealed record InteractionResult(Message? UpdatedCard = null, Message? Reply = null, string? Notice = null)
{
    public static readonly InteractionResult Nothing = new();

    public static InteractionResult Notify(string notice) => new(Notice: notice);
    public static InteractionResult Update(Message card) => new(UpdatedCard: card);
    public static InteractionResult Respond(Message reply) => new(Reply: reply);
}
