using HitBot.Core.Messaging.Outbox;

namespace HitBot.Core.Surveys;

/// <summary>
/// An open run's invitations are who it asked (invited, the non-responders) and its reminder rows who it reminded: pruned
/// while the run is open (a run longer than RetentionDays), the rate would fall to nothing and the last reminder go again.
/// </summary>
public sealed class OpenRunRetentionHold(SurveyStore store) : IRetentionHold
{
    public IEnumerable<string> CampaignsInUse() =>
        store.RunsIn(RunStatus.Open).SelectMany(run => new[] { run.Campaign, run.Campaign + ":reminders" });
}
