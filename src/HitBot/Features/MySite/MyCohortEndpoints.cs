using HitBot.Admin;
using HitBot.Core;
using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Surveys;
using HitBot.Core.Updates;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Features.MySite;

/// <summary>
/// A partner lead's own cohort (their partner's tutors), read only, with the site champions' rules (<see cref="MySiteEndpoints"/>):
/// survey results never for a group under five, the at-risk list of named runs, the action items they own. Anything of
/// another partner is 403, whether it exists or not. Their updates stay under /api/admin/updates.
/// </summary>
public static class MyCohortEndpoints
{
    public static RouteGroupBuilder MapMyCohortEndpoints(this RouteGroupBuilder admin)
    {
        // GET only: the PartnerLead policy also admits writes (their own updates), and nothing here changes data.
        var mine = admin.MapGroup("/my-cohort").RequireAuthorization(AdminPolicies.PartnerLead);
        mine.MapGet("", Overview);
        mine.MapGet("/survey-runs/{id}/results", Results);
        mine.MapGet("/survey-runs/{id}/at-risk", AtRisk);
        mine.MapGet("/action-items", (HttpContext http, ActionPlanStore store, DirectoryStore directory, ProgramClock clock) =>
            LeadOf(http, directory) is not { } lead ? NotALead() : (IResult)TypedResults.Ok(MySiteEndpoints.ItemsOwnedBy(lead.Person, store, directory, clock.Today())));
        return admin;
    }

    /// <summary>The partner's name and every run that reached its people, newest first, each cut to them.</summary>
    static IResult Overview(HttpContext http, SiteResults results, SurveyStore store, DirectoryStore directory)
    {
        if (LeadOf(http, directory) is not { } lead) return NotALead();
        var runs = results.RunsFor(lead.Cohort)
            .Select(s => store.FindRun(s.RunId) is { } run ? SiteRunResults.Of(run, s) : null).OfType<SiteRunResults>().ToList();
        var name = directory.FindPartner(lead.Cohort.Slug)?.Name ?? lead.Cohort.Slug;
        return TypedResults.Ok(new MyCohort(lead.Cohort.Slug, name, runs));
    }

    static IResult Results(string id, HttpContext http, SiteResults results, SurveyStore store, DirectoryStore directory) =>
        LeadOf(http, directory) is not { } lead ? NotALead()
        : MySiteEndpoints.RunOf(id, lead.Cohort, store, results) is not { } found ? MySiteEndpoints.NotYours(RunRefusal)
        : TypedResults.Ok(SiteRunResults.Of(found.Run, found.Snapshot));

    /// <summary>
    /// Named runs only, and only this partner's tutors whose card said their partner lead sees their name (not those who
    /// answered before the partner had a lead), the lead's own answers left out as in chat.
    /// </summary>
    static IResult AtRisk(string id, HttpContext http, SiteResults results, SurveyStore store, DirectoryStore directory) =>
        LeadOf(http, directory) is not { } lead ? NotALead()
        : MySiteEndpoints.RunOf(id, lead.Cohort, store, results) is not { } found ? MySiteEndpoints.NotYours(RunRefusal)
        : found.Run.Anonymous ? MySiteEndpoints.AnonymousRun()
        : TypedResults.Ok(MySiteEndpoints.OthersThan(lead.Person, results.AtRisk(found.Run, lead.Cohort)).Where(a => a.PartnerLeadMaySee).ToList());

    const string RunRefusal = "This survey run did not reach your cohort.";

    /// <summary>The caller's partner when they are a partner lead (the central team, who pass the policy, see every partner elsewhere).</summary>
    static (Person Person, Slice Cohort)? LeadOf(HttpContext http, DirectoryStore directory) =>
        AdminClaims.PersonId(http.User) is { } id && directory.Find(id) is { } person && UpdatePosting.IsPartnerLead(person) && person.Partner is { } partner
            ? (person, Slice.Partner(partner)) : null;

    static ProblemHttpResult NotALead() => MySiteEndpoints.NotYours(
        "These pages show a partner lead their own cohort: sign in with a partner lead's personal token. The central team sees every partner under /api/admin/survey-runs.");
}

public sealed record MyCohort(string Partner, string PartnerName, List<SiteRunResults> Runs);
