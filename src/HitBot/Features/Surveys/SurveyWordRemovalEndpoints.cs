using HitBot.Admin;
using HitBot.Core.Directory;
using HitBot.Core.Surveys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Features.Surveys;

/// <summary>
/// Removing a student's name or details from a run's free-text answers: the central team's only (every survey route is),
/// since it cannot be undone. The run keeps a record of each removal, without the words.
/// </summary>
public static class SurveyWordRemovalEndpoints
{
    public static RouteGroupBuilder MapSurveyWordRemoval(this RouteGroupBuilder centralTeam)
    {
        centralTeam.MapPost("/survey-runs/{id}/redact", Remove);
        return centralTeam;
    }

    static Results<Ok<AnswerWordsRemovedAnswer>, ValidationProblem, ProblemHttpResult> Remove(string id, RemoveAnswerWordsRequest request,
        HttpContext http, SurveyAnswerWordRemoval removal, DirectoryStore directory)
    {
        var result = removal.Remove(id, request.QuestionId, request.Words, AdminClaims.PersonId(http.User), request.Note);
        if (result.Run is not { } run)
            return SurveyRunEndpoints.NotFound(id);
        if (result.Problems.Count > 0)
            return InvalidInput.Fields("Nothing was removed: fix the fields listed in 'errors'.", result.Problems);
        return TypedResults.Ok(new AnswerWordsRemovedAnswer(result.Removed,
            [.. (run.WordsRemoved ?? []).Select(w => new AnswerWordsRemovedView(w.QuestionId, w.At,
                w.ByPersonId is { } by ? directory.Find(by)?.Name ?? "(no longer on the roster)" : null, w.Note))]));
    }
}

/// <summary><c>words</c> as written in the answer (any case); <c>note</c>, optional, says why.</summary>
public sealed record RemoveAnswerWordsRequest(string? QuestionId, string? Words, string? Note);

/// <summary><c>removed</c>: the answers changed now (null for an anonymous run with fewer than 5 answers); then every removal so far.</summary>
public sealed record AnswerWordsRemovedAnswer(int? Removed, List<AnswerWordsRemovedView> WordsRemoved);

public sealed record AnswerWordsRemovedView(string QuestionId, DateTime At, string? By, string? Note);
