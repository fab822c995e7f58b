using System.Globalization;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;

namespace HitBot.Core.Updates;

/// <summary>
/// Updates held back by a person's message budget are listed in one digest card, sent when their week has room again.
/// A held update stays in the outbox as Held (the report counts it; "latest update" and "updates" still show it), and
/// each held delivery is listed in exactly one digest: a digest still waiting grows, otherwise a new one is queued.
/// </summary>
public sealed class UpdateDigests(OutboxStore outbox, UpdateStore updates, MessageBudget budget, TimeProvider time)
{
    public const string Campaign = "update-digest";

    /// <summary>Folds each of these held deliveries into its person's digest (again after a crash: it checks what is listed).</summary>
    public void Fold(IEnumerable<Delivery> held)
    {
        var now = time.GetUtcNow();
        var byPerson = held.Where(h => h.PersonId is not null).GroupBy(h => h.PersonId!).ToList();
        if (byPerson.Count == 0) return;
        var windows = budget.WindowsFor(byPerson.Select(g => g.Key), now);
        foreach (var group in byPerson) Fold(group.Key, [.. group], windows[group.Key], now);
    }

    void Fold(string personId, List<Delivery> held, BudgetWindow window, DateTimeOffset now)
    {
        var digests = outbox.WithKeyPrefix($"{Campaign}:{personId}:");
        var listed = digests.Where(d => d.State != DeliveryState.Dead).SelectMany(d => d.Folds ?? []).ToHashSet(StringComparer.Ordinal);
        // What a digest HitBot gave up on listed (the chat was down when it was due) goes in the next one, first: a digest is
        // how a held update reaches the person, and nothing else ever told them of it.
        var givenUp = digests.Where(d => d.State == DeliveryState.Dead).SelectMany(d => d.Folds ?? [])
            .Where(id => !listed.Contains(id)).Select(outbox.Find).OfType<Delivery>().Where(d => d.State == DeliveryState.Held);
        var fresh = givenUp.Concat(held).DistinctBy(h => h.Id, StringComparer.Ordinal).Where(h => !listed.Contains(h.Id)).ToList();
        if (fresh.Count == 0) return;
        // Far enough ahead that the dispatcher cannot take it while it is rewritten.
        var open = digests.FirstOrDefault(d => d.State == DeliveryState.Queued && d.DueAt > now.UtcDateTime.AddMinutes(1));
        if (open is not null)
        {
            var folds = (open.Folds ?? []).Concat(fresh.Select(h => h.Id)).ToList();
            if (outbox.ReplaceWaiting(open.WithMessage(Card(folds)) with { Folds = folds }, now)) return;
        }
        var at = budget.NextFree(window, now, personId);
        var ids = fresh.Select(h => h.Id).ToList();
        var first = fresh[0];
        // The key names what it lists, not only when: a digest cancelled by a recall leaves its time free again, and a
        // later digest at that time under the same key was dropped as already queued, holding its update back for good.
        var digest = Delivery.Send(string.Create(CultureInfo.InvariantCulture, $"{Campaign}:{personId}:{at:yyyyMMddHHmm}:{Fingerprint(ids)}"), Campaign, personId, first.Address, Card(ids), now) with
        {
            DueAt = at, HeldUntil = at, Budgeted = true, Folds = ids,
        };
        outbox.TryEnqueue(digest);
    }

    /// <summary>
    /// Takes a recalled or cancelled update out of the digests not sent yet (waiting for their time, due and waiting their turn, or
    /// failed and waiting for a retry): a digest that listed only it is cancelled, the others are written again without its
    /// title. A digest already on its way cannot be changed (the recall's report says so by then counting it as sent).
    /// </summary>
    /// <param name="reason">Why a digest that listed only this update is not sent.</param>
    public void Unfold(Update recalled, string reason)
    {
        foreach (var digest in outbox.ForCampaign(Campaign).Where(d => d.State is DeliveryState.Queued or DeliveryState.Failed && d.Folds is { Count: > 0 }))
        {
            var kept = digest.Folds!.Where(id => outbox.Find(id)?.Campaign != recalled.Campaign).ToList();
            if (kept.Count == digest.Folds!.Count) continue;
            var card = kept.Count == 0 ? null : Card(kept);
            outbox.ChangeUnsent(digest.Id, stored => card is null
                ? stored with { State = DeliveryState.Cancelled, DueAt = Delivery.NotDue, Folds = kept, LastError = reason }
                : stored.WithMessage(card) with { Folds = kept });
        }
    }

    /// <summary>
    /// Writes the digests not sent yet that list <paramref name="corrected"/> again with its title as corrected: the title is
    /// all a digest says of an update, and a correction of it (the wrong day in it) reached everyone but those it was held for.
    /// </summary>
    public void Retitle(Update corrected)
    {
        foreach (var digest in outbox.ForCampaign(Campaign).Where(d => d.State is DeliveryState.Queued or DeliveryState.Failed && d.Folds is { Count: > 0 }))
        {
            if (!digest.Folds!.Any(id => outbox.Find(id)?.Campaign == corrected.Campaign)) continue;
            var card = Card(digest.Folds!);
            outbox.ChangeUnsent(digest.Id, stored => stored.WithMessage(card));
        }
    }

    static string Fingerprint(List<string> heldDeliveryIds) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
        System.Text.Encoding.UTF8.GetBytes(string.Join('\n', heldDeliveryIds))).AsSpan(0, 8));

    /// <summary>The digest lists the held updates' titles; "updates" and "latest update" open them again in chat.</summary>
    Message Card(List<string> heldDeliveryIds)
    {
        var titles = heldDeliveryIds.Select(id => outbox.Find(id)?.Campaign)
            .OfType<string>().Select(c => updates.Find(c["update:".Length..])?.Title).OfType<string>().Distinct().ToList();
        return UpdateCards.Digest(titles);
    }
}
