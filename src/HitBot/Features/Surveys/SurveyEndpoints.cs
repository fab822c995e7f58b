using HitBot.Admin;
using HitBot.Core.Directory;
using HitBot.Core.Surveys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Features.Surveys;

/// <summary>Surveys: write one (or take the retention template), launch runs, read results, export CSV, see who may not stay.</summary>
public static class SurveyEndpoints
{
    public static RouteGroupBuilder MapSurveyEndpoints(this RouteGroupBuilder admin)
    {
        var surveys = admin.MapGroup("/surveys");
        surveys.MapPost("", Create);
        surveys.MapGet("", (SurveyStore store) => TypedResults.Ok(store.AllSurveys()));
        surveys.MapGet("/{id}", (string id, SurveyStore store) =>
            store.FindSurvey(id) is { } survey ? (IResult)TypedResults.Ok(new SurveyWithRuns(survey, store.RunsOf(id))) : NotFound("survey", id));
        surveys.MapPost("/{id}/runs", Launch);

        var runs = admin.MapGroup("/survey-runs");
        runs.MapGet("/{id}/results", (string id, SurveyStore store, SurveyResults results) =>
            store.FindRun(id) is { } run ? (IResult)TypedResults.Ok(results.For(run)) : NotFound("survey run", id));
        runs.MapGet("/{id}/at-risk", AtRisk);
        runs.MapGet("/{id}/responses.csv", ExportCsv);
        return admin;
    }

    static Results<Created<Survey>, ValidationProblem, ProblemHttpResult> Create(SurveyDraft draft, SurveyStore store, TimeProvider time, HttpContext http)
    {
        var problems = draft.Problems();
        if (problems.Count > 0)
            return InvalidInput.Fields("The survey was not saved: fix the fields listed in 'errors'.", problems);
        if (RetryKey.Of(http.Request, AdminClaims.PersonId(http.User), "survey") is not { Bad: false } press) return RetryKey.BadKey("Nothing was saved.");
        var prefix = draft.Template is { Length: > 0 } t ? t : Slug.Of(draft.Title!);
        // With a key the id is the key's (after the title, which ids and CSV file names start with): the same Save again
        // answers the survey the first one saved.
        var id = $"{(prefix.Length > 30 ? prefix[..30] : prefix)}-{press.Id?[..6] ?? Guid.NewGuid().ToString("N")[..6]}";
        if (press.Id is not null && store.FindSurvey(id) is { } saved) return TypedResults.Created($"/api/admin/surveys/{saved.Id}", saved);
        var survey = draft.ToSurvey(id, time.GetUtcNow().UtcDateTime);
        store.Save(survey);
        return TypedResults.Created($"/api/admin/surveys/{survey.Id}", survey);
    }

    /// <summary>
    /// Schedules a run; it opens by itself at opensAt (now when left out), closes at closesAt. The same press again with its
    /// <c>Idempotency-Key</c> (the first answer lost) is answered with the run it launched, as the first time.
    /// </summary>
    static Results<Created<SurveyRun>, ValidationProblem, ProblemHttpResult> Launch(string id, RunRequest request, SurveyStore store, SurveySignal signal, TimeProvider time,
        Core.ProgramClock clock, AudienceResolver audiences, HttpContext http)
    {
        // Said in the program's zone, as the dashboard says every time.
        string Local(DateTime utc) => $"{TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), clock.Zone):yyyy-MM-dd HH:mm} {clock.Zone.Id}";
        if (store.FindSurvey(id) is not { } survey) return NotFound("survey", id);
        if (RetryKey.Of(http.Request, AdminClaims.PersonId(http.User), "survey-run") is not { Bad: false } press) return RetryKey.BadKey("Nothing was launched.");
        // Looked up before the fields are checked: an opensAt that has passed since the first press is no reason to refuse it.
        if (press.Id is not null && store.RunsOf(id).FirstOrDefault(r => r.LaunchKey == press.Id) is { } pressed)
            return TypedResults.Created($"/api/admin/survey-runs/{pressed.Id}/results", pressed);
        var now = time.GetUtcNow();
        var problems = request.Problems(now, clock);
        if (problems.Count == 0) problems.AddRange(audiences.UnknownPlaces(request.Audience!));
        if (problems.Count > 0)
            return InvalidInput.Fields("The run was not launched: fix the fields listed in 'errors'.", problems);
        var run = request.ToRun(survey, now) with { LaunchKey = press.Id };
        // The same launch again (a script retrying after a timeout, a minute later, so with another run id): every tutor
        // would get the survey twice. A run of this survey still to come or open, to the same audience and closing at the
        // same time, is that launch.
        if (store.RunsOf(id).FirstOrDefault(r => r.Status is RunStatus.Scheduled or RunStatus.Open && r.ClosesAt == run.ClosesAt
                && r.Anonymous == run.Anonymous && r.Audience.Key() == run.Audience.Key()) is { } launched)
            return TypedResults.Problem(
                title: $"This survey was already launched to the same audience, closing at the same time (run {launched.Id}, " +
                    $"opening {Local(launched.OpensAt)}). It was not launched again: use that run, or cancel it first.",
                statusCode: StatusCodes.Status409Conflict, extensions: new Dictionary<string, object?> { ["existingRun"] = launched.Id });
        // Run ids are survey + opening minute (so a recurrence cannot open twice); a second launch in that minute is refused
        // rather than answered with the first run, which would drop the second request's settings without a word.
        if (!store.TryAdd(run))
            return TypedResults.Problem(
                title: $"This survey already has a run opening at {Local(run.OpensAt)} (run {run.Id}). Use that run, or set opensAt a minute later.",
                statusCode: StatusCodes.Status409Conflict, extensions: new Dictionary<string, object?> { ["existingRun"] = run.Id });
        signal.Notify();
        return TypedResults.Created($"/api/admin/survey-runs/{run.Id}/results", run);
    }

    /// <summary>Named runs only: tutors who said they will not continue or are unsure, or rate support 2 or below.</summary>
    static IResult AtRisk(string id, SurveyStore store, SurveyResults results) =>
        store.FindRun(id) is not { } run ? NotFound("survey run", id)
        : run.Anonymous ? InvalidInput.Field("id", "This run is anonymous: it has no at-risk list.")
        : TypedResults.Ok(results.For(run).AtRisk);

    static IResult ExportCsv(string id, SurveyStore store, PeopleDirectory directory, Core.ProgramClock clock)
    {
        if (store.FindRun(id) is not { } run) return NotFound("survey run", id);
        var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        SurveyCsv.Write(run, store.ResponsesTo(run.Id), directory, clock.Zone, writer);
        return CsvDownload.File(writer.ToString(), $"{run.Id}.csv");
    }

    static ProblemHttpResult NotFound(string what, string id) =>
        TypedResults.Problem(title: $"There is no {what} '{id}'.", statusCode: StatusCodes.Status404NotFound);
}

public sealed record SurveyWithRuns(Survey Survey, List<SurveyRun> Runs)
{
    /// <summary>
    /// A run goes to tutors unless roles are named (<see cref="RetentionPulse.AudienceOf"/>): the dashboard's launch form
    /// starts with Tutors ticked and says so.
    /// </summary>
    public bool TutorsByDefault => RetentionPulse.AsksTutors(Survey.Questions);
}
