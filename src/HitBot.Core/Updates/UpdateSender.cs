using HitBot.Core.Messaging;

namespace HitBot.Core.Updates;

/// <summary>How an update is doing: who it reached, what the outbox did with it, and how people reacted.</summary>
public sealed record UpdateReport(
    int Matched, int OptedOut, int NotInChat, int Queued, int Sent, int Failed, int Dead,
    int Helpful, int NotHelpful, List<FailedDelivery> Failures);

public sealed record FailedDelivery(string? PersonId, string State, int Attempts, string? Reason);

/// <summary>Sends updates through the outbox. One delivery per person and update, so pressing send twice sends once.</summary>
public sealed class UpdateSender(UpdateStore updates, AudienceResolver audiences, OutboxStore outbox, TimeProvider time)
{
    /// <summary>Queues the update for its audience (again: only people not queued yet). Null when there is no such update.</summary>
    public UpdateReport? Send(string updateId)
    {
        if (updates.Find(updateId) is not { } update) return null;
        var now = time.GetUtcNow();
        var reach = audiences.Resolve(update.Audience);
        var card = UpdateCards.Card(update);
        outbox.EnqueueMany(reach.Recipients.Select(r =>
            Delivery.Send(KeyFor(update, r.Person.Id), update.Campaign, r.Person.Id, r.Address, card, now)));
        if (update.Status != UpdateStatus.Sent) updates.Save(update with { Status = UpdateStatus.Sent, SentAt = now.UtcDateTime });
        return Report(update, reach);
    }

    /// <summary>Queues the failed and given-up deliveries of an update again.</summary>
    public int ResendFailed(string updateId) => outbox.Requeue("update:" + updateId, time.GetUtcNow());

    public UpdateReport? Report(string updateId) =>
        updates.Find(updateId) is { } update ? Report(update, audiences.Resolve(update.Audience)) : null;

    /// <summary>Whether this person was sent this update: only they may react to it.</summary>
    public bool WasSentTo(Update update, string personId) => outbox.Find(KeyFor(update, personId)) is not null;

    UpdateReport Report(Update update, AudienceReach reach)
    {
        var rows = outbox.ForCampaign(update.Campaign);
        int Count(DeliveryState s) => rows.Count(d => d.State == s);
        var reactions = updates.CountReactions(update.Id);
        var failures = rows.Where(d => d.State is DeliveryState.Failed or DeliveryState.Dead)
            .Select(d => new FailedDelivery(d.PersonId, d.State.ToString(), d.Attempts, d.LastError)).ToList();
        return new UpdateReport(reach.Matched, reach.OptedOut, reach.NotInChat,
            Count(DeliveryState.Queued) + Count(DeliveryState.Sending), Count(DeliveryState.Sent), Count(DeliveryState.Failed), Count(DeliveryState.Dead),
            reactions[Reaction.Helpful], reactions[Reaction.NotHelpful], failures);
    }

    static string KeyFor(Update update, string personId) => $"{update.Campaign}:{personId}";
}
