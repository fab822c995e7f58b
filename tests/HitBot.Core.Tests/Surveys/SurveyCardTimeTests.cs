using HitBot.Core.Calendar;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Surveys;
using Microsoft.Extensions.Options;

namespace HitBot.Core.Tests.Surveys;

/// <summary>The times a survey card shows: in the tutor's own time zone when HitBot knows it, else the program's, named either way.</summary>
public sealed class SurveyCardTimeTests : IDisposable
{
    static readonly DateTimeOffset Now = new(2026, 3, 4, 15, 0, 0, TimeSpan.Zero); // Wednesday 09:00 in Chicago
    readonly SurveyRunnerUnderTest app = new(Now);

    [Fact]
    public void A_tutor_in_another_time_zone_reads_the_closing_time_in_their_own_named()
    {
        app.Directory.Save(app.Person("ana", Roles.Tutor) with { TimeZone = "America/Los_Angeles" });
        var run = new SurveyRun
        {
            Id = "pulse-1", SurveyId = "pulse", Title = "Tutor retention pulse", Questions = RetentionPulse.Create("pulse", Now.UtcDateTime).Questions,
            Audience = new Audience { Roles = [Roles.Tutor] }, OpensAt = Now.UtcDateTime, ClosesAt = Now.UtcDateTime.AddDays(2).AddHours(8),
            Status = RunStatus.Scheduled, ReminderEveryDays = 0, CreatedAt = Now.UtcDateTime.AddDays(-1),
        };
        app.Surveys.Save(run);

        app.Runner.Look(Now.UtcDateTime);

        var card = app.Outbox.MessageOf(Assert.Single(app.Outbox.ForCampaign(run.Campaign)))!.Card!;
        var closing = card.Body.OfType<TextBlock>().Single(t => t.Markdown.StartsWith("Open until", StringComparison.Ordinal)).Markdown;
        Assert.StartsWith("Open until Fri 6 Mar, 15:00 Los Angeles time.", closing, StringComparison.Ordinal);
    }

    [Fact]
    public void An_answer_just_after_Close_now_is_told_the_survey_closed_when_it_was_pressed_not_on_its_planned_date()
    {
        var ana = app.Person("ana", Roles.Tutor);
        var run = new SurveyRun
        {
            Id = "pulse-1", SurveyId = "pulse", Title = "Tutor retention pulse", Questions = RetentionPulse.Create("pulse", Now.UtcDateTime).Questions,
            Audience = new Audience { Roles = [Roles.Tutor] }, OpensAt = Now.UtcDateTime.AddDays(-1), ClosesAt = Now.UtcDateTime.AddDays(2).AddHours(8),
            Status = RunStatus.Open, ReminderEveryDays = 0, CreatedAt = Now.UtcDateTime.AddDays(-2),
        };
        app.Surveys.Save(run);
        // Pressed, and the close's work still under way (here: HitBot stopped right after marking the run).
        app.StopsBeforeCommit(1, runner => runner.CloseNow(run.Id));

        var refused = Assert.Throws<InvalidOperationException>(() => app.Answer(ana, run));

        Assert.Contains("closed on Wed 4 Mar, 09:00 Chicago time", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_a_break_moved_past_the_clock_change_still_closes_at_23_59_of_its_last_day()
    {
        var run = RunInSpringBreak(repeatEveryWeeks: null);
        app.Runner.Look(Now.UtcDateTime);

        var monday = new DateTimeOffset(2026, 3, 9, 14, 0, 0, TimeSpan.Zero); // 09:00 in Chicago, after the break and the clock change
        app.Time.SetUtcNow(monday);
        app.Runner.Look(monday.UtcDateTime);

        var card = app.Outbox.MessageOf(Assert.Single(app.Outbox.ForCampaign(run.Campaign)))!.Card!;
        var closing = card.Body.OfType<TextBlock>().Single(t => t.Markdown.StartsWith("Open until", StringComparison.Ordinal)).Markdown;
        Assert.StartsWith("Open until Mon 16 Mar, 23:59 Chicago time.", closing, StringComparison.Ordinal);
    }

    [Fact]
    public void The_next_run_of_a_repeating_survey_a_break_moved_keeps_its_own_23_59()
    {
        RunInSpringBreak(repeatEveryWeeks: 1);
        app.Runner.Look(Now.UtcDateTime);
        var afterClose = new DateTimeOffset(2026, 3, 17, 5, 30, 0, TimeSpan.Zero); // past Monday 16 March, 23:59 in Chicago
        app.Time.SetUtcNow(afterClose);

        app.Runner.Look(afterClose.UtcDateTime);

        // The series' first date after the moved run closed (Wednesday 11 March came before it): Wednesday 18 March 09:00 to
        // Wednesday 25 March 23:59, summer time in Chicago.
        Assert.Null(app.Surveys.FindRun("pulse-202603111400"));
        var next = app.Surveys.FindRun("pulse-202603181400");
        Assert.Equal(new DateTime(2026, 3, 26, 4, 59, 0, DateTimeKind.Utc), next?.ClosesAt);
    }

    /// <summary>
    /// Spring break from Monday 2 to Friday 6 March 2026, and a run launched for its Wednesday 09:00, closing a week later at
    /// 23:59; summer time begins in Chicago on Sunday 8 March, in between.
    /// </summary>
    SurveyRun RunInSpringBreak(int? repeatEveryWeeks)
    {
        var clock = new ProgramClock(app.Time, Options.Create(new ProgramOptions { TimeZone = "America/Chicago" }));
        new ProgramCalendar(app.Db, clock, app.Time).SaveAll([new CalendarEntry
        {
            Id = "spring", Name = "Spring break", Kind = CalendarKind.Break, First = new DateOnly(2026, 3, 2), Last = new DateOnly(2026, 3, 6),
        }]);
        app.Person("ana", Roles.Tutor);
        var run = new SurveyRun
        {
            Id = "pulse-1", SurveyId = "pulse", Title = "Tutor retention pulse", Questions = RetentionPulse.Create("pulse", Now.UtcDateTime).Questions,
            Audience = new Audience { Roles = [Roles.Tutor] }, OpensAt = Now.UtcDateTime, ClosesAt = new DateTime(2026, 3, 12, 4, 59, 0, DateTimeKind.Utc),
            Status = RunStatus.Scheduled, ReminderEveryDays = 0, RepeatEveryWeeks = repeatEveryWeeks, CreatedAt = Now.UtcDateTime.AddDays(-1),
        };
        app.Surveys.Save(run);
        return run;
    }

    public void Dispose() => app.Dispose();
}
