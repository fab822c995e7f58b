using HitBot.Admin;

namespace HitBot.Features.Calendar;

/// <summary>The program calendar's admin routes, all the central team's.</summary>
public static class CalendarAdmin
{
    public static AdminGroups MapCalendarAdmin(this AdminGroups admin)
    {
        admin.CentralTeam.MapCalendarEndpoints();
        return admin;
    }
}
