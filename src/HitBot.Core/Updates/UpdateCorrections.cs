using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;

namespace HitBot.Core.Updates;

/// <summary>What a correction or a recall came to: the update as saved, or why nothing changed.</summary>
public sealed record SentUpdateChange(Update? Update, List<string> Problems, string? Conflict = null)
{
    /// <summary>Corrected by someone else after the text the caller read: nothing changed; <see cref="Update"/> is the update as it is now.</summary>
    public bool Stale { get; init; }

    public static readonly SentUpdateChange NotFound = new(null, []);
}

/// <summary>
/// Changing an update people already have: a correction replaces the card in every chat it reached, a recall deletes it
/// there. Both go through the outbox as follow-ups of each send (paced, retried, once per message: the key names the
/// send and the revision), and a send not claimed yet is simply changed or cancelled before it goes.
/// </summary>
public sealed class UpdateCorrections(UpdateStore updates, UpdateSender sender, OutboxStore outbox, UpdateDigests digests, TimeProvider time)
{
    public const string SupersededReason = "Replaced by a later correction";
    public const string RecalledReason = "Recalled by its writer or the central team";

    /// <summary>
    /// Fields given replace the sent update's (as a draft edit does); the audience cannot change: the correction goes to
    /// the chats the update reached. An earlier correction that has not gone out yet is cancelled, so each chat gets the newest.
    /// </summary>
    /// <param name="by">Who corrects it: a person's id, or null for the shared admin token.</param>
    /// <param name="ifMatch">
    /// The <see cref="Update.DraftTag"/>s of the text the caller read (<c>If-Match</c>). When someone corrected it since, nothing
    /// changes (<see cref="SentUpdateChange.Stale"/>): the dashboard sends the whole title and text, so a second coordinator's
    /// correction made from the page as it was put the first one's mistake back in every chat. Null or empty: no check; "*": any.
    /// </param>
    public SentUpdateChange Correct(string id, UpdateDraft patch, string? by = null, IReadOnlyCollection<string>? ifMatch = null)
    {
        lock (sender.Queueing)
        {
            if (updates.Find(id) is not { } update) return SentUpdateChange.NotFound;
            if (Conflict(update) is { } conflict) return new(update, [], conflict);
            var merged = new UpdateDraft(patch.Title ?? update.Title, patch.Body ?? update.Body, patch.ImageUrl ?? update.ImageUrl,
                patch.Links ?? update.Links, update.Audience) { ImageAlt = patch.ImageAlt ?? update.ImageAlt };
            var problems = merged.Problems();
            if (patch.Audience is not null) problems.Add("audience: a correction changes the text only; it goes to the chats the update reached.");
            // Read as a draft's fields, these were dropped without a word: the caller was told the update was corrected as asked.
            if (patch.Urgent is not null) problems.Add("urgent: a correction changes the text only; the update stays as urgent as it was sent.");
            if (patch.SeriesId is not null) problems.Add("seriesId: a correction changes the text only; a sent update is in no series' queue.");
            if (problems.Count > 0) return new(null, problems);
            var now = time.GetUtcNow();
            var text = merged.ToUpdate(id, now);
            if (ifMatch is { Count: > 0 } && !ifMatch.Contains("*") && !ifMatch.Contains(update.DraftTag()))
                // The same correction again (a retried request, a second click) is answered as done; another is refused.
                return SameText(text, update) ? new(update, []) : new(update, []) { Stale = true };
            if (SameText(text, update))
            {
                // The text of the saved revision again. A correction that HitBot stopped partway (still marked, or from
                // before the mark: no edit queued) is finished by sending it again (the edits' keys keep each once).
                // Otherwise there is nothing to do.
                if (update.Revision == 0 || update.CorrectingSince is null && EditsQueued(update))
                    return new(null, ["Nothing changed: give the corrected title, body, imageUrl or links."]);
                return new(Finish(update, now), []);
            }
            // Saved marked, then its edits queued a chunk at a time, then saved unmarked: stopped anywhere in between, the
            // update scheduler's next look finishes it, even if nobody presses again. Each save changes its own fields of
            // the update as stored then: a schedule stopped or moved meanwhile (not under Queueing) is not put back.
            var corrected = updates.Change(id, fresh => fresh with
            {
                Title = text.Title, Body = text.Body, ImageUrl = text.ImageUrl, ImageAlt = text.ImageAlt, Links = text.Links,
                Revision = update.Revision + 1, EditedAt = now.UtcDateTime, EditedBy = by, CorrectingSince = now.UtcDateTime,
            }) ?? update;
            return new(Finish(corrected, now), []);
        }
    }

    static bool SameText(Update text, Update update) =>
        text.Title == update.Title && text.Body == update.Body && text.ImageUrl == update.ImageUrl && text.ImageAlt == update.ImageAlt
        && text.Links.SequenceEqual(update.Links);

    /// <summary>Queues the current revision's edits (again: each key once) and clears the mark.</summary>
    Update Finish(Update corrected, DateTimeOffset now)
    {
        Reissue(corrected, now);
        digests.Retitle(corrected);
        return updates.Change(corrected.Id, fresh => fresh with { CorrectingSince = null }) ?? corrected with { CorrectingSince = null };
    }

    /// <summary>
    /// Finishes a correction HitBot stopped partway (<see cref="Update.CorrectingSince"/>); the update scheduler calls it at
    /// each look. False when none is under way (any more): one in progress in this process holds <see cref="UpdateSender.Queueing"/>.
    /// </summary>
    public bool FinishInterrupted(string id)
    {
        lock (sender.Queueing)
        {
            if (updates.Find(id) is not { CorrectingSince: not null } update) return false;
            if (update.RecalledAt is not null) updates.Save(update with { CorrectingSince = null });
            else Finish(update, time.GetUtcNow());
            return true;
        }
    }

    /// <summary>Cancels earlier corrections still waiting, replaces the card where it arrived and changes it where it waits.</summary>
    /// <remarks>
    /// A copy that went out already corrected needs no edit: rewritten while it waited by this revision's first pass, then
    /// sent before a stopped correction was finished. Edited again, it came back to its reader unchanged.
    /// </remarks>
    void Reissue(Update corrected, DateTimeOffset now)
    {
        outbox.Cancel(CorrectionCampaigns(corrected.Id, below: corrected.Revision), SupersededReason);
        var campaign = Update.CorrectionCampaign(corrected.Id, corrected.Revision);
        var unsent = UpdateCards.Card(corrected);
        var current = SharedMessageKey.Of(unsent);
        outbox.QueueFollowUps(corrected.Campaign,
            send => ShowsAlready(send, current, corrected.Revision) ? null
                : Delivery.FollowUp($"{send.Id}:edit:{corrected.Revision}", campaign, send, DeliveryKind.Update,
                    UpdateCards.Card(corrected, send.PersonId is { } person ? updates.ReactionOf(corrected.Id, person) : null), now),
            rewriteUnsent: send => send.WithMessage(unsent));
    }

    /// <summary>
    /// Whether this copy went out (or is going out) with the current card and no earlier correction may have changed it
    /// since. Its row keeps the card it was sent with, not what an edit made of it: corrected to B, to C, then back to B,
    /// a copy rewritten to B while it waited and edited to C later still carries B's card, and needs this edit. So any
    /// earlier edit of it that was not cancelled before it went counts.
    /// </summary>
    bool ShowsAlready(Delivery send, SharedMessageKey current, int revision) =>
        send.Sends(current)
        && Enumerable.Range(1, revision - 1).All(r => outbox.StateOf(Delivery.KeyFor($"{send.Id}:edit:{r}")) is null or DeliveryState.Cancelled);

    /// <summary>Whether any edit of the update's current revision is in the outbox (read from the campaign's counts, not its rows).</summary>
    bool EditsQueued(Update update)
    {
        var campaign = Update.CorrectionCampaign(update.Id, update.Revision);
        var tally = outbox.Tallies([campaign])[campaign];
        return Enum.GetValues<DeliveryState>().Any(state => tally.Count(state) > 0);
    }

    /// <summary>
    /// Deletes the update from every chat it reached and stops what has not gone out (its sends, its corrections, its
    /// schedule). A recalled update is shown nowhere again: not by "latest update", "updates" or the Slack Home tab.
    /// </summary>
    /// <remarks>
    /// The update is saved as recalled last, once its deletions are queued: a recall that HitBot stopped partway leaves the
    /// update as it was but for its schedule (stopped first), so the coordinator can press Recall again and it completes (each deletion's key keeps it once per
    /// message). Saved first, a crash left it marked recalled with nothing taken back, and a second recall was refused.
    /// Nothing is queued for it meanwhile: the scheduler and "send" wait for <see cref="UpdateSender.Queueing"/>.
    /// </remarks>
    public SentUpdateChange Recall(string id)
    {
        lock (sender.Queueing)
        {
            if (updates.Find(id) is not { } update) return SentUpdateChange.NotFound;
            if (Conflict(update) is { } conflict) return new(update, [], conflict);
            var now = time.GetUtcNow();
            // The schedule, a send and a correction under way stop before anything is taken back: a recall HitBot stopped
            // partway left a weekly update to go out again at its next slot, a send it had cut off to be finished by the
            // scheduler's next look, and a correction's edits to be queued after the deletions, unless someone pressed Recall again first.
            if (update.Schedule is not null || update.NextAt is not null || update.SendingSince is not null || update.CorrectingSince is not null)
                update = updates.Change(id, fresh => fresh with { Schedule = null, NextAt = null, SendingSince = null, CorrectingSince = null }) ?? update;
            TakeBack(update, now);
            var recalled = (updates.Find(id) ?? update) with { RecalledAt = now.UtcDateTime, Schedule = null, NextAt = null, CorrectingSince = null };
            updates.Save(recalled);
            return new(recalled, []);
        }
    }

    /// <summary>Stops what has not gone out and queues a deletion of each message that did; internal for the test that stops a recall here.</summary>
    internal void TakeBack(Update update, DateTimeOffset now)
    {
        outbox.Cancel([update.Campaign, .. CorrectionCampaigns(update.Id, below: update.Revision + 1)], RecalledReason);
        // Held back by someone's message budget: no digest may still list it.
        digests.Unfold(update, RecalledReason);
        outbox.QueueFollowUps(update.Campaign,
            send => Delivery.FollowUp($"{send.Id}:recall", update.RecallCampaign, send, DeliveryKind.Delete, message: null, now));
    }

    static string? Conflict(Update update) =>
        update.RecalledAt is not null ? "This update was recalled: it can no longer be corrected or recalled. Duplicate it to write a new one."
        : update.Status == UpdateStatus.Draft ? "This update has not been sent yet: edit the draft instead (PATCH)."
        : null;

    static List<string> CorrectionCampaigns(string id, int below) =>
        [.. Enumerable.Range(1, Math.Max(below - 1, 0)).Select(r => Update.CorrectionCampaign(id, r))];
}
