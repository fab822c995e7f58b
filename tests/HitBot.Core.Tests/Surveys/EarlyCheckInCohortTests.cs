using HitBot.Core.Directory;
using HitBot.Core.Surveys;

namespace HitBot.Core.Tests.Surveys;

/// <summary>Who a week's early check-in is for, found through the directory's StartDate index.</summary>
public sealed class EarlyCheckInCohortTests : IDisposable
{
    static readonly DateTimeOffset Now = new(2026, 3, 4, 15, 0, 0, TimeSpan.Zero); // Wednesday 09:00 in Chicago, in the week of 2 March
    readonly SurveyRunnerUnderTest app = new(Now);

    List<string> AudienceOf(int week) =>
        app.Surveys.FindRun(EarlyCheckIn.RunId(week, new DateOnly(2026, 3, 2)))?.Audience.People ?? [];

    [Fact]
    public void The_check_in_goes_to_the_tutors_who_started_from_Monday_to_Sunday_of_their_week_and_to_nobody_a_day_outside_it()
    {
        app.Person("sunday-before", Roles.Tutor, startDate: new DateOnly(2026, 2, 22));
        var monday = app.Person("monday", Roles.Tutor, startDate: new DateOnly(2026, 2, 23));
        var sunday = app.Person("sunday", Roles.Tutor, startDate: new DateOnly(2026, 3, 1));
        app.Person("monday-after", Roles.Tutor, startDate: new DateOnly(2026, 3, 2));
        app.Person("champion", Roles.SiteChampion, startDate: new DateOnly(2026, 2, 25));
        app.Directory.Save(app.Person("left", Roles.Tutor, startDate: new DateOnly(2026, 2, 25)) with { Inactive = true });
        app.Person("no-date", Roles.Tutor);
        var sixth = app.Person("sixth-week", Roles.Tutor, startDate: new DateOnly(2026, 2, 1));

        app.Runner.Look(Now.UtcDateTime);

        Assert.Equal([monday.Id, sunday.Id], AudienceOf(2));
        Assert.Equal([sixth.Id], AudienceOf(6));
    }

    [Fact]
    public void Every_tutor_of_a_cohort_that_started_on_the_same_day_gets_the_check_in()
    {
        // A district starts its tutors together: many equal start dates, which LiteDB's index holds as one run of equal keys.
        var cohort = Enumerable.Range(0, 120).Select(i => app.Person($"tutor-{i:D3}", Roles.Tutor, startDate: new DateOnly(2026, 2, 23)).Id).ToList();
        app.Person("next-week", Roles.Tutor, startDate: new DateOnly(2026, 3, 2));

        app.Runner.Look(Now.UtcDateTime);

        Assert.Equal(cohort, AudienceOf(2));
    }

    /// <summary>
    /// A nightly roster sync at 02:00 adds tutors whose start date puts them in this week's check-in: the run was made with
    /// the look that found them and opened there and then, and their phones buzzed with a survey at two in the morning.
    /// </summary>
    [Fact]
    public void A_check_in_made_at_night_mid_week_opens_at_nine_that_morning()
    {
        var night = new DateTime(2026, 3, 5, 8, 0, 0, DateTimeKind.Utc); // Thursday 02:00 in Chicago
        app.Time.SetUtcNow(night);
        app.Person("nia", Roles.Tutor, startDate: new DateOnly(2026, 2, 24));

        app.Runner.Look(night);
        app.Runner.Look(night.AddMinutes(5));

        var run = app.Surveys.FindRun(EarlyCheckIn.RunId(2, new DateOnly(2026, 3, 2)))!;
        Assert.Equal(new DateTime(2026, 3, 5, 15, 0, 0, DateTimeKind.Utc), run.OpensAt); // 09:00 in Chicago
        Assert.All(app.Outbox.ForCampaign(run.Campaign), card => Assert.True(card.DueAt >= run.OpensAt, $"card due {card.DueAt:O}"));
    }

    /// <summary>The same sync adds a tutor to a check-in already open: their card waits for 09:00 their time, not 02:00.</summary>
    [Fact]
    public void A_tutor_who_joins_an_open_check_in_at_night_gets_the_card_at_nine_their_time()
    {
        app.Person("nia", Roles.Tutor, startDate: new DateOnly(2026, 2, 24));
        app.Runner.Look(Now.UtcDateTime);
        var night = new DateTime(2026, 3, 5, 8, 0, 0, DateTimeKind.Utc); // Thursday 02:00 in Chicago
        app.Time.SetUtcNow(night);
        var omar = app.Person("omar", Roles.Tutor, startDate: new DateOnly(2026, 2, 25));

        app.Runner.Look(night);

        var run = app.Surveys.FindRun(EarlyCheckIn.RunId(2, new DateOnly(2026, 3, 2)))!;
        Assert.Contains(omar.Id, run.Audience.People);
        var card = Assert.Single(app.Outbox.ForCampaign(run.Campaign), d => d.PersonId == omar.Id);
        Assert.Equal(new DateTime(2026, 3, 5, 15, 0, 0, DateTimeKind.Utc), card.DueAt);
    }

    public void Dispose() => app.Dispose();
}
