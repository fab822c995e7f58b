using HitBot.Core.Directory;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Updates;
using LiteDB;

namespace HitBot.Core.Tests.Updates;

/// <summary>
/// Who received a weekly update: only they may ask about it or react to it, and only they see it in "latest update".
/// Each week is its own delivery; someone reached in any week received it.
/// </summary>
public sealed class WeeklyUpdateReceiversTests : IDisposable
{
    static readonly DateTime FirstMonday = new(2026, 3, 2, 14, 0, 0, DateTimeKind.Utc); // 08:00 in Chicago
    static readonly UpdateSchedule MondayMornings = new() { Weekly = new WeeklySlot(DayOfWeek.Monday, new TimeOnly(8, 0)) };
    readonly UpdatesUnderTest app = new(new DateTimeOffset(FirstMonday));

    public WeeklyUpdateReceiversTests()
    {
        app.Person("ana", Roles.Tutor); // every week
        app.Person("ben", Roles.Tutor); // the first week, then opts out
        app.Person("dee", Roles.SiteChampion); // never in the audience
        app.Draft("u1", new Audience { Roles = [Roles.Tutor] }, MondayMornings);
    }

    void Fire(DateTime occurrence) => app.Sender.Queue(app.Updates.Find("u1")!, occurrence);

    [Fact]
    public void Someone_reached_in_any_week_received_it_and_someone_outside_its_audience_never_did()
    {
        Fire(FirstMonday);
        app.Person("ben", Roles.Tutor, optedOut: true);
        app.Person("cy", Roles.Tutor); // joins the program in the second week
        Fire(FirstMonday.AddDays(7));
        Fire(FirstMonday.AddDays(14));

        var update = app.Updates.Find("u1")!;
        Assert.True(app.Sender.WasSentTo(update, "ana"));
        Assert.True(app.Sender.WasSentTo(update, "ben")); // only in the first week
        Assert.True(app.Sender.WasSentTo(update, "cy")); // only from the second
        Assert.False(app.Sender.WasSentTo(update, "dee"));
        Assert.Equal(["u1"], app.Sender.ReceivedBy("ben", 5).Select(u => u.Id));
        Assert.Empty(app.Sender.ReceivedBy("dee", 5));
    }

    [Fact]
    public void Latest_update_is_the_one_received_last_and_a_weekly_one_is_dated_by_its_latest_week()
    {
        Fire(FirstMonday);
        app.Time.Advance(TimeSpan.FromDays(2));
        app.Draft("u2", new Audience { Roles = [Roles.Tutor] });
        app.Sender.SendNow("u2"); // Wednesday's one-off
        app.Time.Advance(TimeSpan.FromDays(5));
        Fire(FirstMonday.AddDays(7)); // the weekly one again, the following Monday

        var received = app.Sender.ReceivedBy("ana", 5);

        Assert.Equal(["u1", "u2"], received.Select(u => u.Id));
        Assert.Equal([FirstMonday.AddDays(7), FirstMonday.AddDays(2)], received.Select(u => u.SentAt));
        Assert.Equal(["u1"], app.Sender.ReceivedBy("ana", 1).Select(u => u.Id));
    }

    /// <summary>
    /// A weekly update that has run for a school year went first long before the newest hundred updates sent (partner leads'
    /// and site posts, a series' issues): "latest update" looked only at those, so a tutor who had this Monday's copy heard
    /// "No updates have been sent to you yet", "updates" and the Slack Home tab left it out, and so did the page of the
    /// updates that reached a site champion's site.
    /// </summary>
    [Fact]
    public void A_weekly_update_running_since_long_before_the_newest_hundred_updates_is_still_the_latest_received()
    {
        app.Person("eve", Roles.Tutor, site: "grant");
        app.Draft("weekly", new Audience { Roles = [Roles.Tutor] });
        Assert.Empty(app.Scheduling.Set("weekly", new ScheduleRequest(null, new WeeklyRequest("Monday", "08:00"))).Problems);
        SendWhenDue();
        // A year of other posts, none of them to tutors: the site champions' own.
        for (var i = 0; i < 120; i++)
        {
            app.Time.Advance(TimeSpan.FromHours(1));
            app.Draft($"champions-{i}", new Audience { Roles = [Roles.SiteChampion] });
            app.Sender.SendNow($"champions-{i}");
        }
        var thisMonday = SendWhenDue();

        var latest = Assert.Single(app.Sender.ReceivedBy("ana", 1));

        Assert.Equal("weekly", latest.Id);
        Assert.Equal(thisMonday, latest.SentAt);
        // Grant's champion's page lists the updates that reached their site: the newsletter too.
        Assert.Contains("weekly", new SiteUpdates(app.Updates, app.Sender, app.People).SentTo("grant", championId: "gus").Select(u => u.Id));
    }

    /// <summary>Moves the clock to the weekly update's next slot and lets the scheduler send it; returns that moment.</summary>
    DateTime SendWhenDue()
    {
        var due = app.Updates.Find("weekly")!.NextAt!.Value;
        app.Time.Advance(due - app.Time.GetUtcNow().UtcDateTime);
        app.Look();
        Assert.NotEqual(due, app.Updates.Find("weekly")!.NextAt);
        return due;
    }

    [Fact]
    public void A_week_cancelled_before_it_went_does_not_count()
    {
        app.Person("ben", Roles.Tutor, optedOut: true);
        app.Person("cy", Roles.Tutor);
        Fire(FirstMonday);
        app.Sender.Cancel("u1"); // the wrong audience: nobody got this week

        Assert.False(app.Sender.WasSentTo(app.Updates.Find("u1")!, "cy"));
    }

    [Fact]
    public void A_week_stopped_partway_never_leaves_a_copy_its_person_cannot_ask_about()
    {
        var stops = 0;
        for (; app.StopsBeforeCommit(stops, () => Fire(FirstMonday)); stops++)
        {
            var update = app.Updates.Find("u1")!;
            Assert.All(app.Outbox.ForCampaign(update.Campaign), copy => Assert.True(app.Sender.WasSentTo(update, copy.PersonId!), copy.Id));
        }

        Assert.True(stops > 1);
        Assert.Equal(["ana", "ben"], app.Outbox.ForCampaign("update:u1").Select(d => d.PersonId).Order());
    }

    [Fact]
    public void Weeks_sent_by_a_HitBot_before_the_upgrade_still_count()
    {
        Fire(FirstMonday);
        app.Person("ben", Roles.Tutor, optedOut: true);
        Fire(FirstMonday.AddDays(7));

        // A file from before the weeks were named on the update (schema 14): the rows are there, the list is not.
        app.RestartAfter(file =>
        {
            var updates = file.GetCollection(UpdateStore.Updates);
            var stored = updates.FindById("u1");
            stored.Remove(nameof(Update.SentWeeks));
            updates.Update(stored);
            file.UserVersion = 14;
        });

        var update = app.Updates.Find("u1")!;
        Assert.Equal(["2026-03-02", "2026-03-09"], update.SentWeeks);
        Assert.True(app.Sender.WasSentTo(update, "ben"));
        Assert.Equal(2, app.Outbox.ForCampaign(update.Campaign).Count(d => d.PersonId == "ana"));
    }

    public void Dispose() => app.Dispose();
}
