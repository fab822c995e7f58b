using HitBot.Core.Calendar;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Calendar;

/// <summary>The holds the senders place through the calendar, as the dashboard's "held back" list shows them.</summary>
public sealed class PauseHoldsTests : IDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 22, 15, 0, 0, TimeSpan.Zero));

    static readonly CalendarEntry WinterBreak = new()
    {
        Id = "winter-break", Name = "Winter break", Kind = CalendarKind.Break, First = new DateOnly(2026, 12, 21), Last = new DateOnly(2027, 1, 1),
    };

    [Fact]
    public void A_hold_placed_again_at_every_look_through_a_pause_is_listed_once_as_first_placed()
    {
        var store = new HeldSendStore(temp.Db, time);
        var holds = new PauseHolds(store);
        var due = new DateTime(2026, 12, 22, 15, 0, 0, DateTimeKind.Utc);
        var goes = new DateTime(2027, 1, 4, 15, 0, 0, DateTimeKind.Utc);

        var firstLook = time.GetUtcNow().UtcDateTime;
        holds.Place(HeldKind.ActionReminder, "data-plan:slot-1", "data-plan", "Data plan", due, goes, WinterBreak);
        time.Advance(TimeSpan.FromMinutes(5));
        holds.Place(HeldKind.ActionReminder, "data-plan:slot-1", "data-plan", "Data plan", due, goes.AddDays(1), WinterBreak);
        holds.Place(HeldKind.SurveyRun, "data-plan:slot-1", "run-1", "Tutor retention pulse", due, goes, WinterBreak);

        var held = store.Latest();
        Assert.Equal([HeldKind.SurveyRun, HeldKind.ActionReminder], held.Select(h => h.Kind).Order());
        var reminder = held.Single(h => h.Kind == HeldKind.ActionReminder);
        Assert.Equal((goes, firstLook, "Winter break"), (reminder.GoesAt, reminder.HeldAt, reminder.PauseName));
    }

    [Fact]
    public void The_daily_retention_pass_forgets_holds_of_pauses_long_over_and_keeps_those_still_to_go()
    {
        var store = new HeldSendStore(temp.Db, time);
        var holds = new PauseHolds(store);
        var due = new DateTime(2026, 12, 22, 15, 0, 0, DateTimeKind.Utc);
        holds.Place(HeldKind.ActionReminder, "data-plan:slot-1", "data-plan", "Data plan", due, new DateTime(2027, 1, 4, 15, 0, 0, DateTimeKind.Utc), WinterBreak);
        holds.Place(HeldKind.SurveyRun, "run-1", "run-1", "Tutor retention pulse", due, new DateTime(2028, 1, 4, 15, 0, 0, DateTimeKind.Utc), WinterBreak);

        // A year and more on, with RetentionDays at 400: the reminder went in January 2027, the run goes in 2028.
        var removed = new HeldSendRetention(store).PruneBefore(new DateTimeOffset(2027, 2, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(1, removed);
        Assert.Equal([HeldKind.SurveyRun], store.Latest().Select(h => h.Kind));
    }

    public void Dispose() => temp.Dispose();
}
