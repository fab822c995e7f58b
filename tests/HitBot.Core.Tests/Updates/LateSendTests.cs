using HitBot.Core.Calendar;
using HitBot.Core.Directory;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Updates;

namespace HitBot.Core.Tests.Updates;

/// <summary>
/// What fell due while HitBot was down goes when it starts again, late, but not in the night: a tutor's phone does not
/// buzz with a newsletter at 23:00 because the server came back then.
/// </summary>
public sealed class LateSendTests : IDisposable
{
    static readonly DateTime MondayEight = new(2026, 3, 2, 14, 0, 0, DateTimeKind.Utc); // 08:00 in Chicago
    static readonly DateTime MondayEleven = new(2026, 3, 3, 5, 0, 0, DateTimeKind.Utc); // 23:00 in Chicago
    static readonly DateTime TuesdayNine = new(2026, 3, 3, 15, 0, 0, DateTimeKind.Utc); // 09:00 in Chicago
    readonly UpdatesUnderTest app = new(new DateTimeOffset(MondayEight.AddDays(-1)));

    public LateSendTests() => app.Person("ana", Roles.Tutor);

    public void Dispose() => app.Dispose();

    [Fact]
    public void A_scheduled_update_HitBot_was_down_for_waits_until_the_morning_when_HitBot_starts_again_at_night()
    {
        var schedule = new UpdateSchedule { At = MondayEight };
        app.Updates.Save(app.Draft("u1", new Audience { Roles = [Roles.Tutor] }, schedule) with { NextAt = MondayEight });

        app.Time.SetUtcNow(MondayEleven); // down from before 08:00 until 23:00
        app.Look();

        Assert.Empty(app.Outbox.ForCampaign("update:u1"));
        Assert.Equal(TuesdayNine, app.Updates.Find("u1")?.NextAt);
        app.Time.SetUtcNow(TuesdayNine);
        app.Look();
        Assert.Single(app.Outbox.ForCampaign("update:u1"));
        Assert.Equal(UpdateStatus.Sent, app.Updates.Find("u1")?.Status);
    }

    [Fact]
    public void A_scheduled_update_HitBot_was_down_for_goes_at_once_when_HitBot_starts_again_in_the_day_and_one_set_for_the_evening_goes_then()
    {
        app.Updates.Save(app.Draft("late", new Audience { Roles = [Roles.Tutor] }, new UpdateSchedule { At = MondayEight }) with { NextAt = MondayEight });
        var evening = MondayEight.AddHours(13); // 21:00, as the coordinator chose
        app.Updates.Save(app.Draft("evening", new Audience { Roles = [Roles.Tutor] }, new UpdateSchedule { At = evening }) with { NextAt = evening });

        app.Time.SetUtcNow(MondayEight.AddHours(3)); // back at 11:00
        app.Look();
        app.Time.SetUtcNow(evening);
        app.Look();

        Assert.Single(app.Outbox.ForCampaign("update:late"));
        Assert.Single(app.Outbox.ForCampaign("update:evening"));
    }

    [Fact]
    public void A_newsletter_series_slot_HitBot_was_down_for_sends_its_issue_in_the_morning_and_keeps_its_weekly_slot()
    {
        app.Series.Save(new UpdateSeries
        {
            Id = "s1", Name = "Tutor newsletter", Rhythm = SeriesRhythm.Weekly, Slot = new WeeklySlot(DayOfWeek.Monday, new TimeOnly(8, 0)),
            Audience = new Audience { Roles = [Roles.Tutor] }, StartsOn = new DateOnly(2026, 3, 1), CreatedAt = MondayEight.AddDays(-2), NextAt = MondayEight,
        });
        app.Draft("issue-1", new Audience { Roles = [Roles.Tutor] }, seriesId: "s1", position: 1);

        app.Time.SetUtcNow(MondayEleven);
        app.Look();
        Assert.Equal(UpdateStatus.Draft, app.Updates.Find("issue-1")?.Status);

        app.Time.SetUtcNow(TuesdayNine);
        app.Look();
        Assert.Equal(UpdateStatus.Sent, app.Updates.Find("issue-1")?.Status);
        Assert.Equal(MondayEight.AddDays(7).AddHours(-1), app.Series.Find("s1")?.NextAt); // next Monday 08:00, daylight time
    }

    [Fact]
    public void A_weekly_update_HitBot_stopped_right_after_queueing_and_found_at_night_does_not_reach_anyone_twice()
    {
        var weekly = new UpdateSchedule { Weekly = new WeeklySlot(DayOfWeek.Monday, new TimeOnly(8, 0)) };
        app.Updates.Save(app.Draft("u1", new Audience { Roles = [Roles.Tutor] }, weekly) with { NextAt = MondayEight });
        // What a stop right after Monday's copies were queued leaves: the copies, and the schedule not moved on yet.
        app.Time.SetUtcNow(MondayEight);
        app.Sender.Queue(app.Updates.Find("u1")!, MondayEight);

        app.Time.SetUtcNow(MondayEleven); // back at 23:00: the rest of Monday's occurrence waits for the morning
        app.Look();
        app.Time.SetUtcNow(TuesdayNine);
        app.Look();

        // Ana's copy of Monday's newsletter is her copy: Tuesday morning's finish did not queue her a second one.
        Assert.Single(app.Outbox.ForCampaign("update:u1"));
        Assert.Equal(["2026-03-02"], app.Updates.Find("u1")?.SentWeeks);
        Assert.Equal(MondayEight.AddDays(7).AddHours(-1), app.Updates.Find("u1")?.NextAt); // next Monday 08:00, daylight time
    }

    [Fact]
    public void The_rest_of_a_send_HitBot_stopped_partway_before_a_break_waits_for_the_first_working_day_after_it()
    {
        // Spring break is Monday 9 to Friday 13 March. On Friday 6 March at 16:00 the coordinator pressed Send; HitBot
        // stopped before the copies were queued, and is back on the Tuesday of the break at 10:00.
        Assert.NotNull(app.Calendar.Add(new CalendarEntryInput("Spring break", "break", "2026-03-09", "2026-03-13")).Entry);
        app.Person("ben", Roles.Tutor);
        var friday = new DateTime(2026, 3, 6, 22, 0, 0, DateTimeKind.Utc);
        app.Time.SetUtcNow(friday);
        app.Updates.Save(app.Draft("u1", new Audience { Roles = [Roles.Tutor] }) with { SendingSince = friday });

        app.Time.SetUtcNow(new DateTime(2026, 3, 10, 15, 0, 0, DateTimeKind.Utc));
        var wake = app.Look();

        // Nothing non-urgent goes during a pause: Ben's copy is not queued in the break, and the dashboard's held list says
        // when it goes.
        Assert.Null(app.Outbox.Find("update:u1:ben"));
        var afterBreak = new DateTime(2026, 3, 16, 14, 0, 0, DateTimeKind.Utc); // Monday 16 March, 09:00 in Chicago
        Assert.Equal(afterBreak, wake?.UtcDateTime);
        Assert.Contains(app.Held.Latest(), h => h.SubjectId == "u1" && h.GoesAt == afterBreak);
        app.Time.SetUtcNow(afterBreak);
        app.Look();
        Assert.NotNull(app.Outbox.Find("update:u1:ben"));
        Assert.Equal(UpdateStatus.Sent, app.Updates.Find("u1")?.Status);
    }

    [Fact]
    public void The_rest_of_a_series_issue_HitBot_stopped_partway_before_a_break_waits_for_the_first_working_day_after_it()
    {
        // Spring break is Monday 9 to Friday 13 March. The series' Friday 6 March slot, 16:00 in Chicago, began sending
        // issue-1 and HitBot stopped before Ben's copy was queued; it is back on the Tuesday of the break at 10:00.
        Assert.NotNull(app.Calendar.Add(new CalendarEntryInput("Spring break", "break", "2026-03-09", "2026-03-13")).Entry);
        app.Person("ben", Roles.Tutor);
        var friday = new DateTime(2026, 3, 6, 22, 0, 0, DateTimeKind.Utc);
        app.Series.Save(new UpdateSeries
        {
            Id = "s1", Name = "Tutor newsletter", Rhythm = SeriesRhythm.Weekly, Slot = new WeeklySlot(DayOfWeek.Friday, new TimeOnly(16, 0)),
            Audience = new Audience { Roles = [Roles.Tutor] }, StartsOn = new DateOnly(2026, 3, 1), CreatedAt = friday.AddDays(-7),
            NextAt = friday, PendingIssue = "issue-1",
        });
        app.Draft("issue-1", new Audience { Roles = [Roles.Tutor] }, seriesId: "s1", position: 1);

        app.Time.SetUtcNow(new DateTime(2026, 3, 10, 15, 0, 0, DateTimeKind.Utc));
        app.Look();

        // Nothing non-urgent goes during a pause: Ben's copy waits for Monday 16 March, 09:00, and the held list says so.
        Assert.Empty(app.Outbox.ForCampaign("update:issue-1"));
        var afterBreak = new DateTime(2026, 3, 16, 14, 0, 0, DateTimeKind.Utc);
        Assert.Contains(app.Held.Latest(), h => h.SubjectId == "issue-1" && h.GoesAt == afterBreak);
        app.Time.SetUtcNow(afterBreak);
        app.Look();
        Assert.Equal(2, app.Outbox.ForCampaign("update:issue-1").Count);
        Assert.Equal(new DateTime(2026, 3, 20, 21, 0, 0, DateTimeKind.Utc), app.Series.Find("s1")?.NextAt); // Friday 20 March, 16:00
    }
}
