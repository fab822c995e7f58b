using HitBot.Admin;

namespace HitBot.Features.ActionPlan;

/// <summary>The plan page's admin routes (action items, the program's phase), all the central team's.</summary>
public static class ActionPlanAdmin
{
    public static AdminGroups MapActionPlanAdmin(this AdminGroups admin)
    {
        admin.CentralTeam.MapActionPlanEndpoints();
        admin.CentralTeam.MapProgramPhaseEndpoints();
        return admin;
    }
}
