using HitBot.Core.Directory;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;

namespace HitBot.Core.Tests.Surveys;

/// <summary>Survey runs whose times passed while HitBot was stopped: nothing is sent for a survey that has already closed.</summary>
public sealed class SurveyDowntimeTests : IDisposable
{
    static readonly DateTimeOffset Monday = new(2026, 3, 2, 15, 0, 0, TimeSpan.Zero); // Monday 09:00 in Chicago
    readonly SurveyRunnerUnderTest app = new(Monday.AddDays(-1));

    /// <summary>09:00 in Chicago on a later Monday: an hour earlier in UTC, as summer time began on 8 March.</summary>
    static DateTime MondayWeeksOn(int weeks) => Monday.UtcDateTime.AddDays(7 * weeks).AddHours(-1);

    [Fact]
    public void A_weekly_survey_HitBot_was_stopped_through_for_three_weeks_sends_tutors_only_the_run_open_now()
    {
        app.Person("cara", Roles.CentralTeam);
        var ana = app.Person("ana", Roles.Tutor);
        app.Surveys.Save(WeeklyRun(opens: Monday.UtcDateTime));

        var back = Monday.AddDays(21 + 2); // the Wednesday of the fourth week, its run's window
        app.Time.SetUtcNow(back);
        for (var look = 0; look < 6; look++) app.Runner.Look(back.UtcDateTime.AddMinutes(5 * look));

        var invitations = app.Surveys.RunsOf("pulse").Select(r => app.Outbox.Find($"{r.Campaign}:{ana.Id}")).OfType<Delivery>().ToList();
        var invited = Assert.Single(invitations);
        Assert.Equal($"survey:pulse-{MondayWeeksOn(3):yyyyMMddHHmm}:{ana.Id}", invited.Id);
        Assert.Equal(RunStatus.Open, app.Surveys.FindRun($"pulse-{MondayWeeksOn(3):yyyyMMddHHmm}")?.Status);
    }

    [Fact]
    public void A_one_off_survey_whose_whole_window_passed_while_HitBot_was_stopped_is_not_sent_and_not_counted_as_a_run()
    {
        var ana = app.Person("ana", Roles.Tutor);
        var run = WeeklyRun(opens: Monday.UtcDateTime) with { RepeatEveryWeeks = null };
        app.Surveys.Save(run);

        var back = Monday.AddDays(5);
        app.Time.SetUtcNow(back);
        app.Runner.Look(back.UtcDateTime);
        app.Runner.Look(back.UtcDateTime.AddMinutes(5));

        Assert.Null(app.Outbox.Find($"{run.Campaign}:{ana.Id}"));
        Assert.Empty(app.Outbox.ForCampaign(run.Campaign + ":reminders"));
        Assert.Equal(RunStatus.Cancelled, app.Surveys.FindRun(run.Id)?.Status);
    }

    [Fact]
    public void A_closed_runs_response_rate_outlives_its_invitations_pruned_after_RetentionDays()
    {
        var ana = app.Person("ana", Roles.Tutor);
        app.Person("ben", Roles.Tutor);
        var run = OpenedAnsweredByAndClosed(ana);

        // A year on, the daily retention pass deletes the invitations: they were finished long ago.
        app.Outbox.PruneFinishedBefore(app.Time.GetUtcNow().AddDays(400));
        var results = new SurveyResults(app.Surveys, new PeopleDirectory(app.Directory, app.Time), app.Outbox).For(app.Surveys.FindRun(run.Id)!);

        Assert.Equal((2, 1, 0.5), (results.Invited, results.Responses, results.ResponseRate));
    }

    [Fact]
    public void A_site_champions_results_keep_a_closed_run_asked_there_after_its_invitations_are_pruned_and_its_tutors_move()
    {
        var ana = app.Person("ana", Roles.Tutor, site: "lincoln", partner: "city-year");
        var ben = app.Person("ben", Roles.Tutor, site: "lincoln", partner: "city-year");
        app.Person("cy", Roles.Tutor, site: "garfield");
        var run = OpenedAnsweredByAndClosed(ana);

        // A year on: Ben has moved to Garfield, and the daily retention pass deletes the invitations.
        app.Directory.Save(app.Directory.Find(ben.Id)! with { Site = "garfield" });
        app.Outbox.PruneFinishedBefore(app.Time.GetUtcNow().AddDays(400));
        var people = new PeopleDirectory(app.Directory, app.Time);
        var sites = new SiteResults(app.Surveys, new SurveyResults(app.Surveys, people, app.Outbox), people, app.Outbox);

        // Lincoln's champion still sees the run, asked of the two who were at Lincoln then; Garfield's of its one.
        Assert.Equal([run.Id], sites.RunsFor("lincoln").Select(s => s.RunId));
        Assert.Equal(2, sites.RunsFor("lincoln")[0].Invited);
        Assert.Equal(1, sites.RunsFor("garfield")[0].Invited);
        Assert.Equal(2, sites.RunsFor(Slice.Partner("city-year"))[0].Invited);
    }

    [Fact]
    public void Who_did_not_answer_a_run_whose_invitations_were_pruned_keeps_its_counts_and_says_the_list_is_gone()
    {
        var ana = app.Person("ana", Roles.Tutor);
        app.Person("ben", Roles.Tutor);
        var run = OpenedAnsweredByAndClosed(ana);

        // A year on, the daily retention pass deletes the invitations: the results still say 2 invited, 1 answered.
        app.Outbox.PruneFinishedBefore(app.Time.GetUtcNow().AddDays(400));
        var missing = new NonResponders(app.Surveys, new PeopleDirectory(app.Directory, app.Time), app.Outbox).For(app.Surveys.FindRun(run.Id)!, 0, 50);

        Assert.Equal((2, 1, 1, true), (missing.Invited, missing.Answered, missing.NotAnswered, missing.Forgotten));
        Assert.Empty(missing.People!);
    }

    [Fact]
    public void A_survey_due_to_open_while_HitBot_was_down_opens_in_the_morning_when_HitBot_comes_back_at_night_and_stays_open_as_long()
    {
        var ana = app.Person("ana", Roles.Tutor);
        var run = WeeklyRun(opens: Monday.UtcDateTime) with { RepeatEveryWeeks = null };
        app.Surveys.Save(run);

        var night = Monday.AddHours(14); // 23:00 in Chicago: HitBot was down all day
        app.Time.SetUtcNow(night);
        app.Runner.Look(night.UtcDateTime);

        Assert.Null(app.Outbox.Find($"{run.Campaign}:{ana.Id}"));
        var morning = Monday.UtcDateTime.AddDays(1); // Tuesday 09:00
        var moved = app.Surveys.FindRun(run.Id)!;
        Assert.Equal((RunStatus.Scheduled, morning, run.ClosesAt.AddDays(1)), (moved.Status, moved.OpensAt, moved.ClosesAt));
        app.Time.SetUtcNow(morning);
        app.Runner.Look(morning);
        Assert.NotNull(app.Outbox.Find($"{run.Campaign}:{ana.Id}"));
    }

    [Fact]
    public void An_invitation_still_waiting_when_HitBot_stopped_is_not_sent_after_the_survey_closed_while_it_was_down()
    {
        var ana = app.Person("ana", Roles.Tutor);
        var run = WeeklyRun(opens: Monday.UtcDateTime) with { RepeatEveryWeeks = null };
        app.Surveys.Save(run);
        app.Time.SetUtcNow(Monday);
        app.Runner.Look(Monday.UtcDateTime); // the invitation is queued, then HitBot stops before it goes

        app.Restart();
        var back = Monday.AddDays(7);
        app.Time.SetUtcNow(back);
        app.Runner.Look(back.UtcDateTime);

        Assert.Equal(RunStatus.Closed, app.Surveys.FindRun(run.Id)?.Status);
        Assert.Equal(DeliveryState.Cancelled, app.Outbox.Find($"{run.Campaign}:{ana.Id}")?.State);
    }

    [Fact]
    public void A_missed_run_whose_skip_HitBot_stopped_anywhere_is_skipped_at_the_next_look_with_its_next_run_and_sends_nothing()
    {
        var stops = 0;
        var back = Monday.AddDays(5).UtcDateTime;
        for (var commit = 0; ; commit++)
        {
            using var app = new SurveyRunnerUnderTest(Monday.AddDays(5));
            var ana = app.Person("ana", Roles.Tutor);
            var run = WeeklyRun(opens: Monday.UtcDateTime);
            app.Surveys.Save(run);

            var stopped = app.StopsBeforeCommit(commit, runner => runner.Look(back));
            app.Runner.Look(back);

            var why = $"stopped before commit {commit}";
            Assert.True(app.Surveys.FindRun(run.Id)?.Status == RunStatus.Cancelled, why);
            Assert.True(app.Surveys.FindRun($"pulse-{MondayWeeksOn(1):yyyyMMddHHmm}")?.Status == RunStatus.Scheduled, why);
            Assert.True(app.Outbox.Find($"{run.Campaign}:{ana.Id}") is null, why);
            if (!stopped) break;
            stops++;
        }
        Assert.True(stops >= 2, $"only {stops} stopping points");
    }

    /// <summary>A one-off run opens on Monday, its invitations go, <paramref name="answerer"/> answers, and it closes.</summary>
    SurveyRun OpenedAnsweredByAndClosed(Person answerer)
    {
        var run = WeeklyRun(opens: Monday.UtcDateTime) with { RepeatEveryWeeks = null };
        app.Surveys.Save(run);
        app.Time.SetUtcNow(Monday);
        app.Runner.Look(Monday.UtcDateTime);
        foreach (var row in app.Outbox.ClaimDue(app.Time.GetUtcNow(), 100)) app.Outbox.MarkSent(row, new SentMessage("a:" + row.PersonId, "1"), app.Time.GetUtcNow());
        app.Answer(answerer, run);
        var closes = run.ClosesAt.AddMinutes(1);
        app.Time.SetUtcNow(closes);
        app.Runner.Look(closes);
        return run;
    }

    static SurveyRun WeeklyRun(DateTime opens) => new()
    {
        Id = $"pulse-{opens:yyyyMMddHHmm}", SurveyId = "pulse", Title = "Tutor retention pulse", Questions = RetentionPulse.Create("pulse", opens).Questions,
        Audience = new Audience { Roles = [Roles.Tutor] }, OpensAt = opens, ClosesAt = opens.AddDays(4), Status = RunStatus.Scheduled,
        RepeatEveryWeeks = 1, ReminderEveryDays = 2, MaxReminders = 1, CreatedAt = opens.AddDays(-7),
    };

    public void Dispose() => app.Dispose();
}
