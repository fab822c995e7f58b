using HitBot.Core.Directory;
using HitBot.Core.Surveys;

namespace HitBot.Core.Tests.Surveys;

/// <summary>The runs of a repeating survey, each after the last: what one run's end leaves to the next.</summary>
public sealed class SurveyRepeatTests : IDisposable
{
    static readonly DateTimeOffset Now = new(2026, 3, 4, 15, 0, 0, TimeSpan.Zero); // Wednesday 09:00 in Chicago
    readonly SurveyRunnerUnderTest app = new(Now);

    [Fact]
    public void The_run_after_one_closed_early_opens_and_takes_answers_until_its_own_closing_time()
    {
        app.Person("cara", Roles.CentralTeam);
        var ana = app.Person("ana", Roles.Tutor);
        var run = new SurveyRun
        {
            Id = "pulse-1", SurveyId = "pulse", Title = "Tutor retention pulse", Questions = RetentionPulse.Create("pulse", Now.UtcDateTime).Questions,
            Audience = new Audience { Roles = [Roles.Tutor] }, OpensAt = Now.UtcDateTime.AddDays(-2), ClosesAt = Now.UtcDateTime.AddDays(5),
            Status = RunStatus.Open, RepeatEveryWeeks = 2, ReminderEveryDays = 0, CreatedAt = Now.UtcDateTime.AddDays(-3),
        };
        app.Surveys.Save(run);
        app.Runner.CloseNow(run.Id);

        var opens = run.OpensAt.AddDays(14).AddHours(-1); // 09:00 in Chicago two weeks on: summer time began in between
        app.Time.SetUtcNow(opens.AddMinutes(1));
        app.Runner.Look(opens.AddMinutes(1));
        app.Runner.Look(opens.AddMinutes(6));
        var next = app.Surveys.FindRun($"pulse-{opens:yyyyMMddHHmm}")!;
        app.Answer(ana, next);

        Assert.Equal(RunStatus.Open, app.Surveys.FindRun(next.Id)?.Status);
        Assert.Null(next.ClosedEarlyAt);
        Assert.Single(app.Surveys.ResponsesTo(next.Id));
    }

    /// <summary>
    /// A weekly pulse that opens Monday 09:00 and closes Friday 17:00 in Chicago keeps those local hours when the clocks
    /// change on Sunday 8 March: a step of seven days in UTC opened the next run at 10:00 and its card said "until 18:00".
    /// </summary>
    [Fact]
    public void The_next_run_of_a_weekly_survey_keeps_its_local_hours_across_the_change_to_summer_time()
    {
        app.Person("cara", Roles.CentralTeam);
        app.Person("ana", Roles.Tutor);
        var run = new SurveyRun
        {
            Id = "pulse-1", SurveyId = "pulse", Title = "Tutor retention pulse", Questions = RetentionPulse.Create("pulse", Now.UtcDateTime).Questions,
            Audience = new Audience { Roles = [Roles.Tutor] },
            OpensAt = new DateTime(2026, 3, 2, 15, 0, 0, DateTimeKind.Utc), ClosesAt = new DateTime(2026, 3, 6, 23, 0, 0, DateTimeKind.Utc),
            Status = RunStatus.Open, RepeatEveryWeeks = 1, ReminderEveryDays = 0, CreatedAt = Now.UtcDateTime.AddDays(-3),
        };
        app.Surveys.Save(run);

        var closing = new DateTime(2026, 3, 6, 23, 1, 0, DateTimeKind.Utc);
        app.Time.SetUtcNow(closing);
        app.Runner.Look(closing);

        var next = Assert.Single(app.Surveys.RunsIn(RunStatus.Scheduled));
        var chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        Assert.Equal(new DateTime(2026, 3, 9, 9, 0, 0), TimeZoneInfo.ConvertTimeFromUtc(next.OpensAt, chicago));
        Assert.Equal(new DateTime(2026, 3, 13, 17, 0, 0), TimeZoneInfo.ConvertTimeFromUtc(next.ClosesAt, chicago));
        Assert.Equal("pulse-202603091400", next.Id);
    }

    /// <summary>
    /// A pulse every two weeks, Monday 09:00 to the next Friday 17:00, whose run falls in a one-week spring break: it opens
    /// after the break and closes a week late, on Friday 10 April. Its series kept its own dates, so the next run, planned for
    /// Monday 6 April, opened the moment this one closed: tutors who had just answered got the same survey again at 17:05,
    /// and another ten days later. The next run is the series' first date after this one closes.
    /// </summary>
    [Fact]
    public void The_run_after_one_a_break_moved_does_not_open_before_it_closed()
    {
        app.Person("cara", Roles.CentralTeam);
        app.Person("ana", Roles.Tutor);
        var clock = new ProgramClock(app.Time, Microsoft.Extensions.Options.Options.Create(new ProgramOptions { TimeZone = "America/Chicago" }));
        new HitBot.Core.Calendar.ProgramCalendar(app.Db, clock, app.Time).SaveAll([new HitBot.Core.Calendar.CalendarEntry
        {
            Id = "spring", Name = "Spring break", Kind = HitBot.Core.Calendar.CalendarKind.Break, First = new DateOnly(2026, 3, 23), Last = new DateOnly(2026, 3, 27),
        }]);
        var planned = new DateTime(2026, 3, 23, 14, 0, 0, DateTimeKind.Utc); // Monday 09:00 in Chicago, the break's first day
        app.Surveys.Save(new SurveyRun
        {
            Id = "pulse-202603231400", SurveyId = "pulse", Title = "Tutor retention pulse", Questions = RetentionPulse.Create("pulse", Now.UtcDateTime).Questions,
            Audience = new Audience { Roles = [Roles.Tutor] }, OpensAt = planned, ClosesAt = new DateTime(2026, 4, 3, 22, 0, 0, DateTimeKind.Utc),
            Status = RunStatus.Scheduled, RepeatEveryWeeks = 2, ReminderEveryDays = 0, CreatedAt = Now.UtcDateTime,
        });

        foreach (var at in new[] { planned.AddMinutes(1), planned.AddDays(7).AddMinutes(1), new DateTime(2026, 4, 10, 22, 1, 0, DateTimeKind.Utc), new DateTime(2026, 4, 10, 22, 6, 0, DateTimeKind.Utc) })
        {
            app.Time.SetUtcNow(at);
            app.Runner.Look(at);
        }

        Assert.Equal(RunStatus.Closed, app.Surveys.FindRun("pulse-202603231400")?.Status);
        Assert.Empty(app.Surveys.RunsIn(RunStatus.Open).Select(r => r.Id));
        var next = Assert.Single(app.Surveys.RunsIn(RunStatus.Scheduled));
        Assert.Equal(new DateTime(2026, 4, 20, 14, 0, 0, DateTimeKind.Utc), next.OpensAt);
        Assert.Equal(new DateTime(2026, 5, 1, 22, 0, 0, DateTimeKind.Utc), next.ClosesAt);
    }

    [Fact]
    public void A_next_run_saved_with_the_close_now_of_the_run_before_it_still_opens_and_takes_answers()
    {
        var ana = app.Person("ana", Roles.Tutor);
        var run = new SurveyRun
        {
            Id = "pulse-20260304", SurveyId = "pulse", Title = "Tutor retention pulse", Questions = RetentionPulse.Create("pulse", Now.UtcDateTime).Questions,
            Audience = new Audience { Roles = [Roles.Tutor] }, OpensAt = Now.UtcDateTime, ClosesAt = Now.UtcDateTime.AddDays(7),
            Status = RunStatus.Scheduled, RepeatEveryWeeks = 2, ReminderEveryDays = 0, CreatedAt = Now.UtcDateTime.AddDays(-10),
            ClosedEarlyAt = Now.UtcDateTime.AddDays(-10), // as an older HitBot copied it from the run before
        };
        app.Surveys.Save(run);

        app.Runner.Look(Now.UtcDateTime);
        app.Runner.Look(Now.UtcDateTime.AddMinutes(5));
        app.Answer(ana, run);

        Assert.Equal(RunStatus.Open, app.Surveys.FindRun(run.Id)?.Status);
        Assert.Single(app.Surveys.ResponsesTo(run.Id));
    }

    public void Dispose() => app.Dispose();
}
