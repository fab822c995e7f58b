using HitBot.Core.Messaging.Outbox;

namespace HitBot.Core.Updates;

/// <summary>Which update a message in someone's chat is: what a Slack reply in the thread under it is about.</summary>
public sealed class UpdateMessages(UpdateStore updates, OutboxStore outbox)
{
    /// <summary>
    /// The update whose copy to <paramref name="personId"/> was sent as this message, among those "latest update" looks
    /// through (recalled ones too: a question about one still reaches the central team, saying it was withdrawn); null when
    /// it is none of them (a digest, a survey, a reply, an update too old). Key look-ups of this person's copies only,
    /// never a read of the outbox: a thread reply costs the same with a million rows.
    /// </summary>
    public string? SentAs(string personId, string conversationId, string messageId) =>
        updates.LatestSentAndWeeklyRunning(UpdateSender.ReceivedLookback)
            .FirstOrDefault(update => UpdateSender.KeysFor(update, personId).Any(key => outbox.WasSentAs(key, conversationId, messageId)))?.Id;
}
