using HitBot.Admin;

namespace HitBot.Features.Updates;

/// <summary>
/// The updates pages' admin routes: partner leads write, preview and send their own; reports, the lifecycle, series and
/// corrections are the central team's.
/// </summary>
public static class UpdatesAdmin
{
    public static AdminGroups MapUpdatesAdmin(this AdminGroups admin)
    {
        // UpdateEndpoints puts each of its routes on the PartnerLead or the CentralTeam group itself.
        admin.Api.MapUpdateEndpoints();
        admin.CentralTeam.MapUpdateReportEndpoints();
        admin.CentralTeam.MapUpdateLifecycleEndpoints();
        admin.CentralTeam.MapSeriesEndpoints();
        admin.CentralTeam.MapUpdateCorrectionEndpoints();
        return admin;
    }
}
