using HitBot.Admin;
using HitBot.Core.Updates;
using Microsoft.AspNetCore.Http.HttpResults;

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

    static Results<Ok<Update>, ValidationProblem, ProblemHttpResult> Edit(string id, UpdateDraft patch, UpdateDrafts drafts) => drafts.Edit(id, patch) switch
    {
        { NotADraft: true } => TypedResults.Problem(
            title: "This update has been sent, so it can no longer be edited: duplicate it to write a new version.",
            statusCode: StatusCodes.Status409Conflict),
        { Update: { } edited } => TypedResults.Ok(edited),
        { Problems.Count: > 0 } change => InvalidInput.Fields("The update was not saved: fix the fields listed in 'errors'.", change.Problems),
        _ => NotFound(id),
    };

    static Results<Created<Update>, ProblemHttpResult> Duplicate(string id, UpdateDrafts drafts, HttpContext http) =>
        drafts.Duplicate(id, AdminClaims.PersonId(http.User)) is { } copy
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
