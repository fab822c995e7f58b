namespace HitBot.Endpoints;

/// <summary>The JSON admin API behind the bearer token or a dashboard session. Each feature adds its own group file.</summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").AddEndpointFilter<AdminAuth>();
        admin.MapPeopleEndpoints();
        admin.MapUpdateEndpoints();
        admin.MapFeedbackEndpoints();
        admin.MapActionPlanEndpoints();
        admin.MapProgramPhaseEndpoints();
        admin.MapSurveyEndpoints();
        admin.MapOverviewEndpoints();
        return app;
    }
}
