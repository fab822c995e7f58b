using HitBot.Admin;
using HitBot.Core.Updates;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Features.Updates;

/// <summary>Changing an update people already have: correct it in every chat, or recall it from every chat. Central team only.</summary>
public static class UpdateCorrectionEndpoints
{
    public static RouteGroupBuilder MapUpdateCorrectionEndpoints(this RouteGroupBuilder admin)
    {
        var updates = admin.MapGroup("/updates");
        updates.MapPost("/{id}/correct", Correct);
        updates.MapPost("/{id}/recall", Recall);
        return admin;
    }

    /// <summary>The new text replaces the card in every chat it reached, marked "Edited"; the answer is the update as corrected.</summary>
    static Results<Ok<UpdateWithReport>, ValidationProblem, ProblemHttpResult> Correct(string id, UpdateDraft patch, UpdateCorrections corrections, UpdateSender sender) =>
        Answer(id, corrections.Correct(id, patch), sender, "The correction was not saved: fix the fields listed in 'errors'.");

    /// <summary>Deletes the update from every chat it reached; what has not gone out yet never will.</summary>
    static Results<Ok<UpdateWithReport>, ValidationProblem, ProblemHttpResult> Recall(string id, UpdateCorrections corrections, UpdateSender sender) =>
        Answer(id, corrections.Recall(id), sender, "The update was not recalled.");

    static Results<Ok<UpdateWithReport>, ValidationProblem, ProblemHttpResult> Answer(string id, SentUpdateChange change, UpdateSender sender, string refused) => change switch
    {
        { Conflict: { } conflict } => TypedResults.Problem(title: conflict, statusCode: StatusCodes.Status409Conflict),
        { Update: { } update } when sender.Report(update.Id) is { } report => TypedResults.Ok(new UpdateWithReport(update, report)),
        { Problems.Count: > 0 } => InvalidInput.Fields(refused, change.Problems),
        _ => TypedResults.Problem(title: $"There is no update '{id}'.", statusCode: StatusCodes.Status404NotFound),
    };
}
