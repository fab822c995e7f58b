namespace HitBot.Core.Updates;

/// <summary>What an edit or a copy came to: the draft as saved, or why nothing changed.</summary>
public sealed record DraftChange(Update? Update, List<string> Problems, bool NotADraft = false)
{
    public static readonly DraftChange NotFound = new(null, []);
}

/// <summary>Changing a draft before it is sent, and starting a new draft from any update.</summary>
public sealed class UpdateDrafts(UpdateStore store, SeriesStore series, TimeProvider time)
{
    /// <summary>
    /// Fields given replace the draft's, fields left out stay (an empty <c>imageUrl</c> removes the image, empty <c>links</c>
    /// remove the links); the result is checked as a new draft is. A sent update is not changed: people have it already.
    /// </summary>
    public DraftChange Edit(string id, UpdateDraft patch)
    {
        if (store.Find(id) is not { } update) return DraftChange.NotFound;
        if (update.Status != UpdateStatus.Draft) return new(update, [], NotADraft: true);
        var merged = new UpdateDraft(patch.Title ?? update.Title, patch.Body ?? update.Body, patch.ImageUrl ?? update.ImageUrl,
            patch.Links ?? update.Links, patch.Audience ?? update.Audience, patch.Urgent ?? update.Urgent) { ImageAlt = patch.ImageAlt ?? update.ImageAlt };
        var problems = merged.Problems();
        if (patch.SeriesId is { Length: > 0 } seriesId && series.Find(seriesId) is null)
            problems.Add($"seriesId: there is no series '{seriesId}' (GET /api/admin/series lists them; \"\" takes the draft out of its series).");
        if (problems.Count > 0) return new(null, problems);
        var now = time.GetUtcNow();
        var edited = merged.ToUpdate(update.Id, now) with
        {
            CreatedAt = update.CreatedAt, CreatedBy = update.CreatedBy, Schedule = update.Schedule, NextAt = update.NextAt,
            Urgent = update.Urgent, SeriesId = update.SeriesId, SeriesPosition = update.SeriesPosition,
        };
        // Queued at the back of the series when it joins one; "" takes it out.
        if (patch.SeriesId is { } target && target != (update.SeriesId ?? ""))
            edited = edited with { SeriesId = target.Length == 0 ? null : target, SeriesPosition = target.Length == 0 ? null : series.NextPosition(target) };
        store.Save(edited);
        return new(edited, []);
    }

    /// <summary>A new draft with the same title, text, image, links and audience; no schedule, nothing sent.</summary>
    public Update? Duplicate(string id, string? createdBy)
    {
        if (store.Find(id) is not { } update) return null;
        var copy = new Update
        {
            Id = Guid.NewGuid().ToString("N")[..12], Title = update.Title, Body = update.Body, ImageUrl = update.ImageUrl, ImageAlt = update.ImageAlt,
            Links = [.. update.Links], Audience = update.Audience, Status = UpdateStatus.Draft,
            CreatedAt = time.GetUtcNow().UtcDateTime, CreatedBy = createdBy,
        };
        store.Save(copy);
        return copy;
    }
}
