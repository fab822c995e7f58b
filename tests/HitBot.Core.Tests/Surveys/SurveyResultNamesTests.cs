using HitBot.Core.Messaging;
using HitBot.Core.Surveys;
using static HitBot.Core.Tests.Surveys.SurveysUnderTest;

namespace HitBot.Core.Tests.Surveys;

/// <summary>
/// A coordinator reads sites and partners as the roster spells them ("Lincoln Elementary"), never as HitBot's keys
/// ("lincoln-elementary"): in the results, the at-risk and interested lists, the talent card and the non-responders.
/// </summary>
public sealed class SurveyResultNamesTests : IDisposable
{
    readonly SurveysUnderTest app = new();

    public void Dispose() => app.Dispose();

    void Named(string id)
    {
        var person = app.Directory.Find(id)!;
        app.Directory.SaveEdited(person, "Lincoln Elementary", "City Year");
    }

    [Fact]
    public void Results_name_each_site_and_partner_as_the_roster_spells_them_and_keep_the_key_beside()
    {
        var run = app.Run("r1");
        app.Invite(run, "a", site: "lincoln-elementary", answers: Intent("unsure", interests: "coaching"));
        app.Invite(run, "b", site: "lincoln-elementary", answers: Intent("yes"));
        app.Invite(run, "c", site: "lincoln-elementary");
        Named("a");

        var report = app.Results.For(run);

        var group = Assert.Single(report.IntentBySite);
        Assert.Equal(("lincoln-elementary", "Lincoln Elementary"), (group.Group, group.Name));
        Assert.Equal(("city-year", "City Year"), (report.IntentByPartner.Single().Group, report.IntentByPartner.Single().Name));
        var atRisk = Assert.Single(report.AtRisk);
        Assert.Equal(("lincoln-elementary", "Lincoln Elementary", "City Year"), (atRisk.Site, atRisk.SiteName, atRisk.PartnerName));
        var keen = Assert.Single(report.Interested);
        Assert.Equal("Lincoln Elementary", keen.SiteName);
        Assert.Contains("· Lincoln Elementary ·", ((TextBlock)SurveyResultCards.Interested(run, report.Interested).Card.Body[1]).Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain(SurveyResultCards.Interested(run, report.Interested).Card.Body.OfType<TextBlock>(),
            t => t.Markdown.Contains("lincoln-elementary", StringComparison.Ordinal));
        var notAnswered = Assert.Single(app.NonResponders.For(run, 0, 10).People!);
        Assert.Equal(("lincoln-elementary", "Lincoln Elementary"), (notAnswered.Site, notAnswered.SiteName));
    }
}
