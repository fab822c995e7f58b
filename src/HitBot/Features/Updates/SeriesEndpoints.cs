using HitBot.Admin;
using HitBot.Core.Updates;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Features.Updates;

/// <summary>Newsletter series: a weekly or every-other-week slot that sends the next queued draft. Central team only.</summary>
public static class SeriesEndpoints
{
    public static RouteGroupBuilder MapSeriesEndpoints(this RouteGroupBuilder admin)
    {
        var series = admin.MapGroup("/series");
        series.MapGet("", (SeriesEdits edits) => TypedResults.Ok(edits.All()));
        series.MapGet("/{id}", Get);
        series.MapPost("", Create);
        series.MapPatch("/{id}", Change);
        return admin;
    }

    static Results<Ok<SeriesView>, ProblemHttpResult> Get(string id, SeriesEdits edits) =>
        edits.Find(id) is { } view ? TypedResults.Ok(view) : NotFound(id);

    static Results<Created<SeriesView>, ValidationProblem, ProblemHttpResult> Create(SeriesRequest request, SeriesEdits edits) =>
        edits.Create(request) switch
        {
            { Series: { } created } => TypedResults.Created($"/api/admin/series/{created.Id}", created),
            var change => Invalid(change.Problems),
        };

    static Results<Ok<SeriesView>, ValidationProblem, ProblemHttpResult> Change(string id, SeriesRequest request, SeriesEdits edits) =>
        edits.Change(id, request) switch
        {
            { Series: { } changed } => TypedResults.Ok(changed),
            { Problems.Count: > 0 } change => Invalid(change.Problems),
            _ => NotFound(id),
        };

    static ValidationProblem Invalid(List<string> problems) =>
        InvalidInput.Fields("The series was not saved: fix the fields listed in 'errors'.", problems);

    static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(title: $"There is no series '{id}'.", statusCode: StatusCodes.Status404NotFound);
}
