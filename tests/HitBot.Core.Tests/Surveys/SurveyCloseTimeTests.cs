using HitBot.Core.Directory;
using HitBot.Core.Surveys;
using Microsoft.Extensions.Options;

namespace HitBot.Core.Tests.Surveys;

/// <summary>
/// A run launched from the dashboard closes at 23:59 in the program's time zone: its summary and at-risk lists are the
/// staff's work for the next morning, not a card on their phone at midnight.
/// </summary>
public sealed class SurveyCloseTimeTests : IDisposable
{
    static readonly DateTimeOffset Launched = new(2026, 3, 9, 15, 0, 0, TimeSpan.Zero); // Monday 10:00 in Chicago
    static readonly DateTime ClosesAt = new(2026, 3, 11, 4, 59, 0, DateTimeKind.Utc); // Tuesday 23:59 in Chicago
    readonly SurveyRunnerUnderTest app = new(Launched);

    /// <summary>
    /// The launch form closes a run at 23:59 of the day picked and sends that moment in UTC, where it is already the next
    /// day: a year typed wrong was refused naming 21 March, a day the coordinator never picked.
    /// </summary>
    [Fact]
    public void A_closing_day_years_away_is_refused_naming_the_day_the_coordinator_picked()
    {
        var clock = new ProgramClock(app.Time, Options.Create(new ProgramOptions { TimeZone = "America/Chicago" }));
        var endOfTwentiethOfMarch = new DateTimeOffset(2037, 3, 21, 4, 59, 0, TimeSpan.Zero); // 23:59 on 20 March 2037 in Chicago
        var launch = new RunRequest(new Audience { Roles = [Roles.Tutor] }, null, endOfTwentiethOfMarch, null, null, null, null);

        var problems = launch.Problems(Launched, clock);

        Assert.Equal("closesAt: 2037-03-20 is more than 10 years from today; check the year.", Assert.Single(problems));
    }

    [Fact]
    public void A_run_closing_at_night_sends_its_lists_and_summary_at_nine_the_next_working_morning_in_each_readers_zone()
    {
        var champion = app.Person("bea", Roles.SiteChampion, site: "lincoln");
        var lead = app.Person("pia", Roles.PartnerLead, partner: "citytutors") with { TimeZone = "America/Los_Angeles" };
        app.Directory.Save(lead);
        var central = app.Person("lena", Roles.CentralTeam);
        var run = new SurveyRun
        {
            Id = "pulse-night", SurveyId = "pulse", Title = "Tutor retention pulse", Questions = RetentionPulse.Create("pulse", Launched.UtcDateTime).Questions,
            Audience = new Audience { Roles = [Roles.Tutor] }, OpensAt = Launched.UtcDateTime, ClosesAt = ClosesAt,
            Status = RunStatus.Open, ReminderEveryDays = 0, CreatedAt = Launched.UtcDateTime,
        };
        app.Surveys.Save(run);
        app.Answer(app.Person("tutor", Roles.Tutor, site: "lincoln", partner: "citytutors"), run); // support 1: at risk

        app.Time.SetUtcNow(ClosesAt.AddMinutes(2));
        app.Runner.Look(app.Time.GetUtcNow().UtcDateTime);

        var nineInChicago = new DateTime(2026, 3, 11, 14, 0, 0, DateTimeKind.Utc);
        var nineInLosAngeles = new DateTime(2026, 3, 11, 16, 0, 0, DateTimeKind.Utc);
        var atRisk = app.Outbox.ForCampaign(run.Campaign + ":at-risk");
        Assert.Equal(nineInChicago, Assert.Single(atRisk, d => d.PersonId == champion.Id).DueAt);
        Assert.Equal(nineInLosAngeles, Assert.Single(atRisk, d => d.PersonId == lead.Id).DueAt);
        Assert.Equal(nineInChicago, Assert.Single(app.Outbox.ForCampaign(run.Campaign + ":summary"), d => d.PersonId == central.Id).DueAt);
    }

    [Fact]
    public void A_run_closing_in_the_daytime_sends_its_lists_at_once()
    {
        var champion = app.Person("bea", Roles.SiteChampion, site: "lincoln");
        var run = new SurveyRun
        {
            Id = "pulse-day", SurveyId = "pulse", Title = "Tutor retention pulse", Questions = RetentionPulse.Create("pulse", Launched.UtcDateTime).Questions,
            Audience = new Audience { Roles = [Roles.Tutor] }, OpensAt = Launched.UtcDateTime, ClosesAt = Launched.UtcDateTime.AddDays(1),
            Status = RunStatus.Open, ReminderEveryDays = 0, CreatedAt = Launched.UtcDateTime,
        };
        app.Surveys.Save(run);
        app.Answer(app.Person("tutor", Roles.Tutor, site: "lincoln"), run);

        app.Time.SetUtcNow(run.ClosesAt.AddMinutes(2));
        app.Runner.Look(app.Time.GetUtcNow().UtcDateTime);

        Assert.Equal(run.ClosesAt.AddMinutes(2), Assert.Single(app.Outbox.ForCampaign(run.Campaign + ":at-risk"), d => d.PersonId == champion.Id).DueAt);
    }

    public void Dispose() => app.Dispose();
}
