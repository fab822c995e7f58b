using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.ActionPlan;

/// <summary>A repeating item's meetings as the reminder loop makes them: one at a time, the passed ones closed as missed.</summary>
public sealed class RepeatingItemTests : IDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 16, 15, 0, 0, TimeSpan.Zero)); // Monday 10:00 in Chicago
    readonly ActionPlanStore store;
    readonly ActionItemChanges changes;
    readonly OutboxStore outbox;

    public RepeatingItemTests()
    {
        store = new ActionPlanStore(temp.Db);
        var directory = new DirectoryStore(temp.Db);
        directory.Save(new Person { Id = "ann", Name = "Ann Lee", Email = "ann@example.org", Roles = [Roles.SiteChampion] });
        directory.Save(new Person { Id = "ben", Name = "Ben Okafor", Email = "ben@example.org", Roles = [Roles.SiteChampion] });
        outbox = new OutboxStore(temp.Db, new OutboxSignal());
        changes = new ActionItemChanges(store, new PeopleDirectory(directory, time), new ActionPlanSignal(),
            new ProgramClock(time, Options.Create(new ProgramOptions { TimeZone = "America/Chicago" })), time, outbox);
    }

    void WeeklyOnThursdayFrom(DateOnly start) => store.Save(new ActionItem
    {
        Id = "reflection", Title = "Conduct Regular Data Reflection Meetings", OwnerId = "ann", DueDate = start,
        Repeat = new ItemRepeat { EveryWeeks = 1, Day = DayOfWeek.Thursday },
    });

    List<ActionItem> Meetings() => [.. store.All().Where(i => i.SeriesId == "reflection").OrderBy(i => i.DueDate)];

    [Fact]
    public void A_new_series_starts_at_its_next_meeting_without_a_backlog_of_past_ones()
    {
        WeeklyOnThursdayFrom(new DateOnly(2026, 3, 2));

        var made = changes.AdvanceSeries(new DateOnly(2026, 3, 16));

        Assert.Equal(1, made);
        var meeting = Assert.Single(Meetings());
        Assert.Equal((new DateOnly(2026, 3, 19), "ann", ItemStatus.NotStarted), (meeting.DueDate, meeting.OwnerId, meeting.Status));
        Assert.Equal([1], meeting.RemindDaysBefore);
    }

    [Fact]
    public void A_meeting_still_open_when_the_next_one_comes_is_closed_as_missed_and_never_overdue()
    {
        WeeklyOnThursdayFrom(new DateOnly(2026, 3, 16));
        changes.AdvanceSeries(new DateOnly(2026, 3, 16));
        time.Advance(TimeSpan.FromDays(10));

        changes.AdvanceSeries(new DateOnly(2026, 3, 26));

        var meetings = Meetings();
        Assert.Equal([(new DateOnly(2026, 3, 19), ItemStatus.Missed), (new DateOnly(2026, 3, 26), ItemStatus.NotStarted)],
            meetings.Select(m => (m.DueDate!.Value, m.Status)));
        Assert.False(meetings[0].IsOpen);
    }

    [Fact]
    public void Looking_again_the_same_day_makes_no_second_meeting()
    {
        WeeklyOnThursdayFrom(new DateOnly(2026, 3, 16));
        changes.AdvanceSeries(new DateOnly(2026, 3, 16));

        var made = changes.AdvanceSeries(new DateOnly(2026, 3, 16));

        Assert.Equal(0, made);
        Assert.Single(Meetings());
    }

    /// <summary>
    /// The series is given to Ben: its coming meeting is handed to him, and Ann's reminder of it, still waiting to be tried
    /// again (Teams asked HitBot to slow down), went to her all the same, for a meeting she no longer held.
    /// </summary>
    [Fact]
    public void A_meeting_handed_to_the_series_new_owner_takes_back_the_former_owners_waiting_reminder()
    {
        WeeklyOnThursdayFrom(new DateOnly(2026, 3, 16));
        changes.AdvanceSeries(new DateOnly(2026, 3, 16));
        var meeting = Assert.Single(Meetings());
        var anns = $"reminder:{meeting.Id}:day-before:ann";
        outbox.TryEnqueue(Delivery.Send(anns, "reminder:" + meeting.Id, "ann", new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:ann" },
            Message.Text("Reminder: Conduct Regular Data Reflection Meetings"), time.GetUtcNow()) with { DueAt = time.GetUtcNow().UtcDateTime.AddMinutes(5) });

        store.Save(store.Find("reflection")! with { OwnerId = "ben" });
        changes.AdvanceSeries(new DateOnly(2026, 3, 16));

        Assert.Equal("ben", store.Find(meeting.Id)!.OwnerId);
        var withdrawn = Assert.Single(outbox.ForCampaign("reminder:" + meeting.Id));
        Assert.Equal((DeliveryState.Cancelled, ActionItemChanges.ReminderWithdrawnReason), (withdrawn.State, withdrawn.LastError));
    }

    public void Dispose() => temp.Dispose();
}
