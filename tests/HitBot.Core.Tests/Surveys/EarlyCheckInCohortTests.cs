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

    public void Dispose() => app.Dispose();
}
