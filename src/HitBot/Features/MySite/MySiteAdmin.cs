using HitBot.Admin;

namespace HitBot.Features.MySite;

/// <summary>A site champion's pages: MySiteEndpoints puts them on the SiteChampion group itself, read only and cut to their site.</summary>
public static class MySiteAdmin
{
    public static AdminGroups MapMySiteAdmin(this AdminGroups admin)
    {
        admin.Api.MapMySiteEndpoints();
        return admin;
    }
}
