using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Updates;

namespace HitBot.Core.Tests.Updates;

/// <summary>
/// A weekly update at the same local hour each week always fits the person's week when the rest of the week keeps to the
/// budget (3 a week), also in the week the clocks go forward (a week of 167 hours) and when the scheduler's look comes a
/// little earlier after its slot than the week before. The program is on Chicago time; the tutor lives there too.
/// </summary>
public sealed class WeeklyUpdateBudgetTests : IDisposable
{
    // Monday 2 March 2026, 08:00 CST in Chicago (14:00 UTC): the first Monday slot.
    static readonly DateTimeOffset FirstSlot = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);
    static readonly UpdateSchedule MondayMornings = new() { Weekly = new WeeklySlot(DayOfWeek.Monday, new TimeOnly(8, 0)) };
    readonly UpdatesUnderTest app = new(FirstSlot.AddDays(-1));

    void TwoMoreMessagesThisWeek(Person person)
    {
        // A thank-you on Tuesday and a survey reminder on Wednesday, about 10:00 in Chicago: the week is then full (3).
        var tuesday = app.Time.GetUtcNow().AddDays(1).AddHours(2);
        app.Outbox.EnqueueMany([.. new[] { tuesday, tuesday.AddDays(1) }.Select((at, i) => Delivery.Send($"other:{at.Ticks}:{i}", $"other:{at.Ticks}:{i}",
            person.Id, person.Identities[0], Message.Text("Thank you"), at) with { Budgeted = true })]);
    }

    DeliveryState StateOfThisWeeks(string update, string person) =>
        app.Outbox.ForCampaign("update:" + update).Where(d => d.PersonId == person).OrderBy(d => d.CreatedAt).Last().State;

    [Fact]
    public void The_Monday_update_after_the_clocks_go_forward_is_not_held_by_the_Monday_before()
    {
        var ana = app.Person("ana", Roles.Tutor);
        app.Draft("u1", new Audience { Roles = [Roles.Tutor] }, MondayMornings);
        app.Time.SetUtcNow(FirstSlot.AddDays(-1));
        app.Scheduling.Set("u1", new ScheduleRequest(null, new WeeklyRequest("monday", "08:00")));
        app.Time.SetUtcNow(FirstSlot.AddSeconds(30)); // the scheduler's look, 30 s after the slot
        app.Look();
        Assert.Equal(DeliveryState.Queued, StateOfThisWeeks("u1", "ana"));
        TwoMoreMessagesThisWeek(ana);

        // Sunday 8 March the clocks go forward; Monday 9 March 08:00 CDT is 13:00 UTC, 167 hours after the first slot.
        app.Time.SetUtcNow(new DateTimeOffset(2026, 3, 9, 13, 0, 30, TimeSpan.Zero));
        app.Look();

        Assert.Equal(DeliveryState.Queued, StateOfThisWeeks("u1", "ana"));
    }

    [Fact]
    public void A_scheduler_look_that_comes_sooner_after_the_slot_than_last_week_does_not_hold_the_update()
    {
        var ana = app.Person("ana", Roles.Tutor);
        app.Draft("u1", new Audience { Roles = [Roles.Tutor] }, MondayMornings);
        // Late April: no clock change between the two Mondays (27 April and 4 May 2026, 08:00 CDT = 13:00 UTC).
        app.Time.SetUtcNow(new DateTimeOffset(2026, 4, 26, 12, 0, 0, TimeSpan.Zero));
        app.Scheduling.Set("u1", new ScheduleRequest(null, new WeeklyRequest("monday", "08:00")));
        app.Time.SetUtcNow(new DateTimeOffset(2026, 4, 27, 13, 0, 50, TimeSpan.Zero)); // the look 50 s after the slot
        app.Look();
        TwoMoreMessagesThisWeek(ana);

        app.Time.SetUtcNow(new DateTimeOffset(2026, 5, 4, 13, 0, 10, TimeSpan.Zero)); // this week the look 10 s after it
        app.Look();

        Assert.Equal(DeliveryState.Queued, StateOfThisWeeks("u1", "ana"));
    }

    public void Dispose() => app.Dispose();
}
