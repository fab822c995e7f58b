using HitBot.Admin;
using HitBot.Core.Directory;
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

    static Results<Created<SeriesView>, ValidationProblem, ProblemHttpResult> Create(SeriesRequest request, SeriesEdits edits, AudienceResolver audiences) =>
        Unknown(request, audiences) is { Count: > 0 } unknown ? Invalid(unknown) : edits.Create(request) switch
        {
            { Series: { } created } => TypedResults.Created($"/api/admin/series/{created.Id}", created),
            var change => Invalid(change.Problems),
        };

    static Results<Ok<SeriesView>, ValidationProblem, ProblemHttpResult> Change(string id, SeriesRequest request, SeriesEdits edits, AudienceResolver audiences) =>
        Unknown(request, audiences) is { Count: > 0 } unknown ? Invalid(unknown) : edits.Change(id, request) switch
        {
            { Series: { } changed } => TypedResults.Ok(changed),
            { Problems.Count: > 0 } change => Invalid(change.Problems),
            _ => NotFound(id),
        };

    /// <summary>Sites and partners not on the roster: the series would reach nobody there, every week, without a word.</summary>
    static List<string> Unknown(SeriesRequest request, AudienceResolver audiences) =>
        request.Audience is { } audience && !AudienceResolver.Problems(audience).Any() ? [.. audiences.UnknownPlaces(audience)] : [];

    static ValidationProblem Invalid(List<string> problems) =>
        InvalidInput.Fields("The series was not saved: fix the fields listed in 'errors'.", problems);

    static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(title: $"There is no series '{id}'.", statusCode: StatusCodes.Status404NotFound);
}
