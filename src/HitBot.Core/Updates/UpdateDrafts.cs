namespace HitBot.Core.Updates;

/// <summary>What an edit or a copy came to: the draft as saved, or why nothing changed.</summary>
public sealed record DraftChange(Update? Update, List<string> Problems, bool NotADraft = false)
{
    /// <summary>The draft changed after the tag the save named was read: nothing saved; <see cref="Update"/> is the draft as it is now.</summary>
    public bool Stale { get; init; }

    public static readonly DraftChange NotFound = new(null, []);
}

/// <summary>Changing a draft before it is sent, and starting a new draft from any update.</summary>
public sealed class UpdateDrafts(UpdateStore store, SeriesStore series, UpdateSender sender, TimeProvider time)
{
    /// <summary>
    /// Fields given replace the draft's, fields left out stay (an empty <c>imageUrl</c> removes the image, empty <c>links</c>
    /// remove the links); the result is checked as a new draft is. A sent update is not changed: people have it already.
    /// </summary>
    /// <remarks>
    /// Under the sender's <see cref="UpdateSender.Queueing"/>, and read and saved in one transaction: an edit that came as
    /// the update went out ("Send now", its scheduled time, a series slot) either went out with it or is refused as for a
    /// sent update. Saved from a read before the send, it made the sent update a draft again (and the text people did not
    /// get the one on record); made while the send was queueing, it changed what the record says was sent.
    /// </remarks>
    /// <param name="by">Who saves it: a person's id, or null for the shared admin token.</param>
    /// <param name="ifMatch">
    /// The <see cref="Update.DraftTag"/>s the caller read the draft at (<c>If-Match</c>), checked in the save's transaction:
    /// when the draft has changed since, nothing is saved (<see cref="DraftChange.Stale"/>). Null or empty: no check; "*": any.
    /// </param>
    public DraftChange Edit(string id, UpdateDraft patch, string? by = null, IReadOnlyCollection<string>? ifMatch = null)
    {
        lock (sender.Queueing)
        {
            var result = DraftChange.NotFound;
            store.Change(id, update =>
            {
                result = Edited(update, patch, by);
                if (update.Status == UpdateStatus.Draft && ifMatch is { Count: > 0 } && !ifMatch.Contains("*") && !ifMatch.Contains(update.DraftTag()))
                    // The same save again (a retried request, a second click) changes nothing and is answered as done.
                    result = result.Update?.DraftTag() == update.DraftTag() ? new(update, []) : new(update, []) { Stale = true };
                return result is { Update: { } edited, Problems.Count: 0, NotADraft: false, Stale: false } ? edited : update;
            });
            return result;
        }
    }

    DraftChange Edited(Update update, UpdateDraft patch, string? by)
    {
        // A send under way (handed from chat to the scheduler, or stopped partway) is as good as sent.
        if (update.Status != UpdateStatus.Draft || update.SendingSince is not null) return new(update, [], NotADraft: true);
        var merged = new UpdateDraft(patch.Title ?? update.Title, patch.Body ?? update.Body, patch.ImageUrl ?? update.ImageUrl,
            patch.Links ?? update.Links, patch.Audience ?? update.Audience, patch.Urgent ?? update.Urgent) { ImageAlt = patch.ImageAlt ?? update.ImageAlt };
        var problems = merged.Problems();
        if (patch.SeriesId is { Length: > 0 } seriesId && series.Find(seriesId) is null)
            problems.Add($"seriesId: there is no series '{seriesId}' (GET /api/admin/series lists them; \"\" takes the draft out of its series).");
        // Sent at its own time and again at the series' slot, a weekly one every week besides: tutors got the issue twice.
        if (patch.SeriesId is { Length: > 0 } joining && joining != update.SeriesId && update.Schedule is not null)
            problems.Add("seriesId: this draft has its own schedule, so the series would send it a second time; stop its schedule first " +
                "(DELETE .../schedule, 'Stop the schedule' on its page), then queue it in the series.");
        if (problems.Count > 0) return new(null, problems);
        var fields = merged.ToUpdate(update.Id, time.GetUtcNow());
        // Everything else the draft holds (schedule, series place, the weeks a weekly one was queued for) stays as it is.
        var edited = update with
        {
            Title = fields.Title, Body = fields.Body, ImageUrl = fields.ImageUrl, ImageAlt = fields.ImageAlt, Links = fields.Links, Audience = fields.Audience,
            Urgent = fields.Urgent,
            DraftSavedAt = time.GetUtcNow().UtcDateTime, DraftSavedBy = by,
        };
        // Queued at the back of the series when it joins one; "" takes it out.
        if (patch.SeriesId is { } target && target != (update.SeriesId ?? ""))
            edited = edited with { SeriesId = target.Length == 0 ? null : target, SeriesPosition = target.Length == 0 ? null : series.NextPosition(target) };
        return new(edited, []);
    }

    /// <summary>A new draft with the same title, text, image, links and audience; no schedule, nothing sent.</summary>
    /// <param name="copyId">The copy's id when the press names one (its Idempotency-Key): the same press again answers that copy.</param>
    public Update? Duplicate(string id, string? createdBy, string? copyId = null)
    {
        if (store.Find(id) is not { } update) return null;
        if (copyId is not null && store.Find(copyId) is { } copied) return copied;
        var copy = new Update
        {
            Id = copyId ?? Guid.NewGuid().ToString("N")[..12], Title = update.Title, Body = update.Body, ImageUrl = update.ImageUrl, ImageAlt = update.ImageAlt,
            Links = [.. update.Links], Audience = update.Audience, Status = UpdateStatus.Draft,
            CreatedAt = time.GetUtcNow().UtcDateTime, CreatedBy = createdBy,
        };
        store.Save(copy);
        return copy;
    }
}
