using HitBot.Admin;
using HitBot.Core.Erasure;
using HitBot.Core.Directory;
using HitBot.Dashboard;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Features.People;

/// <summary>Editing one person (name, roles, site, partner, active, opt-out), erasing them, and who HitBot reaches.</summary>
public static class PersonEditEndpoints
{
    public static RouteGroupBuilder MapPersonEditEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPatch("/people/{id}", Edit);
        admin.MapDelete("/people/{id}", Erase);
        admin.MapGet("/reach", Reach);
        return admin;
    }

    static Results<Ok<PersonView>, ValidationProblem, ProblemHttpResult> Edit(string id, PersonEdit edit, PersonEdits edits, DirectoryStore store, HttpContext http)
    {
        var by = AdminClaims.PersonId(http.User) is { } caller ? store.Find(caller)?.Name ?? caller : "central team (admin token)";
        var (person, problems) = edits.Apply(id, edit, by);
        if (problems.Count > 0)
            return InvalidInput.Fields("Nothing was changed: fix the fields listed in 'errors'.", problems);
        if (person is null) return NotFound(id);
        return TypedResults.Ok(PersonView.Of(person, store.AllSites().ToDictionary(s => s.Id, s => s.Name), store.AllPartners().ToDictionary(p => p.Id, p => p.Name)));
    }

    /// <summary>Erases the person; answers what was removed and what was made anonymous. Their dashboard sessions end too.</summary>
    static Results<Ok<ErasureReport>, ProblemHttpResult> Erase(string id, PersonErasure erasure, DashboardSessions sessions)
    {
        if (erasure.Erase(id) is not { } report) return NotFound(id);
        sessions.EndFor(id);
        return TypedResults.Ok(report);
    }

    /// <summary>One reach state per person, with the time of the last attempt, and how many are in each state.</summary>
    static Ok<ReachReport> Reach(DirectoryStore store)
    {
        var people = store.All().Select(p => (Person: p, Reach: PersonReach.Of(p))).ToList();
        return TypedResults.Ok(new ReachReport(
            ReachStates.All.ToDictionary(s => s, s => people.Count(p => p.Reach.State == s)),
            [.. people.Select(p => new PersonReachView(p.Person.Id, p.Person.Name, p.Person.Email, p.Reach.State, p.Reach.LastAttempt, p.Reach.Detail))]));
    }

    static ProblemHttpResult NotFound(string id) => TypedResults.Problem(title: $"There is no person '{id}'.", statusCode: StatusCodes.Status404NotFound);
}

public sealed record ReachReport(Dictionary<string, int> Counts, List<PersonReachView> People);

public sealed record PersonReachView(string Id, string Name, string Email, string State, DateTime? LastAttempt, string? Detail);
