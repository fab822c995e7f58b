using HitBot.Admin;
using HitBot.Core;
using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Surveys;
using HitBot.Core.Updates;
using HitBot.Features.ActionPlan;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Features.MySite;

/// <summary>
/// A site champion's own site, read only: survey results (never a group under five), the at-risk list of named runs,
/// the action items they own and the updates sent there. Anything of another site is 403, whether it exists or not.
/// </summary>
public static class MySiteEndpoints
{
    public static RouteGroupBuilder MapMySiteEndpoints(this RouteGroupBuilder admin)
    {
        var mine = admin.MapGroup("/my-site").RequireAuthorization(AdminPolicies.SiteChampion);
        mine.MapGet("", Overview);
        mine.MapGet("/survey-runs/{id}/results", Results);
        mine.MapGet("/survey-runs/{id}/at-risk", AtRisk);
        mine.MapGet("/action-items", (HttpContext http, ActionPlanStore store, DirectoryStore directory, ProgramClock clock) =>
            ChampionOf(http, directory) is not { } champion ? NotAChampion() : (IResult)TypedResults.Ok(ItemsOwnedBy(champion.Person, store, directory, clock.Today())));
        mine.MapGet("/updates", (HttpContext http, SiteUpdates updates, DirectoryStore directory) =>
            ChampionOf(http, directory) is not { } champion ? NotAChampion() : (IResult)TypedResults.Ok(updates.SentTo(champion.Site, champion.Person.Id)));
        mine.MapGet("/updates/{id}", (string id, HttpContext http, SiteUpdates updates, DirectoryStore directory) =>
            ChampionOf(http, directory) is not { } champion ? NotAChampion()
            : updates.One(champion.Site, id, champion.Person.Id) is { } update ? (IResult)TypedResults.Ok(update)
            : NotYours("This update was not sent to your site."));
        return admin;
    }

    /// <summary>
    /// The action items a site champion or partner lead owns (they change them in chat, "my items"): the open ones soonest due
    /// first, as chat lists them, then those closed. A repeating item shows as its meetings: the series itself stayed "not
    /// started, due" its first meeting all year, beside the meetings held.
    /// </summary>
    internal static List<ActionItemView> ItemsOwnedBy(Person owner, ActionPlanStore store, DirectoryStore directory, DateOnly today) =>
        [.. store.All().Where(i => i.OwnerId == owner.Id && !i.Archived && !i.IsSeries)
            .OrderBy(i => i.IsOpen ? 0 : 1).ThenBy(i => i.IsOpen ? i.DueDate ?? DateOnly.MaxValue : DateOnly.MaxValue)
            .Select(i => ActionItemView.Of(i, directory, today))];

    /// <summary>The site's name and every run that reached it, newest first, each cut to the site.</summary>
    static IResult Overview(HttpContext http, SiteResults results, SurveyStore store, DirectoryStore directory)
    {
        if (ChampionOf(http, directory) is not { } champion) return NotAChampion();
        var runs = results.RunsFor(champion.Site)
            .Select(s => store.FindRun(s.RunId) is { } run ? SiteRunResults.Of(run, s) : null).OfType<SiteRunResults>().ToList();
        var name = directory.AllSites().FirstOrDefault(s => s.Id == champion.Site)?.Name ?? champion.Site;
        return TypedResults.Ok(new MySite(champion.Site, name, runs));
    }

    static IResult Results(string id, HttpContext http, SiteResults results, SurveyStore store, DirectoryStore directory) =>
        ChampionOf(http, directory) is not { } champion ? NotAChampion()
        : RunOf(id, Slice.Site(champion.Site), store, results) is not { } found ? NotYours(RunRefusal)
        : TypedResults.Ok(SiteRunResults.Of(found.Run, found.Snapshot));

    /// <summary>Named runs only, and only this site's tutors; as in chat, not the champion's own answers (<see cref="OthersThan"/>).</summary>
    static IResult AtRisk(string id, HttpContext http, SiteResults results, SurveyStore store, DirectoryStore directory) =>
        ChampionOf(http, directory) is not { } champion ? NotAChampion()
        : RunOf(id, Slice.Site(champion.Site), store, results) is not { } found ? NotYours(RunRefusal)
        : found.Run.Anonymous ? AnonymousRun()
        : TypedResults.Ok(OthersThan(champion.Person, results.AtRisk(found.Run, champion.Site)));

    /// <summary>
    /// A champion or lead who also tutors and may not stay is not their own follow-up: the list they get in chat at close
    /// leaves them out (the central team, or their site's champion, hears), and so does the list on their page.
    /// </summary>
    internal static List<AtRiskPerson> OthersThan(Person reader, List<AtRiskPerson> list) => [.. list.Where(a => a.PersonId != reader.Id)];

    const string RunRefusal = "This survey run did not reach your site.";

    /// <summary>A run that opened and was sent to someone of the slice; unknown runs look the same as other slices' runs.</summary>
    internal static (SurveyRun Run, SiteSnapshot Snapshot)? RunOf(string id, Slice slice, SurveyStore store, SiteResults results) =>
        store.FindRun(id) is { Status: RunStatus.Open or RunStatus.Closed } run && results.For(run, slice) is { Invited: > 0 } snapshot
            ? (run, snapshot) : null;

    internal static IResult AnonymousRun() => InvalidInput.Field("id", "This run is anonymous: it has no at-risk list.");

    /// <summary>The caller's site when they are a site champion (or a central team member with a site champion's role and a site).</summary>
    static (Person Person, string Site)? ChampionOf(HttpContext http, DirectoryStore directory) =>
        AdminClaims.PersonId(http.User) is { } id && directory.Find(id) is { Site: { Length: > 0 } site } person && person.HasRole(Roles.SiteChampion)
            ? (person, site) : null;

    static ProblemHttpResult NotAChampion() => NotYours(
        "These pages show a site champion their own site: sign in with a site champion's personal token. The central team sees every site under /api/admin/survey-runs.");

    internal static ProblemHttpResult NotYours(string why) => TypedResults.Problem(title: why, statusCode: StatusCodes.Status403Forbidden);
}

public sealed record MySite(string Site, string SiteName, List<SiteRunResults> Runs);

/// <summary>A run as a site champion sees it: what it was, and its results cut to their site (k≥5).</summary>
public sealed record SiteRunResults(string Id, string Title, string Status, bool Anonymous, DateTime OpensAt, DateTime ClosesAt, SiteSnapshot Results)
{
    public static SiteRunResults Of(SurveyRun run, SiteSnapshot snapshot) =>
        new(run.Id, run.Title, run.Status.ToString().ToLowerInvariant(), run.Anonymous, run.OpensAt, run.ClosesAt, snapshot);
}
