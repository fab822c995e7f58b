namespace HitBot.Endpoints;

/// <summary>The JSON admin API behind the bearer token or a dashboard session. Each feature adds its own group file.</summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        // Authorization runs before the handler binds anything: a caller without a valid credential never gets its body read.
        var admin = app.MapGroup("/api/admin").RequireAuthorization(AdminAccessRequirement.Policy);
        admin.MapPeopleEndpoints();
        admin.MapAudienceGroupEndpoints();
        admin.MapUpdateEndpoints();
        admin.MapUpdateReportEndpoints();
        admin.MapUpdateLifecycleEndpoints();
        admin.MapSeriesEndpoints();
        admin.MapUpdateCorrectionEndpoints();
        admin.MapFeedbackEndpoints();
        admin.MapActionPlanEndpoints();
        admin.MapProgramPhaseEndpoints();
        admin.MapCalendarEndpoints();
        admin.MapSurveyEndpoints();
        admin.MapSurveyRunEndpoints();
        admin.MapMySiteEndpoints();
        admin.MapOverviewEndpoints();
        admin.MapBackupEndpoints();
        return app;
    }
}
