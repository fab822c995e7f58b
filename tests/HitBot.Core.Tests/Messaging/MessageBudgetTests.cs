using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Messaging;

/// <summary>
/// A person's week as the outbox has it: what was sent, is queued or was moved later counts; what was held, cancelled,
/// sent without the budget (a reply, an urgent update) or queued weeks ago does not. The same whether the new message
/// goes to one person (looked up by person) or to thousands (the outbox read once).
/// </summary>
public sealed class MessageBudgetTests : IDisposable
{
    static readonly DateTimeOffset Wednesday = new(2026, 3, 4, 15, 0, 0, TimeSpan.Zero); // 09:00 in Chicago
    readonly TempDb temp = new();
    readonly OutboxStore outbox;
    readonly MessageBudget budget;

    public MessageBudgetTests()
    {
        outbox = new OutboxStore(temp.Db, new OutboxSignal());
        var options = Options.Create(new ProgramOptions { TimeZone = "America/Chicago", MaxNudgesPerWeek = 3 });
        budget = new MessageBudget(outbox, new ProgramClock(new FakeTimeProvider(Wednesday), options), options);
    }

    static Delivery To(string person, string key, DateTimeOffset created, bool budgeted = true) =>
        Delivery.Send(key, "update:" + key, person, new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + person, ConversationId = "a:" + person },
            Message.Text("Week " + key), created) with { Budgeted = budgeted };

    /// <summary>Ana has had two messages this week and has one waiting; a few others went to her that do not count.</summary>
    void AnasWeek()
    {
        var monday = Wednesday.AddDays(-2);
        outbox.EnqueueMany(
        [
            To("ana", "sent-1", monday) with { State = DeliveryState.Sent, DueAt = Delivery.NotDue },
            To("ana", "failed-once", monday.AddHours(1)) with { State = DeliveryState.Failed },
            To("ana", "queued", Wednesday.AddHours(-1)),
            To("ana", "held", monday) with { State = DeliveryState.Held, DueAt = Delivery.NotDue },
            To("ana", "cancelled", monday) with { State = DeliveryState.Cancelled, DueAt = Delivery.NotDue },
            To("ana", "reply", monday, budgeted: false) with { State = DeliveryState.Sent, DueAt = Delivery.NotDue },
            To("ana", "last-month", Wednesday.AddDays(-30)) with { State = DeliveryState.Sent, DueAt = Delivery.NotDue },
            To("ben", "bens", Wednesday.AddHours(-1)),
        ]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2_500)]
    public void A_fourth_message_in_the_week_is_held_for_the_person_whose_week_is_full_and_only_for_them(int audience)
    {
        AnasWeek();
        var others = Enumerable.Range(1, audience - 1).Select(i => $"t{i:D4}");

        var planned = budget.Fit(others.Prepend("ana").Select(p => To(p, "new:" + p, Wednesday)), BudgetOverflow.Hold, Wednesday);

        var anas = planned.Single(d => d.PersonId == "ana");
        Assert.Equal(DeliveryState.Held, anas.State);
        // The Monday a week after Monday's first, at the start of the daytime: 09:00 in Chicago, daylight time since Sunday.
        Assert.Equal(new DateTime(2026, 3, 9, 14, 0, 0, DateTimeKind.Utc), anas.HeldUntil);
        Assert.All(planned.Where(d => d.PersonId != "ana"), d => Assert.Equal(DeliveryState.Queued, d.State));
    }

    /// <summary>
    /// A thank-you that found Ana's week full on the Friday before a ten-week summer break waited for the first working day
    /// after it, and went this Monday. Queued more than four weeks before, it was not seen in her week: two more went beside
    /// it and a third was let through, four in her first week back against a limit of three.
    /// </summary>
    [Fact]
    public void A_message_moved_past_a_long_break_counts_in_the_week_it_went()
    {
        var monday = Wednesday.AddDays(-2);
        outbox.EnqueueMany(
        [
            To("ana", "thanks-before-summer", Wednesday.AddDays(-70)) with { HeldUntil = monday.UtcDateTime, State = DeliveryState.Sent, DueAt = Delivery.NotDue },
            To("ana", "sent-1", monday.AddHours(1)) with { State = DeliveryState.Sent, DueAt = Delivery.NotDue },
            To("ana", "sent-2", monday.AddHours(2)) with { State = DeliveryState.Sent, DueAt = Delivery.NotDue },
        ]);

        var planned = budget.Fit([To("ana", "thanks", Wednesday)], BudgetOverflow.Defer, Wednesday);

        // Room opens on Monday 9 March, the seventh day after Monday's three: 09:00 in Chicago (daylight time).
        Assert.Equal(new DateTime(2026, 3, 9, 14, 0, 0, DateTimeKind.Utc), Assert.Single(planned).DueAt);
    }

    [Fact]
    public void Messages_that_do_not_reach_the_person_leave_room_in_their_week()
    {
        AnasWeek();
        outbox.Cancel(["update:queued"], "Cancelled by the central team");

        var planned = budget.Fit([To("ana", "thanks", Wednesday)], BudgetOverflow.Defer, Wednesday);

        Assert.Equal(Wednesday.UtcDateTime, Assert.Single(planned).DueAt);
    }

    [Fact]
    public void A_message_moved_later_by_a_full_week_waits_for_a_weekday_not_a_Saturday_morning()
    {
        var saturday = new DateTimeOffset(2026, 2, 28, 16, 0, 0, TimeSpan.Zero); // Saturday 28 February, 10:00 in Chicago
        outbox.EnqueueMany([.. Enumerable.Range(1, 3).Select(i =>
            To("ana", $"saturday-{i}", saturday.AddMinutes(i)) with { State = DeliveryState.Sent, DueAt = Delivery.NotDue })]);

        var planned = budget.Fit([To("ana", "reminder", Wednesday)], BudgetOverflow.Defer, Wednesday);

        // Room opens on Saturday 7 March, the seventh day after: Monday 9 March, 09:00 in Chicago (daylight time).
        Assert.Equal(new DateTime(2026, 3, 9, 14, 0, 0, DateTimeKind.Utc), Assert.Single(planned).DueAt);
    }

    [Fact]
    public void A_message_moved_later_waits_for_the_end_of_a_break_in_the_program_calendar()
    {
        var options = Options.Create(new ProgramOptions { TimeZone = "America/Chicago", MaxNudgesPerWeek = 3 });
        var time = new FakeTimeProvider(Wednesday);
        var clock = new ProgramClock(time, options);
        var calendar = new HitBot.Core.Calendar.ProgramCalendar(temp.Db, clock, time);
        Assert.NotNull(calendar.Add(new HitBot.Core.Calendar.CalendarEntryInput("Spring break", "break", "2026-03-09", "2026-03-13")).Entry);
        var withCalendar = new MessageBudget(outbox, clock, options, calendar);
        var saturday = new DateTimeOffset(2026, 2, 28, 16, 0, 0, TimeSpan.Zero); // Saturday 28 February, 10:00 in Chicago
        outbox.EnqueueMany([.. Enumerable.Range(1, 3).Select(i =>
            To("ana", $"saturday-{i}", saturday.AddMinutes(i)) with { State = DeliveryState.Sent, DueAt = Delivery.NotDue })]);

        var planned = withCalendar.Fit([To("ana", "reminder", Wednesday)], BudgetOverflow.Defer, Wednesday);

        // Room opens on Saturday 7 March; spring break is the week after: Monday 16 March, 09:00 in Chicago.
        Assert.Equal(new DateTime(2026, 3, 16, 14, 0, 0, DateTimeKind.Utc), Assert.Single(planned).DueAt);
    }

    public void Dispose() => temp.Dispose();
}
