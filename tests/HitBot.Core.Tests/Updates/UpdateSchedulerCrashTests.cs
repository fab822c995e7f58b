using HitBot.Core.Directory;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Updates;

namespace HitBot.Core.Tests.Updates;

/// <summary>
/// A weekly update fired by the scheduler's look, HitBot stopped before each commit of that look in turn and started
/// again, the loop's next look a minute later: each tutor gets that week's occurrence once (none lost, none twice), and
/// the next week's goes too. The scheduler saves the next occurrence only after queueing this one, and queues per person
/// and week, for exactly this.
/// </summary>
public sealed class UpdateSchedulerCrashTests
{
    static readonly DateTimeOffset Sunday = new(2026, 3, 1, 18, 0, 0, TimeSpan.Zero);
    static readonly DateTime ThisMonday = new(2026, 3, 2, 14, 0, 0, DateTimeKind.Utc); // 08:00 in Chicago, standard time
    static readonly DateTime NextMonday = new(2026, 3, 9, 13, 0, 0, DateTimeKind.Utc); // 08:00 in Chicago, daylight time
    static readonly string[] Tutors = ["ana", "ben", "eve"];

    /// <summary>A weekly update (Monday 08:00) to three tutors, Eve's week already full; the clock just past the slot.</summary>
    static UpdatesUnderTest WeeklyUpdateDue()
    {
        var app = new UpdatesUnderTest(Sunday);
        app.Person("ana", Roles.Tutor);
        app.Person("ben", Roles.Tutor);
        app.FillWeekOf(app.Person("eve", Roles.Tutor));
        app.Draft("u1", new Audience { Roles = [Roles.Tutor] });
        Assert.Empty(app.Scheduling.Set("u1", new ScheduleRequest(null, new WeeklyRequest("Monday", "08:00"))).Problems);
        Assert.Equal(ThisMonday, app.Updates.Find("u1")?.NextAt);
        app.Time.SetUtcNow(new DateTimeOffset(ThisMonday).AddSeconds(30));
        return app;
    }

    /// <summary>
    /// Each tutor has that week's copy once, to go: queued, or (Eve, whose week was full) held and listed in exactly one
    /// digest still to go, so she reads it there once.
    /// </summary>
    static void AssertWeekGoesOnce(UpdatesUnderTest app, string week, string why)
    {
        var rows = app.Outbox.ForCampaign("update:u1");
        foreach (var id in Tutors)
        {
            var copies = rows.Count(d => d.PersonId == id && d.Id == $"update:u1:{week}:{id}");
            Assert.True(copies == 1, $"{why}: {id} has {copies} copies of the {week} occurrence");
            var row = app.Outbox.Find($"update:u1:{week}:{id}")!;
            var digests = app.Outbox.ForCampaign(UpdateDigests.Campaign).Count(d => d.State == DeliveryState.Queued && d.Folds?.Contains(row.Id) == true);
            Assert.True(row.State == DeliveryState.Queued && digests == 0 || row.State == DeliveryState.Held && digests == 1,
                $"{why}: {id}'s {week} copy is {row.State}, listed in {digests} digests");
        }
    }

    [Fact]
    public void A_weekly_update_whose_look_HitBot_stopped_anywhere_goes_to_each_tutor_once_that_week_and_the_next()
    {
        var stops = 0;
        for (var commit = 0; ; commit++)
        {
            using var app = WeeklyUpdateDue();

            var stopped = app.StopsBeforeCommit(commit, () => app.Look());
            app.Time.Advance(TimeSpan.FromMinutes(1)); // the loop's next look
            app.Look();

            var why = $"stopped before commit {commit}";
            AssertWeekGoesOnce(app, "2026-03-02", why);
            // And HitBot knows they got it: "Ask a question" and reactions on it are open to each of them.
            Assert.All(Tutors, id => Assert.True(app.Sender.WasSentTo(app.Updates.Find("u1")!, id), $"{why}: {id} is not known to have it"));
            Assert.True(app.Updates.Find("u1")?.NextAt == NextMonday, $"{why}: next occurrence {app.Updates.Find("u1")?.NextAt:O}");

            // The week after, the next occurrence goes once too (twice looked at): the stop did not skip or repeat a week.
            app.Time.SetUtcNow(new DateTimeOffset(NextMonday).AddSeconds(30));
            app.Look();
            app.Look();
            AssertWeekGoesOnce(app, "2026-03-09", why + ", the week after");
            Assert.True(app.Outbox.ForCampaign("update:u1").Count == 2 * Tutors.Length, $"{why}: {app.Outbox.ForCampaign("update:u1").Count} copies in two weeks");
            if (!stopped) break;
            stops++;
        }
        // Naming the week on the update, queueing, folding Eve's copy into a digest, saving it as sent, saving the next occurrence.
        Assert.True(stops >= 5, $"only {stops} stopping points");
    }
}
