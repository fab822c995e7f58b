using System.Globalization;
using HitBot.Admin;
using HitBot.Core;
using HitBot.Core.Directory;
using HitBot.Core.Updates;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace HitBot.Features.Updates;

/// <summary>An update's life after its first save: edit the draft, start a new draft from it, stop its sending. Central team only.</summary>
public static class UpdateLifecycleEndpoints
{
    public static RouteGroupBuilder MapUpdateLifecycleEndpoints(this RouteGroupBuilder admin)
    {
        var updates = admin.MapGroup("/updates");
        updates.MapPatch("/{id}", Edit);
        updates.MapPost("/{id}/duplicate", Duplicate);
        updates.MapPost("/{id}/cancel", Cancel);
        return admin;
    }

    /// <summary>
    /// Changes a draft. With <c>If-Match</c> (the <c>ETag</c> its page was read with, as the dashboard sends), a draft someone
    /// else saved since is not saved over: 409 naming who saved it and when, nothing changed. Without it, the last save wins.
    /// </summary>
    static Results<Ok<Update>, ValidationProblem, ProblemHttpResult> Edit(
        string id, UpdateDraft patch, UpdateDrafts drafts, DirectoryStore directory, ProgramClock clock, HttpContext http)
    {
        if (EditPreconditions.IfMatch(http.Request) is not { } ifMatch) return EditPreconditions.BadIfMatch();
        switch (drafts.Edit(id, patch, AdminClaims.PersonId(http.User), ifMatch))
        {
            case { NotADraft: true }:
                return TypedResults.Problem(
                    title: "This update has been sent, so it can no longer be edited as a draft: to fix what people got, correct it " +
                        "(POST .../correct, 'Correct…' on its page: the copies already sent are changed in every chat); to write a new one, duplicate it.",
                    statusCode: StatusCodes.Status409Conflict);
            case { Stale: true, Update: { } current }:
                http.Response.Headers.ETag = DraftETag(current);
                return SavedSince(current, directory, clock);
            case { Update: { } edited }:
                http.Response.Headers.ETag = DraftETag(edited);
                return TypedResults.Ok(edited);
            case { Problems.Count: > 0 } change:
                return InvalidInput.Fields("The update was not saved: fix the fields listed in 'errors'.", change.Problems);
            default:
                return NotFound(id);
        }
    }

    /// <summary>The draft's <see cref="Update.DraftTag"/> as an ETag header value.</summary>
    public static string DraftETag(Update update) => $"\"{update.DraftTag()}\"";

    /// <summary>
    /// Someone saved the draft after the caller read it: who (by name; the shared admin token has none) and when, in program
    /// time, and their draft as saved (<c>current</c>, its tag in <c>ETag</c>): the dashboard shows it beside the text the
    /// coordinator typed, which a reload to see theirs threw away; saving again with that tag replaces theirs knowingly.
    /// </summary>
    static ProblemHttpResult SavedSince(Update current, DirectoryStore directory, ProgramClock clock)
    {
        var (who, when) = EditPreconditions.ChangedBy(current.DraftSavedBy, current.DraftSavedAt, directory, clock);
        return TypedResults.Problem(
            title: $"{who} saved this draft{when}, after you opened it, so your change was not saved. " +
                "Reload the page to see their version, then make your change again.",
            statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["savedBy"] = current.DraftSavedBy is null ? null : who, ["savedAt"] = current.DraftSavedAt, ["current"] = current });
    }

    /// <summary>A new draft from the update; the same press again with its <c>Idempotency-Key</c> is that draft, not a second.</summary>
    static Results<Created<Update>, ValidationProblem, ProblemHttpResult> Duplicate(string id, UpdateDrafts drafts, HttpContext http) =>
        RetryKey.Of(http.Request, AdminClaims.PersonId(http.User), "update-duplicate:" + id) is not { Bad: false } press ? RetryKey.BadKey("Nothing was copied.")
        : drafts.Duplicate(id, AdminClaims.PersonId(http.User), press.Id) is { } copy
            ? TypedResults.Created($"/api/admin/updates/{copy.Id}", copy)
            : NotFound(id);

    /// <summary>Stops a send in progress: what is not sent yet never will be; the report says how many went and how many stopped.</summary>
    static Results<Ok<UpdateReport>, ProblemHttpResult> Cancel(string id, UpdateStore store, UpdateSender sender) =>
        store.Find(id) is not { } update ? NotFound(id)
        : update.Status == UpdateStatus.Draft
            ? TypedResults.Problem(title: "This update has not been sent, so there is no sending to cancel.", statusCode: StatusCodes.Status409Conflict)
        : sender.Cancel(id) is { } report ? TypedResults.Ok(report) : NotFound(id);

    static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(title: $"There is no update '{id}'.", statusCode: StatusCodes.Status404NotFound);
}
