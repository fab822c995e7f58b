using HitBot.Admin;

namespace HitBot.Features.Feedback;

/// <summary>The feedback page's admin routes (the inbox, replies, appreciation), all the central team's.</summary>
public static class FeedbackAdmin
{
    public static AdminGroups MapFeedbackAdmin(this AdminGroups admin)
    {
        admin.CentralTeam.MapFeedbackEndpoints();
        admin.CentralTeam.MapFeedbackWordRemoval();
        return admin;
    }
}
