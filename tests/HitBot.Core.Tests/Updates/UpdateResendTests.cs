using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Updates;

namespace HitBot.Core.Tests.Updates;

/// <summary>"Send the failed ones again" on an update: who it reaches the second time.</summary>
public sealed class UpdateResendTests : IDisposable
{
    readonly UpdatesUnderTest app = new(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero));
    static readonly Audience Tutors = new() { Roles = [Roles.Tutor] };

    /// <summary>An update to Ana, Ben and Cara that HitBot gave up on for all three (Teams was down).</summary>
    Dictionary<string, Delivery> FailedForEveryone(bool urgent)
    {
        foreach (var name in new[] { "ana", "ben", "cara" }) app.Person(name, Roles.Tutor);
        app.Updates.Save(app.Draft("u1", Tutors) with { Urgent = urgent });
        app.Sender.Send("u1");
        var rows = app.Outbox.ForCampaign("update:u1").ToDictionary(d => d.PersonId!);
        foreach (var row in rows.Values) app.Outbox.MarkDead(row, "gave up after 8 attempts: Teams could not be reached.", FailureClasses.Network);
        return rows;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Sending_the_failed_ones_again_skips_whoever_said_stop_or_left_the_program_since(bool urgent)
    {
        var rows = FailedForEveryone(urgent);
        app.People.SetOptOut("ana", optedOut: true, by: "ana");
        app.Directory.Save(app.Directory.Find("ben")! with { Inactive = true });

        var requeued = app.Sender.ResendFailed("u1");

        Assert.Equal(1, requeued);
        Assert.Equal(DeliveryState.Queued, app.Outbox.Find(rows["cara"].Id)?.State);
        Assert.Equal((DeliveryState.Cancelled, ReachFromDeliveries.NotSentStopped), (app.Outbox.Find(rows["ana"].Id)?.State, app.Outbox.Find(rows["ana"].Id)?.LastError));
        Assert.Equal((DeliveryState.Cancelled, ReachFromDeliveries.NotSentLeft), (app.Outbox.Find(rows["ben"].Id)?.State, app.Outbox.Find(rows["ben"].Id)?.LastError));
        var report = app.Sender.Report("u1")!;
        Assert.Equal((1, 0, 2), (report.Queued, report.Dead, report.Cancelled));
    }

    [Fact]
    public void A_weekly_update_sent_again_to_those_it_failed_for_sends_each_of_them_only_its_latest_week()
    {
        app.Person("ana", Roles.Tutor);
        app.Person("ben", Roles.Tutor);
        app.Draft("u1", Tutors, new UpdateSchedule { Weekly = new WeeklySlot(DayOfWeek.Monday, new TimeOnly(8, 0)) });
        app.Updates.Save(app.Updates.Find("u1")! with { NextAt = app.Time.GetUtcNow().UtcDateTime });
        app.Look();
        // Teams was down on the first Monday: HitBot gave up on both copies.
        foreach (var row in app.Outbox.ForCampaign("update:u1")) app.Outbox.MarkDead(row, "gave up after 8 attempts: Teams could not be reached.", FailureClasses.Network);
        app.Time.Advance(TimeSpan.FromDays(7));
        app.Look();
        var secondWeek = app.Outbox.ForCampaign("update:u1").Where(d => d.State == DeliveryState.Queued).ToDictionary(d => d.PersonId!);
        // The next Monday Ana's copy arrives; Ben's fails again.
        app.Outbox.MarkSent(secondWeek["ana"], new SentMessage("a:ana", "1:week2"), app.Time.GetUtcNow());
        app.Outbox.MarkDead(secondWeek["ben"], "gave up after 8 attempts: Teams could not be reached.", FailureClasses.Network);

        var requeued = app.Sender.ResendFailed("u1");

        Assert.Equal(1, requeued);
        var again = Assert.Single(app.Outbox.ForCampaign("update:u1"), d => d.State == DeliveryState.Queued);
        Assert.Equal(secondWeek["ben"].Id, again.Id);
    }

    [Fact]
    public void An_update_sent_again_to_someone_whose_week_filled_up_since_is_held_for_their_digest_not_sent_as_a_fourth_message()
    {
        var ana = app.Person("ana", Roles.Tutor);
        app.Updates.Save(app.Draft("u1", Tutors) with { Title = "Lincoln closes early on Friday" });
        app.Sender.Send("u1");
        var failed = Assert.Single(app.Outbox.ForCampaign("update:u1"));
        app.Outbox.MarkDead(failed, "gave up after 8 attempts: Teams could not be reached.", FailureClasses.Network);
        // Over the next days Ana gets as many other messages as her week takes: the failed copy left room for one more.
        app.Time.Advance(TimeSpan.FromDays(1));
        app.FillWeekOf(ana);

        var requeued = app.Sender.ResendFailed("u1");

        Assert.Equal(1, requeued);
        Assert.Equal(DeliveryState.Held, app.Outbox.Find(failed.Id)?.State);
        var digest = Assert.Single(app.Outbox.ForCampaign(UpdateDigests.Campaign));
        Assert.Contains("Lincoln closes early on Friday", digest.MessageJson, StringComparison.Ordinal);
        Assert.Equal(1, app.Sender.Report("u1")?.HeldBack);
    }

    public void Dispose() => app.Dispose();
}
