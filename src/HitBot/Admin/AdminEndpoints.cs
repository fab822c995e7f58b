using HitBot.Features.ActionPlan;
using HitBot.Features.Calendar;
using HitBot.Features.Feedback;
using HitBot.Features.MySite;
using HitBot.Features.People;
using HitBot.Features.Surveys;
using HitBot.Features.Updates;
using HitBot.Hosting;

namespace HitBot.Admin;

/// <summary>The JSON admin API behind the bearer token or a dashboard session: one line per feature, each mapped from its own folder.</summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        // Authorization runs before the handler binds anything: a caller without a valid credential never gets its body read.
        // Every route is behind exactly one of the three policies (a test checks): each feature's Map<Feature>Admin puts
        // its routes on the central team's group unless it opens some to partner leads (updates, my-cohort) or site champions (my-site).
        // A query parameter a route does not take (a typo such as ?stauts=) is a 400, not a 200 that ignored it.
        var api = app.MapGroup("/api/admin").RefuseUnknownQueryParameters();
        var admin = new AdminGroups(api, api.MapGroup("").RequireAuthorization(AdminPolicies.CentralTeam));
        admin.MapPeopleAdmin();
        admin.MapUpdatesAdmin();
        admin.MapFeedbackAdmin();
        admin.MapActionPlanAdmin();
        admin.MapCalendarAdmin();
        admin.MapSurveysAdmin();
        admin.MapMySiteAdmin();
        // The host's own: the dashboard's first page (it reads every feature) and the backup.
        admin.CentralTeam.MapOverviewEndpoints();
        admin.CentralTeam.MapBackupEndpoints();
        return app;
    }
}
