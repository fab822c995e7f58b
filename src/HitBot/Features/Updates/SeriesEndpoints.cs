using HitBot.Core;
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

    static Results<Ok<SeriesView>, ProblemHttpResult> Get(string id, SeriesEdits edits, HttpContext http) =>
        edits.Find(id) is { } view ? Tagged(http, TypedResults.Ok(view), view) : NotFound(id);

    /// <summary>A new series; the same press again with its <c>Idempotency-Key</c> is that series, not a second one sending too.</summary>
    static Results<Created<SeriesView>, ValidationProblem, ProblemHttpResult> Create(SeriesRequest request, SeriesEdits edits, AudienceResolver audiences, HttpContext http) =>
        RetryKey.Of(http.Request, AdminClaims.PersonId(http.User), "series") is not { Bad: false } press ? RetryKey.BadKey("Nothing was saved.")
        : Unknown(request, audiences) is { Count: > 0 } unknown ? Invalid(unknown) : edits.Create(request, AdminClaims.PersonId(http.User), press.Id) switch
        {
            { Series: { } created } => Tagged(http, TypedResults.Created($"/api/admin/series/{created.Id}", created), created),
            var change => Invalid(change.Problems),
        };

    /// <summary>
    /// Changes a series. With <c>If-Match</c> (the <c>ETag</c> its page was read with, as the dashboard sends), a series
    /// someone changed since is not saved over: 409 saying who and when, and nothing changes.
    /// </summary>
    static Results<Ok<SeriesView>, ValidationProblem, ProblemHttpResult> Change(
        string id, SeriesRequest request, SeriesEdits edits, AudienceResolver audiences, DirectoryStore directory, ProgramClock clock, HttpContext http) =>
        EditPreconditions.IfMatch(http.Request) is not { } ifMatch ? EditPreconditions.BadIfMatch()
        : Unknown(request, audiences) is { Count: > 0 } unknown ? Invalid(unknown)
            : edits.Change(id, request, AdminClaims.PersonId(http.User), ifMatch) switch
        {
            { ChangedSince: { } since, Current: { } current } => Tagged(http, ChangedFirst(since, current, directory, clock), current),
            { Series: { } changed } => Tagged(http, TypedResults.Ok(changed), changed),
            { Problems.Count: > 0 } change => Invalid(change.Problems),
            _ => NotFound(id),
        };

    static T Tagged<T>(HttpContext http, T result, SeriesView view)
    {
        http.Response.Headers.ETag = $"\"{view.Tag}\"";
        return result;
    }

    /// <summary>
    /// Someone changed the series after the caller read it: who and when, and the series as it is now (<c>current</c>, its
    /// tag in <c>ETag</c>, set by the caller), so the form can keep what was typed and replace theirs knowingly.
    /// </summary>
    static ProblemHttpResult ChangedFirst(UpdateSeries since, SeriesView current, DirectoryStore directory, ProgramClock clock)
    {
        var (who, when) = EditPreconditions.ChangedBy(since.ChangedBy, since.ChangedAt, directory, clock);
        return EditPreconditions.ChangedFirst("series", who, when, named: since.ChangedBy is not null, since.ChangedAt, current);
    }

    /// <summary>Sites and partners not on the roster: the series would reach nobody there, every week, without a word.</summary>
    static List<string> Unknown(SeriesRequest request, AudienceResolver audiences) =>
        request.Audience is { } audience && !AudienceResolver.Problems(audience).Any() ? [.. audiences.UnknownPlaces(audience)] : [];

    static ValidationProblem Invalid(List<string> problems) =>
        InvalidInput.Fields("The series was not saved: fix the fields listed in 'errors'.", problems);

    static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(title: $"There is no series '{id}'.", statusCode: StatusCodes.Status404NotFound);
}
