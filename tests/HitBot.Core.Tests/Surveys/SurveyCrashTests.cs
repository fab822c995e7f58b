using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;

namespace HitBot.Core.Tests.Surveys;

/// <summary>
/// The survey runner stopped before each of its writes in turn, as a crash would, and started again: whatever the
/// stopping point, the next look leaves what an uninterrupted one would, and nothing is sent twice.
/// </summary>
public sealed class SurveyCrashTests
{
    static readonly DateTimeOffset Now = new(2026, 3, 4, 15, 0, 0, TimeSpan.Zero); // Wednesday 09:00 in Chicago

    /// <summary>The same hour in Chicago two weeks on: an hour earlier in UTC, as summer time began on 8 March.</summary>
    static DateTime TwoWeeksOn(DateTime utc) => utc.AddDays(14).AddHours(-1);

    /// <summary>A fortnightly pulse just past its closing time, with a reminder the message budget moved past it.</summary>
    static (SurveyRun Run, Delivery Deferred) ClosingRun(SurveyRunnerUnderTest app)
    {
        app.Person("cara", Roles.CentralTeam);
        var ana = app.Person("ana", Roles.Tutor);
        app.Person("ben", Roles.Tutor);
        var closes = Now.UtcDateTime.AddMinutes(-1);
        var run = new SurveyRun
        {
            Id = "pulse-1", SurveyId = "pulse", Title = "Tutor retention pulse", Questions = RetentionPulse.Create("pulse", closes).Questions,
            Audience = new Audience { Roles = [Roles.Tutor] }, OpensAt = closes.AddDays(-7), ClosesAt = closes, Status = RunStatus.Open,
            RepeatEveryWeeks = 2, ReminderEveryDays = 0, CreatedAt = closes.AddDays(-7),
        };
        app.Surveys.Save(run);
        var deferred = Delivery.Send($"{run.Campaign}:reminder1:ana", run.Campaign + ":reminders", ana.Id, ana.Identities[0],
            Message.Text("A friendly reminder"), Now) with { DueAt = Now.UtcDateTime.AddDays(1) };
        app.Outbox.EnqueueMany([deferred]);
        return (run, deferred);
    }

    /// <summary>
    /// Ana's answer saved, HitBot stopped before each later write of it in turn: the reminder her weekly limit moved to
    /// tomorrow must not ask her again once HitBot is back. The answer cancels it in a write of its own; the first look
    /// after the start finishes that.
    /// </summary>
    [Fact]
    public void An_answer_HitBot_stopped_anywhere_leaves_no_reminder_waiting_for_her_after_the_next_look()
    {
        var stops = 0;
        for (var commit = 0; ; commit++)
        {
            using var app = new SurveyRunnerUnderTest(Now);
            var ana = app.Person("ana", Roles.Tutor);
            var opens = Now.UtcDateTime.AddDays(-4);
            var run = new SurveyRun
            {
                Id = "pulse-1", SurveyId = "pulse", Title = "Tutor retention pulse", Questions = RetentionPulse.Create("pulse", opens).Questions,
                Audience = new Audience { Roles = [Roles.Tutor] }, OpensAt = opens, ClosesAt = opens.AddDays(9), Status = RunStatus.Open,
                ReminderEveryDays = 3, MaxReminders = 2, CreatedAt = opens,
            };
            app.Surveys.Save(run);
            var deferred = Delivery.Send($"{run.Campaign}:reminder1:ana", run.Campaign + ":reminders", ana.Id, ana.Identities[0],
                Message.Text("A friendly reminder"), Now) with { DueAt = Now.UtcDateTime.AddDays(1) };
            app.Outbox.EnqueueMany([Delivery.Send($"{run.Campaign}:ana", run.Campaign, ana.Id, ana.Identities[0], Message.Text("survey"), opens), deferred]);

            var stopped = app.StopsBeforeCommit(commit, _ => app.Answer(ana, run));
            var answered = app.Surveys.ResponseIdsTo(run.Id).Count == 1;
            app.Runner.Look(Now.UtcDateTime);

            var reminder = app.Outbox.Find(deferred.Id)?.State;
            Assert.True(!answered || reminder == DeliveryState.Cancelled, $"stopped before commit {commit}: the reminder of someone who answered is {reminder}");
            if (!stopped) break;
            stops++;
        }
        Assert.True(stops >= 2, $"only {stops} stopping points");
    }

    [Fact]
    public void A_repeating_survey_whose_close_HitBot_stopped_anywhere_is_closed_at_the_next_look_with_its_next_run_and_no_reminder_left()
    {
        var stops = 0;
        for (var commit = 0; ; commit++)
        {
            using var app = new SurveyRunnerUnderTest(Now);
            var (run, deferred) = ClosingRun(app);

            var stopped = app.StopsBeforeCommit(commit, runner => runner.Look(Now.UtcDateTime));
            app.Runner.Look(Now.UtcDateTime);

            var why = $"stopped before commit {commit}";
            Assert.True(app.Surveys.FindRun(run.Id)?.Status == RunStatus.Closed, why);
            var next = app.Surveys.FindRun($"pulse-{TwoWeeksOn(run.OpensAt):yyyyMMddHHmm}");
            Assert.True(next?.Status == RunStatus.Scheduled, $"{why}: the next run is {next?.Status.ToString() ?? "missing"}");
            var reminder = app.Outbox.Find(deferred.Id)?.State;
            Assert.True(reminder == DeliveryState.Cancelled, $"{why}: the reminder moved past the close is {reminder}");
            Assert.True(app.Outbox.ForCampaign(run.Campaign + ":summary").Count == 1, why);
            if (!stopped) break;
            stops++;
        }
        Assert.True(stops >= 4, $"only {stops} stopping points");
    }

    [Fact]
    public void A_Close_now_that_HitBot_stopped_anywhere_closes_the_run_at_the_time_pressed_and_its_series_keeps_its_dates()
    {
        var stops = 0;
        for (var commit = 0; ; commit++)
        {
            using var app = new SurveyRunnerUnderTest(Now);
            var (planned, _) = ClosingRun(app);
            var run = planned with { ClosesAt = Now.UtcDateTime.AddDays(3) }; // three days left when Cara presses Close now
            app.Surveys.Save(run);

            var stopped = app.StopsBeforeCommit(commit, runner => runner.CloseNow(run.Id));
            var why = $"stopped before commit {commit}";
            var after = app.Surveys.FindRun(run.Id)!;
            // Stopped before its first write, nothing shows that Close now was pressed, and Cara presses again. After it (the
            // summary may have gone out), nobody needs to: the run takes no more answers and the next look, at most five
            // minutes on, finishes the close.
            if (commit == 0) app.Runner.CloseNow(run.Id);
            else Assert.False(after.IsOpenAt(Now.UtcDateTime), $"{why}: still taking answers");
            app.Runner.Look(Now.UtcDateTime.AddMinutes(5));

            var closed = app.Surveys.FindRun(run.Id);
            Assert.True(closed is { Status: RunStatus.Closed } && closed.ClosesAt == Now.UtcDateTime, $"{why}: {closed?.Status} at {closed?.ClosesAt:u}");
            var next = app.Surveys.FindRun($"pulse-{TwoWeeksOn(run.OpensAt):yyyyMMddHHmm}");
            Assert.True(next?.ClosesAt == TwoWeeksOn(run.ClosesAt), $"{why}: the next run closes at {next?.ClosesAt:u}");
            Assert.True(app.Outbox.ForCampaign(run.Campaign + ":summary").Count == 1, why);
            if (!stopped) break;
            stops++;
        }
        Assert.True(stops >= 4, $"only {stops} stopping points");
    }

    [Fact]
    public void A_cancel_that_HitBot_stopped_anywhere_leaves_no_invitation_or_reminder_to_send_after_the_next_look()
    {
        var stops = 0;
        for (var commit = 0; ; commit++)
        {
            using var app = new SurveyRunnerUnderTest(Now);
            app.Person("ana", Roles.Tutor);
            app.Person("ben", Roles.Tutor);
            var run = new SurveyRun
            {
                Id = "pulse-1", SurveyId = "pulse", Title = "Tutor retention pulse", Questions = RetentionPulse.Create("pulse", Now.UtcDateTime).Questions,
                Audience = new Audience { Roles = [Roles.Tutor] }, OpensAt = Now.UtcDateTime.AddDays(-4), ClosesAt = Now.UtcDateTime.AddDays(3),
                Status = RunStatus.Scheduled, ReminderEveryDays = 3, CreatedAt = Now.UtcDateTime.AddDays(-5),
            };
            app.Surveys.Save(run);
            // Opened four days ago: the invitations wait in the outbox (the dispatcher is not running here).
            app.Runner.Look(Now.UtcDateTime.AddDays(-4));

            var stopped = app.StopsBeforeCommit(commit, runner => runner.Cancel(run.Id));
            // Stopped before the cancel was saved, the run is still open on the dashboard, and the coordinator presses
            // Cancel again; saved, it is not (and Cancel again would be refused): the next look must finish it alone.
            if (app.Surveys.FindRun(run.Id)?.Status != RunStatus.Cancelled) app.Runner.Cancel(run.Id);
            app.Runner.Look(Now.UtcDateTime);

            var why = $"stopped before commit {commit}";
            var rows = app.Outbox.ForCampaign(run.Campaign).Concat(app.Outbox.ForCampaign(run.Campaign + ":reminders")).ToList();
            Assert.True(rows.Count == 2, $"{why}: {rows.Count} messages");
            Assert.True(rows.All(d => d.State == DeliveryState.Cancelled), $"{why}: {string.Join(", ", rows.Select(d => $"{d.Id} {d.State}"))}");
            Assert.Equal(RunStatus.Cancelled, app.Surveys.FindRun(run.Id)?.Status);
            if (!stopped) break;
            stops++;
        }
        Assert.True(stops >= 3, $"only {stops} stopping points");
    }

    [Fact]
    public void A_tutor_joining_an_early_check_in_gets_its_card_once_wherever_HitBot_stopped()
    {
        var stops = 0;
        for (var commit = 0; ; commit++)
        {
            using var app = new SurveyRunnerUnderTest(Now);
            // Both started the week of 23 February: this is their second week, so the week-2 check-in is theirs.
            app.Person("ana", Roles.Tutor, startDate: new DateOnly(2026, 2, 23));
            app.Runner.Look(Now.UtcDateTime.AddDays(-2));
            var ivy = app.Person("ivy", Roles.Tutor, startDate: new DateOnly(2026, 2, 24));

            var stopped = app.StopsBeforeCommit(commit, runner => runner.Look(Now.UtcDateTime));
            app.Runner.Look(Now.UtcDateTime);

            var why = $"stopped before commit {commit}";
            var run = app.Surveys.FindRun(EarlyCheckIn.RunId(2, new DateOnly(2026, 3, 2)));
            Assert.True(run?.Audience.People.Contains(ivy.Id) == true, $"{why}: Ivy is not in the run");
            var cards = app.Outbox.WithKeyPrefix("survey:" + run!.Id).Where(d => d.PersonId == ivy.Id).Select(d => d.Id).ToList();
            Assert.True(cards.SequenceEqual([$"{run.Campaign}:{ivy.Id}"]), $"{why}: Ivy's messages are [{string.Join(", ", cards)}]");
            if (!stopped) break;
            stops++;
        }
        Assert.True(stops >= 2, $"only {stops} stopping points");
    }
}
