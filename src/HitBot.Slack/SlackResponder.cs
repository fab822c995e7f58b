using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Messaging.Routing;

namespace HitBot.Slack;

/// <summary>
/// Turns an <see cref="InteractionResult"/> into outbox rows: an answered message is updated in place (chat.update),
/// replies and notices go to the person's DM, into the thread they wrote in when they wrote in one (on a phone, an answer
/// outside it looked like no answer). Keys come from the Slack request, so a retry queues nothing twice.
/// </summary>
public sealed class SlackResponder(OutboxStore outbox, TimeProvider time)
{
    public const string ReplyCampaign = "reply";
    public const string CardUpdateCampaign = "card-update";

    /// <summary>Queues the result's messages now, each in a commit of its own (requests answered inline).</summary>
    public void Queue(InteractionResult result, Interaction interaction, string key, string? channel, string? messageTs, string? thread = null)
    {
        foreach (var delivery in Deliveries(result, interaction, key, channel, messageTs, thread)) outbox.TryEnqueue(delivery);
    }

    /// <summary>
    /// The result's messages as outbox rows, for the caller to commit (the inbox worker commits them with the item's removal).
    /// <paramref name="thread"/> is the thread the person wrote in (Slack's thread_ts): new messages go there, in the row, so
    /// a retry or a restart still posts them in it.
    /// </summary>
    public List<Delivery> Deliveries(InteractionResult result, Interaction interaction, string key, string? channel, string? messageTs, string? thread = null)
    {
        // A private result (an anonymous survey's answers) is queued with no person id or name beside it.
        if (result.Private) interaction = interaction with { Person = null, From = interaction.From with { DisplayName = null } };
        var now = time.GetUtcNow();
        var deliveries = new List<Delivery>();
        if (result.UpdatedCard is { } card)
        {
            if (channel is { Length: > 0 } c && messageTs is { Length: > 0 } ts)
                deliveries.Add(result.Queued(Delivery.Update($"{key}:update", CardUpdateCampaign, interaction.PersonId, interaction.From, c, ts, card, now)));
            else
                Send("update", card);
        }
        if (result.Reply is { } reply) Send("reply", reply);
        if (result.Notice is { } notice) Send("notice", Message.Text(notice));
        return deliveries;

        void Send(string kind, Message message) =>
            deliveries.Add(result.Queued(Delivery.Send($"{key}:{kind}", ReplyCampaign, interaction.PersonId, interaction.From, message, now) with { ThreadId = thread }));
    }

    /// <summary>A DM channel id starts with D; replies go there. Anything else (a channel where a command was typed) is not the DM.</summary>
    public static string? DirectChannel(string? channel) => channel is { Length: > 1 } c && c[0] == 'D' ? c : null;
}
