using HitBot.Core.Calendar;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Calendar;

/// <summary>The calendar's pauses in a real LiteDB file: what is stored comes back, and working days skip weekends and every pause.</summary>
public sealed class ProgramCalendarTests : IDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 14, 14, 0, 0, TimeSpan.Zero));

    ProgramCalendar Calendar(HitBot.Core.Storage.HitBotDb db) =>
        new(db, new ProgramClock(time, Options.Create(new ProgramOptions { TimeZone = "America/Chicago" })), time);

    static CalendarEntry Entry(string name, CalendarKind kind, string first, string last) => new()
    {
        Id = name.ToLowerInvariant().Replace(' ', '-'), Name = name, Kind = kind, First = DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture), Last = DateOnly.Parse(last, System.Globalization.CultureInfo.InvariantCulture),
        CreatedAt = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc),
    };

    [Fact]
    public void An_entry_and_a_held_send_round_trip_through_the_file()
    {
        var entry = Entry("Winter break", CalendarKind.Break, "2026-12-21", "2027-01-01");
        Calendar(temp.Db).SaveAll([entry]);
        new HeldSendStore(temp.Db, time).Record(HeldKind.SurveyRun, "run-1", "run-1", "Tutor retention pulse",
            new DateTime(2026, 12, 22, 15, 0, 0, DateTimeKind.Utc), new DateTime(2027, 1, 4, 15, 0, 0, DateTimeKind.Utc), entry);

        var db = temp.Reopen();

        Assert.Equal(entry, Assert.Single(Calendar(db).All()));
        var held = Assert.Single(new HeldSendStore(db, time).Latest());
        Assert.Equal((HeldKind.SurveyRun, "Winter break", DateTimeKind.Utc), (held.Kind, held.PauseName, held.GoesAt?.Kind));
    }

    [Fact]
    public void The_next_working_day_skips_a_weekend_and_overlapping_pauses()
    {
        var calendar = Calendar(temp.Db);
        calendar.SaveAll([
            Entry("Winter break", CalendarKind.Break, "2026-12-21", "2027-01-01"),
            Entry("Staff days", CalendarKind.Holiday, "2026-12-31", "2027-01-04"),
        ]);

        var days = calendar.Days();

        // The break ends on Friday 1 January, the staff days on Monday 4, after the weekend: Tuesday 5.
        Assert.Equal(new DateOnly(2027, 1, 5), days.NextWorkingDay(new DateOnly(2026, 12, 22)));
        Assert.Equal(new DateOnly(2026, 12, 18), days.NextWorkingDay(new DateOnly(2026, 12, 18)));
        Assert.False(days.IsWorkingDay(new DateOnly(2026, 12, 19)));
        Assert.Equal("Staff days", days.PauseOn(new DateOnly(2027, 1, 4))?.Name);
    }

    /// <summary>The district's calendar with Excel's <c>sep=,</c> line first was refused: "The first line must be the header".</summary>
    [Fact]
    public void A_calendar_file_whose_first_line_names_the_separator_imports()
    {
        var calendar = Calendar(temp.Db);

        var result = new CalendarImport(calendar).Import(new StringReader("sep=,\r\nname,kind,first,last\r\nWinter break,break,2026-12-21,2027-01-01\r\n"));

        Assert.True(result.Imported, string.Join(" ", result.Errors.Select(e => e.Message)));
        Assert.Equal("Winter break", Assert.Single(calendar.All()).Name);
    }

    public void Dispose() => temp.Dispose();
}
