using HitBot.Core.Calendar;
using HitBot.Core.Surveys;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Surveys;

/// <summary>A survey run due to open in winter break opens after it, and stays open as long as planned.</summary>
public sealed class SurveyHoldsTests : IDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 22, 15, 0, 0, TimeSpan.Zero)); // Tuesday 09:00 in Chicago
    readonly SurveyStore surveys;
    readonly HeldSendStore held;
    readonly SurveyHolds holds;

    public SurveyHoldsTests()
    {
        var clock = new ProgramClock(time, Options.Create(new ProgramOptions { TimeZone = "America/Chicago" }));
        var calendar = new ProgramCalendar(temp.Db, clock, time);
        calendar.SaveAll([new CalendarEntry
        {
            Id = "winter", Name = "Winter break", Kind = CalendarKind.Break, First = new DateOnly(2026, 12, 21), Last = new DateOnly(2027, 1, 1),
        }]);
        surveys = new SurveyStore(temp.Db, temp.AnonymityKey());
        held = new HeldSendStore(temp.Db, time);
        holds = new SurveyHolds(calendar, new PauseHolds(held), surveys, clock);
    }

    static SurveyRun Run(DateTime opens) => new()
    {
        Id = "r1", SurveyId = "pulse", Title = "Tutor retention pulse", OpensAt = opens, ClosesAt = opens.AddDays(7), Status = RunStatus.Scheduled,
    };

    [Fact]
    public void A_run_due_in_the_break_opens_at_the_same_time_on_the_first_working_day_after_and_keeps_its_length()
    {
        var planned = time.GetUtcNow().UtcDateTime;

        var moved = holds.HoldOpening(Run(planned), planned);

        var opens = new DateTime(2027, 1, 4, 15, 0, 0, DateTimeKind.Utc);
        Assert.Equal((opens, opens.AddDays(7), (DateTime?)planned), (moved?.OpensAt, moved?.ClosesAt, moved?.PlannedOpensAt));
        Assert.Equal(opens, surveys.FindRun("r1")?.OpensAt);
        Assert.Equal((HeldKind.SurveyRun, (DateTime?)opens), (Assert.Single(held.Latest()).Kind, held.Latest()[0].GoesAt));
    }

    [Fact]
    public void A_run_due_on_a_working_day_opens_as_planned()
    {
        var opens = new DateTime(2027, 1, 5, 15, 0, 0, DateTimeKind.Utc);

        Assert.Null(holds.HoldOpening(Run(opens), opens));
        Assert.Empty(held.Latest());
    }

    [Fact]
    public void Reminders_held_by_a_break_that_outlasts_the_run_have_no_time_to_go()
    {
        var pause = new CalendarEntry { Id = "winter", Name = "Winter break", First = new DateOnly(2026, 12, 21), Last = new DateOnly(2027, 1, 1) };
        var shortRun = Run(new DateTime(2026, 12, 18, 15, 0, 0, DateTimeKind.Utc)); // closes on 25 December, inside the break

        holds.RecordRemindersHeld(shortRun, pause, time.GetUtcNow().UtcDateTime, new TimeOnly(9, 0));

        var row = Assert.Single(held.Latest());
        Assert.Equal((HeldKind.SurveyReminders, (DateTime?)null), (row.Kind, row.GoesAt));
    }

    public void Dispose() => temp.Dispose();
}
