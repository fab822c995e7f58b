using HitBot.Admin;
using HitBot.Core;
using HitBot.Core.Directory;
using HitBot.Core.Updates;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Features.Updates;

/// <summary>
/// Changing an update people already have: correct it in every chat, or recall it from every chat. The central team's
/// for any update; a partner lead's for the updates they wrote to their own tutors (<see cref="PartnerLeadCohort.Change"/>),
/// so a mistake they sent to their tutors is theirs to fix, and nobody else's chat gets their text.
/// </summary>
public static class UpdateCorrectionEndpoints
{
    public static RouteGroupBuilder MapUpdateCorrectionEndpoints(this RouteGroupBuilder admin)
    {
        var updates = admin.MapGroup("/updates").RequireAuthorization(AdminPolicies.PartnerLead);
        updates.MapPost("/{id}/correct", Correct);
        updates.MapPost("/{id}/recall", Recall);
        return admin;
    }

    /// <summary>
    /// The new text replaces the card in every chat it reached, marked "Edited"; the answer is the update as corrected. With
    /// <c>If-Match</c> (the <c>ETag</c> its page was read with, as the dashboard sends), an update someone else corrected since
    /// is not corrected again from the old text: 409 naming who and when, nothing changed; the same correction again is 200.
    /// </summary>
    static async Task<Results<Ok<UpdateWithReport>, ValidationProblem, ProblemHttpResult>> Correct(
        string id, UpdateDraft patch, UpdateStore store, UpdateCorrections corrections, UpdateSender sender, IAuthorizationService authorization,
        DirectoryStore directory, ProgramClock clock, HttpContext http)
    {
        if (await RefusalAsync(id, store, authorization, http) is { } refused) return refused;
        if (EditPreconditions.IfMatch(http.Request) is not { } ifMatch) return EditPreconditions.BadIfMatch();
        var change = corrections.Correct(id, patch, AdminClaims.PersonId(http.User), ifMatch);
        if (change is { Stale: true, Update: { } current })
        {
            http.Response.Headers.ETag = UpdateLifecycleEndpoints.DraftETag(current);
            return CorrectedSince(current, directory, clock);
        }
        if (change.Update is { } corrected) http.Response.Headers.ETag = UpdateLifecycleEndpoints.DraftETag(corrected);
        return Answer(id, change, sender, "The correction was not saved: fix the fields listed in 'errors'.");
    }

    /// <summary>
    /// Someone corrected the update after the caller read it: who and when, that people have their text now, and that text
    /// (<c>current</c>, its tag in <c>ETag</c>): the dashboard shows it beside the correction being typed, which a reload to
    /// see theirs threw away; correcting again with that tag replaces theirs knowingly.
    /// </summary>
    static ProblemHttpResult CorrectedSince(Update current, DirectoryStore directory, ProgramClock clock)
    {
        var (who, when) = EditPreconditions.ChangedBy(current.EditedBy, current.EditedAt, directory, clock);
        return TypedResults.Problem(
            title: $"{who} corrected this update{when}, after you opened it, so your correction was not made: people's chats show " +
                "their text. Reload the page to see it, then make your correction again.",
            statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["correctedBy"] = current.EditedBy is null ? null : who, ["correctedAt"] = current.EditedAt, ["current"] = current });
    }

    /// <summary>Deletes the update from every chat it reached; what has not gone out yet never will.</summary>
    static async Task<Results<Ok<UpdateWithReport>, ValidationProblem, ProblemHttpResult>> Recall(
        string id, UpdateStore store, UpdateCorrections corrections, UpdateSender sender, IAuthorizationService authorization, HttpContext http) =>
        await RefusalAsync(id, store, authorization, http) is { } refused ? refused
        : Answer(id, corrections.Recall(id), sender, "The update was not recalled.");

    /// <summary>A partner lead changes only the updates they wrote to their own tutors; an unknown update is left to <see cref="Answer"/>'s 404.</summary>
    static async Task<ProblemHttpResult?> RefusalAsync(string id, UpdateStore store, IAuthorizationService authorization, HttpContext http) =>
        store.Find(id) is { } update ? await PartnerLeadCohort.RefusalAsync(authorization, http.User, PartnerLeadCohort.Change, update) : null;

    static Results<Ok<UpdateWithReport>, ValidationProblem, ProblemHttpResult> Answer(string id, SentUpdateChange change, UpdateSender sender, string refused) => change switch
    {
        { Conflict: { } conflict } => TypedResults.Problem(title: conflict, statusCode: StatusCodes.Status409Conflict),
        { Update: { } update } when sender.Report(update.Id) is { } report => TypedResults.Ok(new UpdateWithReport(update, report)),
        { Problems.Count: > 0 } => InvalidInput.Fields(refused, change.Problems),
        _ => TypedResults.Problem(title: $"There is no update '{id}'.", statusCode: StatusCodes.Status404NotFound),
    };
}
