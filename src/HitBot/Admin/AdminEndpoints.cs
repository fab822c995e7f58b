using HitBot.Features.ActionPlan;
using HitBot.Features.Calendar;
using HitBot.Features.Feedback;
using HitBot.Features.MySite;
using HitBot.Features.People;
using HitBot.Features.Surveys;
using HitBot.Features.Updates;
using HitBot.Hosting;

namespace HitBot.Admin;

/// <summary>The JSON admin API behind the bearer token or a dashboard session. Each feature adds its own group file.</summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        // Authorization runs before the handler binds anything: a caller without a valid credential never gets its body read.
        // Every route is behind exactly one of the three policies (a test checks): the central team's unless a feature
        // opens a group of its own to partner leads (updates) or site champions (my-site).
        var admin = app.MapGroup("/api/admin");
        var centralTeam = admin.MapGroup("").RequireAuthorization(AdminPolicies.CentralTeam);
        centralTeam.MapPeopleEndpoints();
        centralTeam.MapAudienceGroupEndpoints();
        admin.MapUpdateEndpoints();
        centralTeam.MapUpdateReportEndpoints();
        centralTeam.MapUpdateLifecycleEndpoints();
        centralTeam.MapSeriesEndpoints();
        centralTeam.MapUpdateCorrectionEndpoints();
        centralTeam.MapFeedbackEndpoints();
        centralTeam.MapActionPlanEndpoints();
        centralTeam.MapProgramPhaseEndpoints();
        centralTeam.MapCalendarEndpoints();
        centralTeam.MapSurveyEndpoints();
        centralTeam.MapSurveyRunEndpoints();
        admin.MapMySiteEndpoints();
        centralTeam.MapOverviewEndpoints();
        centralTeam.MapBackupEndpoints();
        return app;
    }
}
