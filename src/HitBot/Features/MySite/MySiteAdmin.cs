using HitBot.Admin;

namespace HitBot.Features.MySite;

/// <summary>
/// The pages of a slice of the program, read only: a site champion's (MySiteEndpoints, on the SiteChampion policy) and a
/// partner lead's (MyCohortEndpoints, on the PartnerLead policy), each cut to their own site or partner.
/// </summary>
public static class MySiteAdmin
{
    public static AdminGroups MapMySiteAdmin(this AdminGroups admin)
    {
        admin.Api.MapMySiteEndpoints();
        admin.Api.MapMyCohortEndpoints();
        return admin;
    }
}
