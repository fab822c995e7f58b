using HitBot.Admin;

namespace HitBot.Features.People;

/// <summary>The people page's admin routes, all the central team's: roster, tokens, edits, reach, the audience picker.</summary>
public static class PeopleAdmin
{
    public static AdminGroups MapPeopleAdmin(this AdminGroups admin)
    {
        admin.CentralTeam.MapPeopleEndpoints();
        admin.CentralTeam.MapAudienceGroupEndpoints();
        return admin;
    }
}
