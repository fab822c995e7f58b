using HitBot.Admin;
using HitBot.Core.Surveys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Features.Surveys;

/// <summary>A launched run: close it early, cancel it, move its closing date, see who has not answered. Central team only.</summary>
public static class SurveyRunEndpoints
{
    public static RouteGroupBuilder MapSurveyRunEndpoints(this RouteGroupBuilder admin)
    {
        var runs = admin.MapGroup("/survey-runs");
        runs.MapPost("/{id}/close", (string id, SurveyRunner runner) => Answer(id, runner.CloseNow(id)));
        runs.MapPost("/{id}/cancel", (string id, SurveyRunner runner) => Answer(id, runner.Cancel(id)));
        runs.MapPatch("/{id}", (string id, RunPatch patch, SurveyRunner runner) => Answer(id, runner.SetClosesAt(id, patch.ClosesAt)));
        runs.MapGet("/{id}/non-responders", NonRespondersOf);
        return admin;
    }

    static Results<Ok<SurveyRun>, ValidationProblem, ProblemHttpResult> Answer(string id, RunChange change) => change switch
    {
        { Outcome: RunChangeOutcome.Changed, Run: { } run } => TypedResults.Ok(run),
        { Outcome: RunChangeOutcome.Conflict, Problems: [var why, ..] } => TypedResults.Problem(title: why, statusCode: StatusCodes.Status409Conflict),
        { Outcome: RunChangeOutcome.Invalid } => InvalidInput.Fields("The run was not changed: fix the fields listed in 'errors'.", change.Problems ?? []),
        _ => NotFound(id),
    };

    /// <summary>
    /// Named runs: who was invited and has not answered (name, e-mail, site), by site then name, paged as
    /// <see cref="ListPage"/> describes, X-Total-Count being <c>notAnswered</c>; <c>limit=0</c> answers the counts alone.
    /// Anonymous runs: the counts only, and no paging headers (there is no list).
    /// </summary>
    static Results<Ok<NonResponse>, ValidationProblem, ProblemHttpResult> NonRespondersOf(
        string id, SurveyStore store, NonResponders nonResponders, HttpContext http, int? offset, int? limit, string? after)
    {
        if (ListPage.Problem(offset, limit, "people", smallest: 0) is { } problem) return problem;
        if (!string.IsNullOrEmpty(after) && (offset is not null || !NonResponders.IsCursor(after))) return ListPage.BadCursor("after");
        if (store.FindRun(id) is not { } run) return NotFound(id);

        var (skip, take) = (offset ?? 0, limit ?? ListPage.MaxSize);
        if (offset is null)
        {
            // The next page's address carries where this one ended (after=): see ListPage.After.
            var cut = nonResponders.After(run, string.IsNullOrEmpty(after) ? null : after, take);
            if (cut.People is { } shown) ListPage.After(shown, cut.NotAnswered, "after", cut.Next, http, take);
            return TypedResults.Ok(cut);
        }
        var answer = nonResponders.For(run, skip, take);
        if (answer.People is { } people) ListPage.Of(people, answer.NotAnswered, http, skip, take);
        return TypedResults.Ok(answer);
    }

    internal static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(title: $"There is no survey run '{id}'.", statusCode: StatusCodes.Status404NotFound);
}

/// <summary>The fields of a run that may change after launch: another (its opensAt) is refused, not left out of a 200.</summary>
public sealed record RunPatch(DateTimeOffset? ClosesAt);
