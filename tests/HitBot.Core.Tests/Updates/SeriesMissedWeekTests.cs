using HitBot.Core.Calendar;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Updates;

namespace HitBot.Core.Tests.Updates;

/// <summary>
/// A coordinator who promised tutors a weekly update learns of a week that got none. A slot fired while nothing was queued
/// and nobody had been warned the day before (HitBot was not running then), and the slots that went by while HitBot was
/// down (one issue goes late, the other weeks get none), passed without a word to anyone.
/// </summary>
public sealed class SeriesMissedWeekTests
{
    static readonly DateTime FirstMonday = new(2026, 3, 2, 14, 0, 0, DateTimeKind.Utc); // 08:00 in Chicago, standard time

    static UpdatesUnderTest WeeklySeries(DateTimeOffset now)
    {
        var app = new UpdatesUnderTest(now);
        app.Person("ana", Roles.Tutor);
        app.Person("lena", Roles.CentralTeam);
        app.Series.Save(new UpdateSeries
        {
            Id = "s1", Name = "Tutor newsletter", Rhythm = SeriesRhythm.Weekly, Slot = new WeeklySlot(DayOfWeek.Monday, new TimeOnly(8, 0)),
            Audience = new Audience { Roles = [Roles.Tutor] }, StartsOn = new DateOnly(2026, 3, 1), CreatedAt = now.UtcDateTime, NextAt = FirstMonday,
        });
        return app;
    }

    static string TextOf(HitBot.Core.Messaging.Outbox.Delivery notice) =>
        string.Join(" ", MessageJson.Deserialize(notice.MessageJson).Card.Body.OfType<TextBlock>().Select(t => t.Markdown));

    [Fact]
    public void The_weeks_that_went_by_while_HitBot_was_down_are_told_to_the_central_team_when_it_is_back()
    {
        using var app = WeeklySeries(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        app.Draft("issue1", new Audience(), seriesId: "s1", position: 1);
        app.Draft("issue2", new Audience(), seriesId: "s1", position: 2);
        app.Look();

        // Down from Sunday until Wednesday 11 March, 10:00 in Chicago: past the slots of 2 and 9 March.
        app.Time.SetUtcNow(new DateTimeOffset(2026, 3, 11, 15, 0, 0, TimeSpan.Zero));
        app.Look();
        app.Look();

        Assert.Single(app.Outbox.ForCampaign("update:issue1"), d => d.PersonId == "ana");
        Assert.Empty(app.Outbox.ForCampaign("update:issue2"));
        var notice = Assert.Single(app.Outbox.ForCampaign("series-missed:s1"));
        Assert.Equal("lena", notice.PersonId);
        Assert.Contains("No issue of **Tutor newsletter** went out for the slot of Monday 9 March", TextOf(notice), StringComparison.Ordinal);
        Assert.DoesNotContain("2 March", TextOf(notice), StringComparison.Ordinal);
    }

    /// <summary>
    /// The chat notice is read once, or not at all: the series keeps every week that got no issue, for its dashboard page.
    /// A week warned of the day before got none either; a week in spring break sent nothing by design and is not one.
    /// </summary>
    [Fact]
    public void The_series_keeps_every_week_that_got_no_issue_but_not_a_week_in_a_break()
    {
        // HitBot starts on Monday 2 March 10:00 in Chicago, after the slot, with nothing queued.
        using var app = WeeklySeries(new DateTimeOffset(FirstMonday.AddHours(2)));
        Assert.NotNull(app.Calendar.Add(new CalendarEntryInput("Spring break", "break", "2026-03-16", "2026-03-20")).Entry);
        app.Look();
        // Warned on Sunday 8 March; Monday 9 March (summer time: 08:00 is 13:00 UTC) sends nothing.
        app.Time.SetUtcNow(new DateTimeOffset(2026, 3, 8, 14, 0, 0, TimeSpan.Zero));
        app.Look();
        app.Time.SetUtcNow(new DateTimeOffset(2026, 3, 9, 14, 0, 0, TimeSpan.Zero));
        app.Look();
        // Down from then until Tuesday 24 March: past the break's slot of 16 March and the slot of 23 March.
        app.Time.SetUtcNow(new DateTimeOffset(2026, 3, 24, 15, 0, 0, TimeSpan.Zero));
        app.Look();
        app.Look();

        DateTime[] expected = [FirstMonday, new(2026, 3, 9, 13, 0, 0, DateTimeKind.Utc), new(2026, 3, 23, 13, 0, 0, DateTimeKind.Utc)];
        Assert.Equal(expected, app.Series.Find("s1")?.MissedSlots ?? []);
    }

    [Fact]
    public void A_slot_with_nothing_queued_that_nobody_was_warned_of_is_told_once_it_passed_and_a_warned_one_is_not_told_again()
    {
        // HitBot starts on Monday 10:00 in Chicago, after the slot and after the day-before warning it would have sent.
        using var app = WeeklySeries(new DateTimeOffset(FirstMonday.AddHours(2)));
        app.Look();
        app.Look();
        var notice = Assert.Single(app.Outbox.ForCampaign("series-missed:s1"));
        Assert.Contains("the slot of Monday 2 March: nothing was queued for it", TextOf(notice), StringComparison.Ordinal);

        // The next week runs as it should: warned on Sunday, nothing sent on Monday, and no second word about it.
        app.Time.SetUtcNow(new DateTimeOffset(2026, 3, 8, 14, 0, 0, TimeSpan.Zero));
        app.Look();
        app.Time.SetUtcNow(new DateTimeOffset(2026, 3, 9, 14, 0, 0, TimeSpan.Zero));
        app.Look();
        Assert.Single(app.Outbox.ForCampaign("series-empty:s1"));
        Assert.Single(app.Outbox.ForCampaign("series-missed:s1"));
    }

    /// <summary>
    /// HitBot is back at 03:00 on Tuesday, past Monday's slot: the queued issue waits for the morning. The coordinator takes it
    /// out of the series before then, so the week gets none. It was recorded as missed at the morning's time, a slot the series
    /// does not have, so the series' page listed a week that did not match its Monday slot.
    /// </summary>
    [Fact]
    public void An_issue_taken_out_while_it_waited_for_the_morning_leaves_its_own_slot_missed_not_the_morning()
    {
        using var app = WeeklySeries(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        app.Draft("issue1", new Audience(), seriesId: "s1", position: 1);
        app.Look();
        app.Time.SetUtcNow(new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero)); // Tuesday 03:00 in Chicago
        app.Look();
        var morning = app.Series.Find("s1")!.NextAt;
        Assert.NotEqual(FirstMonday, morning);

        app.Updates.Change("issue1", u => u with { SeriesId = null });
        app.Time.SetUtcNow(new DateTimeOffset(DateTime.SpecifyKind(morning!.Value, DateTimeKind.Utc)));
        app.Look();

        Assert.Equal([FirstMonday], app.Series.Find("s1")?.MissedSlots ?? []);
        Assert.Contains("the slot of Monday 2 March", TextOf(Assert.Single(app.Outbox.ForCampaign("series-missed:s1"))), StringComparison.Ordinal);
        Assert.Equal(new DateTime(2026, 3, 9, 13, 0, 0, DateTimeKind.Utc), app.Series.Find("s1")?.NextAt); // the next Monday, 08:00
    }

    /// <summary>
    /// A slot at 11:00 on Monday; HitBot is back at 03:00 on Tuesday and the queued issue waits for 09:00. The coordinator takes
    /// it out at night, and the central team is warned that nothing is queued. The warning named "Tuesday 3 March at 09:00",
    /// a slot the series does not have, so a coordinator looked for a Tuesday slot that was never set.
    /// </summary>
    [Fact]
    public void The_nothing_queued_warning_for_an_issue_taken_out_while_it_waited_for_the_morning_names_the_series_own_slot()
    {
        using var app = new UpdatesUnderTest(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        app.Person("lena", Roles.CentralTeam);
        var lateMorningMonday = new DateTime(2026, 3, 2, 17, 0, 0, DateTimeKind.Utc); // 11:00 in Chicago
        app.Series.Save(new UpdateSeries
        {
            Id = "s1", Name = "Tutor newsletter", Rhythm = SeriesRhythm.Weekly, Slot = new WeeklySlot(DayOfWeek.Monday, new TimeOnly(11, 0)),
            Audience = new Audience { Roles = [Roles.Tutor] }, StartsOn = new DateOnly(2026, 3, 1), CreatedAt = app.Time.GetUtcNow().UtcDateTime,
            NextAt = lateMorningMonday,
        });
        app.Draft("issue1", new Audience(), seriesId: "s1", position: 1);
        app.Look();
        app.Time.SetUtcNow(new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero)); // Tuesday 03:00 in Chicago
        app.Look();
        Assert.NotEqual(lateMorningMonday, app.Series.Find("s1")?.NextAt);

        app.Updates.Change("issue1", u => u with { SeriesId = null });
        app.Time.Advance(TimeSpan.FromHours(1));
        app.Look();

        var warning = TextOf(Assert.Single(app.Outbox.ForCampaign("series-empty:s1")));
        Assert.Contains("Monday 2 March at 11:00 Chicago time", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("is Tuesday 3 March", warning, StringComparison.Ordinal);
    }
}
