using HitBot.Core.Messaging;
using HitBot.Core.Surveys;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Messaging.Routing;
using HitBot.Teams.Schema;

namespace HitBot.Teams;

/// <summary>
/// Turns an <see cref="InteractionResult"/> into Teams terms. Everything sent goes through the outbox, keyed by the
/// activity id so a resent activity queues nothing twice; only an invoke's own response is answered inline (§1.8).
/// The deliveries are added to <c>queue</c>, which the handler commits with the activity id (<see cref="InboundCommits"/>).
/// </summary>
public sealed class TeamsResponder(TimeProvider time, AnonymityKey? anonymityKey = null)
{
    public const string ReplyCampaign = "reply";
    public const string CardUpdateCampaign = "card-update";

    /// <summary>For a message (typed text or Action.Submit): replies and updates are queued; Teams gets an empty 200.</summary>
    public TeamsReply AfterMessage(Activity activity, Interaction interaction, InteractionResult result, List<Delivery> queue)
    {
        interaction = Unnamed(interaction, result);
        if (result.UpdatedCard is { } card) QueueCardUpdate(queue, activity, interaction, card, result);
        if (result.Reply is { } reply) Queue(queue, "reply", activity, interaction, reply, result);
        if (result.Notice is { } notice) Queue(queue, "notice", activity, interaction, Message.Text(notice), result);
        return TeamsReply.Accepted;
    }

    /// <summary>
    /// For Action.Execute: the new card is the response (the acting person sees it at once) and is also queued as an
    /// update so the stored message shows it for everyone; a reply is queued and its summary shown as the response.
    /// </summary>
    public TeamsReply AfterInvoke(Activity activity, Interaction interaction, InteractionResult result, List<Delivery> queue)
    {
        interaction = Unnamed(interaction, result);
        if (result.Reply is { } reply) Queue(queue, "reply", activity, interaction, reply, result);
        if (result.UpdatedCard is { } card)
        {
            QueueCardUpdate(queue, activity, interaction, card, result);
            // A card response cannot carry a notice as well, so the notice follows as a message.
            if (result.Notice is { } notice) Queue(queue, "notice", activity, interaction, Message.Text(notice), result);
            return TeamsReply.Card(AdaptiveCardRenderer.Card(card));
        }
        return TeamsReply.Message(result.Notice ?? result.Reply?.Summary ?? "");
    }

    void QueueCardUpdate(List<Delivery> queue, Activity activity, Interaction interaction, Message card, InteractionResult result)
    {
        if (interaction.SourceMessageId is not { Length: > 0 } messageId)
        {
            // Without the answered card's id there is nothing to replace: the new state goes out as a reply.
            Queue(queue, "update", activity, interaction, card, result);
            return;
        }
        queue.Add(result.Queued(Delivery.Update(Key("update", activity), CardUpdateCampaign, interaction.PersonId, interaction.From,
            ConversationId(activity, interaction), messageId, card, time.GetUtcNow())));
    }

    void Queue(List<Delivery> queue, string kind, Activity activity, Interaction interaction, Message message, InteractionResult result) =>
        queue.Add(result.Queued(Delivery.Send(Key(kind, activity), ReplyCampaign, interaction.PersonId,
            interaction.From with { ConversationId = ConversationId(activity, interaction) }, message, time.GetUtcNow())));

    /// <summary>A private result (an anonymous survey's answers) is queued with no person id or name beside it.</summary>
    internal static Interaction Unnamed(Interaction interaction, InteractionResult result) => result.Private
        ? interaction with { Person = null, From = interaction.From with { DisplayName = null, AadObjectId = null } }
        : interaction;

    /// <summary>Replies go to the conversation the person wrote in, which is their 1:1 chat or a group chat.</summary>
    static string ConversationId(Activity activity, Interaction interaction) =>
        activity.Conversation?.Id ?? interaction.From.ConversationId ?? "";

    /// <summary>Keyed by the inbound activity: the same activity can never queue the same kind of message twice.</summary>
    /// <summary>Keyed like the activity's receipt: two people's messages posted in the same millisecond share an id.</summary>
    string Key(string kind, Activity activity) =>
        $"{kind}:teams:{ActivityParser.InboundKey(activity, anonymityKey) ?? Guid.NewGuid().ToString("N")}";
}
