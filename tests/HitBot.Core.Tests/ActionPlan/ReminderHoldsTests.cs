using HitBot.Core.ActionPlan;
using HitBot.Core.Calendar;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.ActionPlan;

/// <summary>The program calendar holds action-item reminders through breaks: they go on the first working day after.</summary>
public sealed class ReminderHoldsTests : IDisposable
{
    static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 22, 15, 0, 0, TimeSpan.Zero));
    readonly HeldSendStore held;
    readonly ReminderHolds holds;
    static readonly ActionItem Item = new() { Id = "i1", Title = "Plan second-term sessions", DueDate = new DateOnly(2026, 12, 22) };

    public ReminderHoldsTests()
    {
        var calendar = new ProgramCalendar(temp.Db, new ProgramClock(time, Options.Create(new ProgramOptions { TimeZone = "America/Chicago" })), time);
        calendar.SaveAll([new CalendarEntry
        {
            Id = "winter", Name = "Winter break", Kind = CalendarKind.Break, First = new DateOnly(2026, 12, 21), Last = new DateOnly(2027, 1, 1),
        }]);
        held = new HeldSendStore(temp.Db, time);
        holds = new ReminderHolds(calendar, new PauseHolds(held));
    }

    [Fact]
    public void A_reminder_due_in_winter_break_waits_for_the_first_working_morning_after_and_shows_on_the_dashboard()
    {
        var slot = ReminderSchedule.Slots(Item, new ActionPlanOptions(), Chicago).Single(s => s.Id == "due-2026-12-22");

        var goes = holds.Hold(Item, slot, time.GetUtcNow().UtcDateTime, new ActionPlanOptions(), Chicago);

        // The break ends on Friday 1 January: Monday 4 January at 09:00 Central (15:00 UTC).
        Assert.Equal(new DateTime(2027, 1, 4, 15, 0, 0, DateTimeKind.Utc), goes);
        var row = Assert.Single(held.Latest());
        Assert.Equal((HeldKind.ActionReminder, "i1", "Winter break", goes), (row.Kind, row.SubjectId, row.PauseName, row.GoesAt));
    }

    [Fact]
    public void A_reminder_on_an_ordinary_day_is_not_held()
    {
        var slot = ReminderSchedule.Slots(Item with { DueDate = new DateOnly(2027, 1, 5) }, new ActionPlanOptions(), Chicago).First();
        time.SetUtcNow(new DateTimeOffset(2027, 1, 5, 15, 0, 0, TimeSpan.Zero));

        var goes = holds.Hold(Item, slot, time.GetUtcNow().UtcDateTime, new ActionPlanOptions(), Chicago);

        Assert.Null(goes);
        Assert.Empty(held.Latest());
    }

    [Fact]
    public void Looking_again_during_the_break_records_the_hold_once()
    {
        var slot = ReminderSchedule.Slots(Item, new ActionPlanOptions(), Chicago).First();

        holds.Hold(Item, slot, time.GetUtcNow().UtcDateTime, new ActionPlanOptions(), Chicago);
        time.Advance(TimeSpan.FromMinutes(5));
        holds.Hold(Item, slot, time.GetUtcNow().UtcDateTime, new ActionPlanOptions(), Chicago);

        Assert.Single(held.Latest());
    }

    public void Dispose() => temp.Dispose();
}
