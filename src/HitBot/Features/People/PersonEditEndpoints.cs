using HitBot.Admin;
using HitBot.Core.Erasure;
using HitBot.Core.Directory;
using HitBot.Dashboard;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Features.People;

/// <summary>One person: shown, edited (name, roles, site, partner, language, active, opt-out), erased; and who HitBot reaches.</summary>
public static class PersonEditEndpoints
{
    public static RouteGroupBuilder MapPersonEditEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/people/{id}", Show);
        admin.MapPatch("/people/{id}", Edit);
        admin.MapDelete("/people/{id}", Erase);
        admin.MapGet("/reach", Reach);
        return admin;
    }

    /// <summary>The person as the people list shows them: what a script reads before and after a PATCH.</summary>
    static Results<Ok<PersonView>, ProblemHttpResult> Show(string id, DirectoryStore store) =>
        store.Find(id) is { } person ? TypedResults.Ok(View(person, store)) : NotFound(id);

    static PersonView View(Person person, DirectoryStore store) =>
        PersonView.Of(person, store.AllSites().ToDictionary(s => s.Id, s => s.Name), store.AllPartners().ToDictionary(p => p.Id, p => p.Name));

    static Results<Ok<PersonView>, ValidationProblem, ProblemHttpResult> Edit(string id, PersonEdit edit, PersonEdits edits, DirectoryStore store, HttpContext http)
    {
        var caller = AdminClaims.PersonId(http.User);
        var by = caller is not null ? store.Find(caller)?.Name ?? caller : "central team (admin token)";
        var (person, problems) = edits.Apply(id, edit, by, caller);
        if (problems.Count > 0)
            return InvalidInput.Fields("Nothing was changed: fix the fields listed in 'errors'.", problems);
        if (person is null) return NotFound(id);
        return TypedResults.Ok(View(person, store));
    }

    /// <summary>Erases the person; answers what was removed and what was made anonymous. Their dashboard sessions end too.</summary>
    static Results<Ok<ErasureReport>, ProblemHttpResult> Erase(string id, PersonErasure erasure, DashboardSessions sessions)
    {
        if (erasure.Erase(id) is not { } report) return NotFound(id);
        sessions.EndFor(id);
        return TypedResults.Ok(report);
    }

    /// <summary>
    /// How many people are in each reach state (everyone, kept until the directory changes), and one page of people in name
    /// order with their state and the time of the last attempt, paged as <see cref="ListPage"/> describes; <c>limit=0</c>
    /// answers the counts alone (the People page). The list was everyone at once: 100,000 rows, read and sorted at each look.
    /// The next page's address carries where this one ended (<c>after=</c>), as the people list's does; <c>offset</c> still works.
    /// </summary>
    static Results<Ok<ReachReport>, ValidationProblem> Reach(DirectoryStore store, ReachTally tally, HttpContext http, int? offset, int? limit, string? after)
    {
        if (ListPage.Problem(offset, limit, "people", smallest: 0) is { } problem) return problem;
        var cursor = string.IsNullOrEmpty(after) ? null : PeopleCursor.Parse(after);
        if (!string.IsNullOrEmpty(after) && (cursor is null || offset is not null)) return ListPage.BadCursor("after");

        var take = limit ?? ListPage.MaxSize;
        // The counts alone (the People page): no list, so no next page.
        if (take == 0) return TypedResults.Ok(new ReachReport(tally.Counts(), ListPage.After(new List<PersonReachView>(), store.Count(), "after", null, http, 0)));
        if (offset is not { } skip)
        {
            var cut = store.PageAfter(cursor, take);
            return TypedResults.Ok(new ReachReport(tally.Counts(),
                ListPage.After([.. cut.People.Select(PersonReachView.Of)], cut.Total, "after", cut.Next?.Token, http, take)));
        }
        var page = store.Page(skip, take);
        return TypedResults.Ok(new ReachReport(tally.Counts(), ListPage.Of([.. page.People.Select(PersonReachView.Of)], page.Total, http, skip, take)));
    }

    static ProblemHttpResult NotFound(string id) => TypedResults.Problem(title: $"There is no person '{id}'.", statusCode: StatusCodes.Status404NotFound);
}

public sealed record ReachReport(IReadOnlyDictionary<string, int> Counts, List<PersonReachView> People);

public sealed record PersonReachView(string Id, string Name, string Email, string State, DateTime? LastAttempt, string? Detail)
{
    /// <summary>What to do about the state, in words (<see cref="PersonReach.NextStep"/>); null when HitBot reaches them.</summary>
    public string? NextStep { get; init; }

    public static PersonReachView Of(Person person)
    {
        var reach = PersonReach.Of(person);
        return new(person.Id, person.Name, person.Email, reach.State, reach.LastAttempt, reach.Detail) { NextStep = reach.NextStep };
    }
}
