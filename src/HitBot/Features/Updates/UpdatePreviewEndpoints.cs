using HitBot.Admin;
using HitBot.Core;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Updates;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Features.Updates;

/// <summary>How an update will look in each chat, saved or still being written, and whom a draft would reach.</summary>
public static class UpdatePreviewEndpoints
{
    /// <summary>Maps the previews on the updates group, behind its PartnerLead policy (PartnerLeadCohort checks each one).</summary>
    public static RouteGroupBuilder MapUpdatePreviews(this RouteGroupBuilder updates)
    {
        updates.MapGet("/{id}/preview", Preview);
        updates.MapPost("/preview", PreviewDraft);
        return updates;
    }

    /// <summary>The card exactly as each platform will get it (Adaptive Card for Teams, Block Kit for Slack).</summary>
    static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> Preview(
        string id, UpdateStore store, IEnumerable<ICardFormat> formats, IAuthorizationService authorization, HttpContext http)
    {
        if (store.Find(id) is not { } update) return NotFound(id);
        if (await PartnerLeadCohort.RefusalAsync(authorization, http.User, PartnerLeadCohort.See, update) is { } refused) return refused;
        var card = UpdateCards.Card(update);
        var preview = new JsonObject();
        foreach (var format in formats) preview[format.FileSuffix] = format.Render(card);
        return TypedResults.Ok(preview);
    }

    /// <summary>
    /// A draft as it would look and whom it would reach, without saving it: the dashboard's live preview while writing.
    /// Fields still missing are listed in <c>problems</c> and shown as placeholders.
    /// </summary>
    /// <remarks>
    /// A partner lead previews only audiences inside their cohort (403 otherwise, as when sending): the counts of any
    /// other audience would tell them how many people at another site, or who asked for coaching, there are.
    /// </remarks>
    static async Task<Results<Ok<JsonObject>, ValidationProblem, ProblemHttpResult>> PreviewDraft(
        UpdateDraft draft, IEnumerable<ICardFormat> formats, AudienceResolver audiences, TimeProvider time, IAuthorizationService authorization, HttpContext http)
    {
        // A body no card can show is refused before rendering, not turned into a 500 by the renderer.
        if (MarkdownText.Problem("body", draft.Body) is { } nested)
            return InvalidInput.Message(nested);
        var countable = draft.Audience is { IsEmpty: false } given && !AudienceResolver.Problems(given).Any();
        if (countable && draft.Audience is { } asked && await PartnerLeadCohort.RefusalAsync(authorization, http.User, PartnerLeadCohort.Send,
                new Update { Id = "preview", Audience = asked, CreatedBy = AdminClaims.PersonId(http.User) }) is { } refused)
            return refused;
        var filled = draft with
        {
            Title = string.IsNullOrWhiteSpace(draft.Title) ? "(title)" : draft.Title,
            Body = string.IsNullOrWhiteSpace(draft.Body) ? "(the update's text)" : draft.Body,
            Links = (draft.Links ?? []).Where(l => l is not null && !string.IsNullOrWhiteSpace(l.Title)).ToList(),
            // The card does not show the audience, and one with problems could not be read.
            Audience = new Audience(),
        };
        var card = UpdateCards.Card(filled.ToUpdate("preview", time.GetUtcNow()));
        var preview = new JsonObject();
        foreach (var format in formats) preview[format.FileSuffix] = format.Render(card);
        var audience = draft.Audience ?? new Audience();
        // Counted, not resolved: the dashboard asks after every pause in typing, and resolving every tutor read and mapped
        // the whole directory each time (2-3 s). The counts are kept until the directory changes.
        var reach = countable ? audiences.Count(audience) : null;
        preview["reach"] = new JsonObject
        {
            ["matched"] = reach?.Matched ?? 0, ["recipients"] = reach?.Recipients ?? 0, ["optedOut"] = reach?.OptedOut ?? 0, ["notInChat"] = reach?.NotInChat ?? 0,
        };
        preview["problems"] = new JsonArray([.. draft.Problems().Select(p => (JsonNode)p)]);
        return TypedResults.Ok(preview);
    }

    static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(title: $"There is no update '{id}'.", statusCode: StatusCodes.Status404NotFound);
}
