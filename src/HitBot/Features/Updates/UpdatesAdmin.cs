using HitBot.Admin;

namespace HitBot.Features.Updates;

/// <summary>
/// The updates pages' admin routes: partner leads write, preview, send, correct and recall their own; reports, the
/// lifecycle and series are the central team's.
/// </summary>
public static class UpdatesAdmin
{
    public static AdminGroups MapUpdatesAdmin(this AdminGroups admin)
    {
        // UpdateEndpoints and UpdateCorrectionEndpoints put each of their routes on the PartnerLead or the CentralTeam group themselves.
        admin.Api.MapUpdateEndpoints();
        admin.CentralTeam.MapUpdateReportEndpoints();
        admin.CentralTeam.MapUpdateLifecycleEndpoints();
        admin.CentralTeam.MapSeriesEndpoints();
        admin.Api.MapUpdateCorrectionEndpoints();
        return admin;
    }
}
