using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;

namespace HitBot.Core.Tests.Surveys;

/// <summary>
/// Which reminders the survey runner's looks queue, over a real file. A look that finds nobody to remind now skips the
/// run until someone could be: these say when that is, and that nobody is skipped past it.
/// </summary>
public sealed class SurveyReminderLookTests : IDisposable
{
    static readonly DateTimeOffset Now = new(2026, 3, 4, 15, 0, 0, TimeSpan.Zero); // Wednesday 09:00 in Chicago
    /// <summary>The clock starts on Sunday 1 March and each look moves it on (<see cref="LookAt"/>).</summary>
    readonly SurveyRunnerUnderTest app = new(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));

    SurveyRun OpenPulse(DateTime opensAt, int maxReminders = 2)
    {
        var run = new SurveyRun
        {
            Id = "pulse-1", SurveyId = "pulse", Title = "Tutor retention pulse", Questions = RetentionPulse.Create("pulse", opensAt).Questions,
            Audience = new Audience { Roles = [Roles.Tutor] }, OpensAt = opensAt, ClosesAt = opensAt.AddDays(9),
            Status = RunStatus.Open, ReminderEveryDays = 3, MaxReminders = maxReminders, CreatedAt = opensAt.AddDays(-1),
        };
        app.Surveys.Save(run);
        // The tutors on the roster had their invitation when it opened (someone without one joined later and gets that).
        app.Outbox.EnqueueMany([.. app.Directory.All().Where(p => p.HasRole(Roles.Tutor)).Select(p =>
            Delivery.Send($"{run.Campaign}:{p.Id}", run.Campaign, p.Id, p.Identities[0], Message.Text("survey"), opensAt))]);
        return run;
    }

    /// <summary>A look of the survey runner at this time (UTC), with the clock there.</summary>
    void LookAt(DateTime utc)
    {
        app.Time.SetUtcNow(utc);
        app.Runner.Look(utc);
    }

    /// <summary>The dispatcher sends every message due by then.</summary>
    void SendWhatIsDue(DateTime utc)
    {
        app.Time.SetUtcNow(utc);
        foreach (var row in app.Outbox.ClaimDue(app.Time.GetUtcNow(), 100)) app.Outbox.MarkSent(row, new SentMessage("a:" + row.PersonId, "1"), app.Time.GetUtcNow());
    }

    List<string> Reminded(SurveyRun run) =>
        [.. app.Outbox.ForCampaign(run.Campaign + ":reminders").Select(d => d.Id).Order(StringComparer.Ordinal)];

    /// <summary>Ana's first reminder was due three days ago; her weekly limit moved it to tomorrow.</summary>
    void MoveFirstReminderToTomorrow(Person ana, SurveyRun run) =>
        app.Outbox.EnqueueMany([Delivery.Send($"{run.Campaign}:reminder1:ana", run.Campaign + ":reminders", ana.Id, ana.Identities[0],
            Message.Text("A friendly reminder"), Now.AddDays(-3)) with { DueAt = Now.UtcDateTime.AddDays(1), Budgeted = true }]);

    static DateTime Utc(int day, int hour, int minute = 0) => new(2026, 3, day, hour, minute, 0, DateTimeKind.Utc);

    /// <summary>
    /// "Every 3 days after opening" is three days on the program's clock. Counted in UTC hours, the reminder of a run opened
    /// on Friday 6 March at 18:30 in Chicago fell due at 19:30 on Monday, the clocks having gone forward on Sunday: past the
    /// daytime, so tutors had it on Tuesday morning instead of Monday evening (and a run opened at 09:00 reminded at 10:00).
    /// </summary>
    [Fact]
    public void A_reminder_comes_at_the_local_time_of_the_opening_after_the_clocks_go_forward()
    {
        app.Person("ana", Roles.Tutor);
        var run = OpenPulse(Utc(7, 0, 30)); // Friday 6 March, 18:30 standard time

        LookAt(Utc(9, 23, 30)); // Monday 9 March, 18:30 daylight time: three days on the program's clock, 71 hours

        Assert.Equal([$"{run.Campaign}:reminder1:ana"], Reminded(run));
    }

    [Fact]
    public void A_reminder_the_budget_moved_later_is_not_joined_by_the_next_one()
    {
        var ana = app.Person("ana", Roles.Tutor);
        app.Person("ben", Roles.Tutor);
        var run = OpenPulse(Now.UtcDateTime.AddDays(-6));
        MoveFirstReminderToTomorrow(ana, run);

        LookAt(Now.UtcDateTime); // the second reminder is due today

        Assert.Equal([$"{run.Campaign}:reminder1:ana", $"{run.Campaign}:reminder2:ben"], Reminded(run));
    }

    [Fact]
    public void The_next_reminder_goes_once_the_one_the_budget_moved_has_been_sent()
    {
        var ana = app.Person("ana", Roles.Tutor);
        app.Person("ben", Roles.Tutor);
        var run = OpenPulse(Now.UtcDateTime.AddDays(-6));
        MoveFirstReminderToTomorrow(ana, run);
        LookAt(Now.UtcDateTime);
        LookAt(Now.UtcDateTime.AddHours(5));

        SendWhatIsDue(Now.UtcDateTime.AddDays(1));
        LookAt(Now.UtcDateTime.AddDays(1).AddMinutes(5));

        Assert.Equal([$"{run.Campaign}:reminder1:ana", $"{run.Campaign}:reminder2:ana", $"{run.Campaign}:reminder2:ben"], Reminded(run));
    }

    [Fact]
    public void A_reminder_the_budget_moved_later_is_not_sent_once_the_tutor_has_answered()
    {
        var ana = app.Person("ana", Roles.Tutor);
        var run = OpenPulse(Now.UtcDateTime.AddDays(-4));
        MoveFirstReminderToTomorrow(ana, run);

        app.Time.SetUtcNow(Now);
        app.Answer(ana, run);
        SendWhatIsDue(Now.UtcDateTime.AddDays(1));

        var reminder = Assert.Single(app.Outbox.ForCampaign(run.Campaign + ":reminders"));
        Assert.Equal(DeliveryState.Cancelled, reminder.State);
    }

    /// <summary>
    /// Ana presses "Send my answers" while the look that reminds everyone is under way: after it read who had answered, before
    /// it queued her reminder. The reminder went minutes after her thank-you, asking for what she had just given.
    /// </summary>
    [Fact]
    public void A_tutor_who_answers_while_the_reminders_are_being_queued_gets_no_reminder()
    {
        var ana = app.Person("ana", Roles.Tutor);
        var run = OpenPulse(Now.UtcDateTime.AddDays(-4));
        app.Time.SetUtcNow(Now);
        var answered = false;
        app.Db.BeforeEachCommit(() =>
        {
            if (answered) return;
            answered = true;
            app.Answer(ana, run);
        });
        app.Runner.Look(Now.UtcDateTime);
        app.Db.BeforeEachCommit(null);
        SendWhatIsDue(Now.UtcDateTime.AddMinutes(1));

        Assert.True(answered);
        Assert.Single(app.Surveys.ResponsesTo(run.Id));
        Assert.All(app.Outbox.ForCampaign(run.Campaign + ":reminders"), reminder => Assert.Equal(DeliveryState.Cancelled, reminder.State));
    }

    /// <summary>
    /// A tutor added to the roster after the run opened is reached when the others are reminded, with the invitation itself:
    /// a "Reminder:" of a survey they never got puzzled them, and their answer counted against an invited number that left
    /// them out.
    /// </summary>
    [Fact]
    public void A_tutor_who_joined_after_the_run_opened_gets_the_invitation_itself_and_counts_as_invited()
    {
        app.Person("ana", Roles.Tutor);
        var run = OpenPulse(Now.UtcDateTime.AddDays(-4));
        app.Person("zoe", Roles.Tutor);

        LookAt(Now.UtcDateTime);
        LookAt(Now.UtcDateTime.AddHours(1));

        Assert.Equal([$"{run.Campaign}:reminder1:ana"], Reminded(run));
        var invitation = Assert.Single(app.Outbox.ForCampaign(run.Campaign), d => d.PersonId == "zoe");
        Assert.DoesNotContain("reminder", invitation.MessageJson, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("zoe", app.Outbox.PeopleOf(run.Campaign));
    }

    /// <summary>
    /// A tutor added after the last reminder went out was never asked: the joiners were found only when a reminder fell due,
    /// and none was left. They get the invitation at the next look, and nobody else hears anything.
    /// </summary>
    [Fact]
    public void A_tutor_who_joins_after_the_last_reminder_gets_the_invitation_at_the_next_look()
    {
        app.Person("ana", Roles.Tutor);
        var run = OpenPulse(Now.UtcDateTime.AddDays(-6)); // its second and last reminder is due today
        LookAt(Now.UtcDateTime);
        app.Person("zoe", Roles.Tutor);

        LookAt(Now.UtcDateTime.AddMinutes(5));

        Assert.Equal([$"{run.Campaign}:reminder2:ana"], Reminded(run));
        var invitation = Assert.Single(app.Outbox.ForCampaign(run.Campaign), d => d.PersonId == "zoe");
        Assert.DoesNotContain("reminder", invitation.MessageJson, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_tutor_who_joins_a_run_without_reminders_gets_the_invitation()
    {
        app.Person("ana", Roles.Tutor);
        var run = OpenPulse(Now.UtcDateTime.AddDays(-4), maxReminders: 0);
        LookAt(Now.UtcDateTime);
        app.Person("zoe", Roles.Tutor);

        LookAt(Now.UtcDateTime.AddMinutes(5));

        Assert.Empty(Reminded(run));
        Assert.Equal(["ana", "zoe"], app.Outbox.ForCampaign(run.Campaign).Select(d => d.PersonId).Order(StringComparer.Ordinal));
    }

    /// <summary>Added the day after the run opened, a tutor waited for the first reminder, two days later, to be asked at all.</summary>
    [Fact]
    public void A_tutor_who_joins_before_the_first_reminder_is_invited_at_the_next_look_not_with_the_reminder()
    {
        app.Person("ana", Roles.Tutor);
        var run = OpenPulse(Now.UtcDateTime.AddDays(-1));
        LookAt(Now.UtcDateTime);
        app.Person("zoe", Roles.Tutor);

        LookAt(Now.UtcDateTime.AddMinutes(5));

        Assert.Empty(Reminded(run));
        Assert.Single(app.Outbox.ForCampaign(run.Campaign), d => d.PersonId == "zoe");
    }

    /// <summary>A joiner an older HitBot reached with a reminder has had the card: no invitation on top of it after an upgrade.</summary>
    [Fact]
    public void A_tutor_who_joined_and_was_already_reminded_gets_the_next_reminder_not_a_second_card()
    {
        app.Person("ana", Roles.Tutor);
        var run = OpenPulse(Now.UtcDateTime.AddDays(-6));
        var zoe = app.Person("zoe", Roles.Tutor);
        app.Outbox.EnqueueMany([Delivery.Send($"{run.Campaign}:reminder1:zoe", run.Campaign + ":reminders", zoe.Id, zoe.Identities[0],
            Message.Text("A friendly reminder"), Now.UtcDateTime.AddDays(-3))]);
        SendWhatIsDue(Now.UtcDateTime);

        LookAt(Now.UtcDateTime); // the second reminder is due today

        Assert.DoesNotContain(app.Outbox.ForCampaign(run.Campaign), d => d.PersonId == "zoe");
        Assert.Contains($"{run.Campaign}:reminder2:zoe", Reminded(run));
    }

    [Fact]
    public void A_tutor_who_joined_at_night_gets_the_invitation_at_nine_their_time()
    {
        app.Person("ana", Roles.Tutor);
        var run = OpenPulse(Now.UtcDateTime.AddDays(-4));
        app.Person("zoe", Roles.Tutor);

        LookAt(Now.UtcDateTime.AddHours(-12)); // 21:00 in Chicago the evening before
        var atNight = app.Outbox.ForCampaign(run.Campaign).Count(d => d.PersonId == "zoe");
        LookAt(Now.UtcDateTime);

        Assert.Equal((0, 1), (atNight, app.Outbox.ForCampaign(run.Campaign).Count(d => d.PersonId == "zoe")));
    }

    [Fact]
    public void A_reminder_tells_a_tutor_whose_partner_has_a_lead_that_the_lead_sees_their_name_and_the_others_not()
    {
        app.Person("ana", Roles.Tutor, partner: "citytutors");
        app.Person("ben", Roles.Tutor, partner: "readcorps");
        app.Person("pia", Roles.PartnerLead, partner: "citytutors");
        var run = OpenPulse(Utc(2, 15), maxReminders: 1);

        LookAt(Utc(5, 15));

        var cards = app.Outbox.ForCampaign(run.Campaign + ":reminders").ToDictionary(d => d.PersonId ?? "", d => d.MessageJson);
        Assert.Contains("your site champion, your partner lead and the central team see your name", cards["ana"], StringComparison.Ordinal);
        Assert.Contains("your site champion and the central team see your name", cards["ben"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_reminder_that_falls_due_at_night_goes_at_nine_the_next_morning()
    {
        app.Person("ana", Roles.Tutor);
        app.Person("ben", Roles.Tutor);
        var run = OpenPulse(Utc(2, 3), maxReminders: 1); // Sunday 21:00 in Chicago: the reminder is due Wednesday 21:00

        foreach (var at in new[] { Utc(5, 3), Utc(5, 3, 5), Utc(5, 9), Utc(5, 14, 55) }) LookAt(at);
        var atNight = Reminded(run);
        LookAt(Utc(5, 15));                                 // Thursday 09:00 in Chicago

        Assert.Empty(atNight);
        Assert.Equal([$"{run.Campaign}:reminder1:ana", $"{run.Campaign}:reminder1:ben"], Reminded(run));
    }

    [Fact]
    public void The_second_reminder_goes_on_the_first_working_morning_after_it_falls_due_once_everyone_had_the_first()
    {
        app.Person("ana", Roles.Tutor);
        app.Person("ben", Roles.Tutor);
        var run = OpenPulse(Utc(2, 15));                    // Monday 09:00 in Chicago: reminders due Thursday and Sunday

        LookAt(Utc(5, 15));
        SendWhatIsDue(Utc(5, 15, 1));
        foreach (var at in new[] { Utc(5, 15, 5), Utc(8, 14), Utc(8, 15), Utc(8, 20), Utc(9, 13, 55) }) LookAt(at);
        var overTheWeekend = Reminded(run);
        LookAt(Utc(9, 14));                                 // Monday 09:00 in Chicago (summer time since Sunday)

        Assert.Equal([$"{run.Campaign}:reminder1:ana", $"{run.Campaign}:reminder1:ben"], overTheWeekend);
        Assert.Equal([$"{run.Campaign}:reminder1:ana", $"{run.Campaign}:reminder1:ben", $"{run.Campaign}:reminder2:ana", $"{run.Campaign}:reminder2:ben"],
            Reminded(run));
    }

    [Fact]
    public void A_tutor_in_Los_Angeles_gets_the_reminder_at_nine_their_time_after_those_in_Chicago_had_theirs()
    {
        app.Person("ana", Roles.Tutor);
        app.Directory.Save(app.Person("ben", Roles.Tutor) with { TimeZone = "America/Los_Angeles" });
        var run = OpenPulse(Utc(2, 15), maxReminders: 1); // Monday 09:00 in Chicago: the reminder is due Thursday 09:00

        LookAt(Utc(5, 15));
        var chicago = Reminded(run);
        foreach (var at in new[] { Utc(5, 15, 5), Utc(5, 16, 55) }) LookAt(at);
        var beforeNineInLosAngeles = Reminded(run);
        LookAt(Utc(5, 17));                                 // 09:00 in Los Angeles

        Assert.Equal([$"{run.Campaign}:reminder1:ana"], chicago);
        Assert.Equal(chicago, beforeNineInLosAngeles);
        Assert.Equal([$"{run.Campaign}:reminder1:ana", $"{run.Campaign}:reminder1:ben"], Reminded(run));
    }

    [Fact]
    public void A_tutor_who_joined_a_check_in_mid_week_is_reminded_three_days_after_their_card_though_the_others_were_reminded_before()
    {
        // Both in their second week in the week of 2 March: Ana from Monday's opening, Ivy added to the roster on Tuesday.
        app.Person("ana", Roles.Tutor, startDate: new DateOnly(2026, 2, 23));
        LookAt(Utc(2, 15));
        app.Person("ivy", Roles.Tutor, startDate: new DateOnly(2026, 2, 24));
        LookAt(Utc(3, 15));
        var run = app.Surveys.FindRun(EarlyCheckIn.RunId(2, new DateOnly(2026, 3, 2)))!;

        foreach (var at in new[] { Utc(5, 15), Utc(5, 15, 5), Utc(6, 14, 55) }) LookAt(at); // Thursday 09:00 to Friday 08:55
        var beforeIvysTurn = Reminded(run);
        LookAt(Utc(6, 15));                                 // Friday 09:00, three days after Ivy's card

        Assert.Equal([$"{run.Campaign}:reminder1:ana"], beforeIvysTurn);
        Assert.Equal([$"{run.Campaign}:reminder1:ana", $"{run.Campaign}:reminder1:ivy"], Reminded(run));
    }

    public void Dispose() => app.Dispose();
}
