using HitBot.Core.Directory;
using HitBot.Core.Updates;

namespace HitBot.Core.Tests.Updates;

/// <summary>
/// A newsletter series' slot fired by the scheduler's look, HitBot stopped before each commit of that look in turn and
/// started again, the loop's next look a minute later: the first issue goes once to each tutor, and the next slot sends
/// the second issue, not the first again. The runner saves the chosen issue on the series before queueing it and moves
/// the series on last, for exactly this.
/// </summary>
public sealed class SeriesRunnerCrashTests
{
    static readonly DateTimeOffset Sunday = new(2026, 3, 1, 18, 0, 0, TimeSpan.Zero);
    static readonly DateTime ThisMonday = new(2026, 3, 2, 14, 0, 0, DateTimeKind.Utc); // 08:00 in Chicago, standard time
    static readonly DateTime NextMonday = new(2026, 3, 9, 13, 0, 0, DateTimeKind.Utc); // 08:00 in Chicago, daylight time
    static readonly string[] Tutors = ["ana", "ben"];

    /// <summary>A weekly series (Monday 08:00, to tutors) with two issues waiting in line; the clock just past its first slot.</summary>
    static UpdatesUnderTest SeriesDue()
    {
        var app = new UpdatesUnderTest(Sunday);
        foreach (var id in Tutors) app.Person(id, Roles.Tutor);
        app.Series.Save(new UpdateSeries
        {
            Id = "s1", Name = "Tutor newsletter", Rhythm = SeriesRhythm.Weekly, Slot = new WeeklySlot(DayOfWeek.Monday, new TimeOnly(8, 0)),
            Audience = new Audience { Roles = [Roles.Tutor] }, StartsOn = new DateOnly(2026, 3, 1), CreatedAt = Sunday.UtcDateTime, NextAt = ThisMonday,
        });
        app.Draft("issue1", new Audience(), seriesId: "s1", position: 1);
        app.Draft("issue2", new Audience(), seriesId: "s1", position: 2);
        app.Time.SetUtcNow(new DateTimeOffset(ThisMonday).AddSeconds(30));
        return app;
    }

    /// <summary>Each tutor has one copy of the issue to go, and nobody else.</summary>
    static void AssertIssueGoesOnce(UpdatesUnderTest app, string issue, string why)
    {
        var copies = app.Outbox.ForCampaign("update:" + issue).Select(d => d.PersonId).Order(StringComparer.Ordinal);
        Assert.True(copies.SequenceEqual(Tutors), $"{why}: copies of {issue} for [{string.Join(", ", copies)}]");
    }

    /// <summary>
    /// The slot's look stopped anywhere at 08:00, and HitBot came back at 23:00 that night: whoever did not get the issue at
    /// 08:00 gets it the next morning, not at night.
    /// </summary>
    [Fact]
    public void A_series_slot_whose_look_HitBot_stopped_anywhere_and_found_again_at_night_sends_the_rest_in_the_morning()
    {
        var stops = 0;
        for (var commit = 0; ; commit++)
        {
            using var app = SeriesDue();

            var stopped = app.StopsBeforeCommit(commit, () => app.Look());
            var before = app.Outbox.ForCampaign("update:issue1").Count;
            app.Time.SetUtcNow(new DateTimeOffset(2026, 3, 3, 5, 0, 0, TimeSpan.Zero)); // Monday 23:00 in Chicago
            app.Look();
            var atNight = app.Outbox.ForCampaign("update:issue1").Count;
            app.Time.SetUtcNow(new DateTimeOffset(2026, 3, 3, 15, 0, 0, TimeSpan.Zero)); // Tuesday 09:00 in Chicago
            app.Look();

            var why = $"stopped before commit {commit}";
            Assert.True(atNight == before, $"{why}: {atNight - before} more copies queued at 23:00");
            AssertIssueGoesOnce(app, "issue1", why);
            if (!stopped) break;
            stops++;
        }
        Assert.True(stops >= 2, $"only {stops} stopping points");
    }

    [Fact]
    public void A_series_slot_whose_look_HitBot_stopped_anywhere_sends_its_issue_once_and_the_next_slot_sends_the_next_issue()
    {
        var stops = 0;
        for (var commit = 0; ; commit++)
        {
            using var app = SeriesDue();

            var stopped = app.StopsBeforeCommit(commit, () => app.Look());
            app.Time.Advance(TimeSpan.FromMinutes(1)); // the loop's next look
            app.Look();

            var why = $"stopped before commit {commit}";
            AssertIssueGoesOnce(app, "issue1", why);
            Assert.True(app.Outbox.ForCampaign("update:issue2").Count == 0, $"{why}: issue 2 went at the first slot too");
            Assert.True(app.Series.Find("s1")?.NextAt == NextMonday, $"{why}: the series waits for {app.Series.Find("s1")?.NextAt:O}");

            app.Time.SetUtcNow(new DateTimeOffset(NextMonday).AddSeconds(30));
            app.Look();
            AssertIssueGoesOnce(app, "issue1", why + ", at the next slot");
            AssertIssueGoesOnce(app, "issue2", why + ", at the next slot");
            if (!stopped) break;
            stops++;
        }
        // Choosing the issue, giving it the series' audience, queueing it, saving it as sent, moving the series on.
        Assert.True(stops >= 5, $"only {stops} stopping points");
    }
}
