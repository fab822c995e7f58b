using HitBot.Admin;

namespace HitBot.Features.Surveys;

/// <summary>The surveys page's admin routes (surveys, their runs and results), all the central team's.</summary>
public static class SurveysAdmin
{
    public static AdminGroups MapSurveysAdmin(this AdminGroups admin)
    {
        admin.CentralTeam.MapSurveyEndpoints();
        admin.CentralTeam.MapSurveyRunEndpoints();
        admin.CentralTeam.MapSurveyWordRemoval();
        return admin;
    }
}
