using HitBot.Core.Storage;

namespace HitBot.Core.Calendar;

/// <summary>
/// The program calendar: breaks, testing windows and holidays (pauses) in LiteDB, and the one answer every sender asks —
/// is this day paused, and which is the first working day from it (not a weekend, not in a pause). Days are dates in the
/// program's time zone.
/// </summary>
public sealed class ProgramCalendar(HitBotDb db, ProgramClock clock, TimeProvider time) : Messaging.Outbox.IWorkingDays
{
    public const string Collection = "calendar";

    /// <summary>Ordered by first day, then name.</summary>
    public List<CalendarEntry> All() =>
        [.. db.Collection<CalendarEntry>(Collection).FindAll().OrderBy(e => e.First).ThenBy(e => e.Name, StringComparer.Ordinal)];

    public CalendarEntry? Find(string id) => db.Collection<CalendarEntry>(Collection).FindById(id);

    /// <summary>The saved entry, or the problems with the input (nothing saved).</summary>
    /// <summary>
    /// Saves one entry; like a line of the CSV import, one with the same name and first day as an entry already there
    /// replaces it (<c>Replaced</c>): "Add" pressed twice, or a script run again, made two identical pauses.
    /// </summary>
    public (CalendarEntry? Entry, List<string> Problems, bool Replaced) Add(CalendarEntryInput input)
    {
        var (entry, problems) = input.Parse(NewId(), time.GetUtcNow().UtcDateTime);
        if (entry is null) return (entry, problems, false);
        if (SaveAll([entry]).Replaced == 0) return (entry, problems, false);
        return (All().First(e => e.First == entry.First && string.Equals(e.Name, entry.Name, StringComparison.OrdinalIgnoreCase)), problems, true);
    }

    /// <summary>Checks an input without saving it (the CSV import checks every line first).</summary>
    public (CalendarEntry? Entry, List<string> Problems) Check(CalendarEntryInput input) => input.Parse(NewId(), time.GetUtcNow().UtcDateTime);

    /// <summary>
    /// Saves checked entries in one transaction. An entry with the same name and first day as one already there replaces
    /// it, so importing the same file twice changes nothing. Returns (added, replaced).
    /// </summary>
    public (int Added, int Replaced) SaveAll(IReadOnlyList<CalendarEntry> entries) => db.InTransaction(() =>
    {
        var collection = db.Collection<CalendarEntry>(Collection);
        var existing = collection.FindAll().ToList();
        var (added, replaced) = (0, 0);
        foreach (var entry in entries)
        {
            if (existing.FirstOrDefault(e => e.First == entry.First && string.Equals(e.Name, entry.Name, StringComparison.OrdinalIgnoreCase)) is { } same)
            {
                collection.Upsert(entry with { Id = same.Id, CreatedAt = same.CreatedAt });
                replaced++;
            }
            else
            {
                collection.Insert(entry);
                added++;
            }
        }
        return (added, replaced);
    });

    public bool Delete(string id) => db.Collection<CalendarEntry>(Collection).Delete(id);

    /// <summary>The pauses as they are now, for many questions in one look.</summary>
    public CalendarDays Days() => new(All());

    public CalendarEntry? PauseOn(DateOnly day) => Days().PauseOn(day);

    /// <summary>The pause covering the program's today, or null.</summary>
    public CalendarEntry? PauseToday() => PauseOn(clock.Today());

    public bool IsWorkingDay(DateOnly day) => Days().IsWorkingDay(day);

    /// <summary>The calendar read once, for the message budget to move a batch of messages past weekends and pauses.</summary>
    public Func<DateOnly, bool> Now() => Days().IsWorkingDay;

    /// <inheritdoc cref="CalendarDays.NextWorkingDay"/>
    public DateOnly NextWorkingDay(DateOnly day) => Days().NextWorkingDay(day);

    /// <summary>The pause covering the program's date at <paramref name="instant"/>, or null.</summary>
    public CalendarEntry? PauseAt(DateTimeOffset instant) => PauseOn(DateOf(instant.UtcDateTime, clock.Zone));

    /// <summary>
    /// <paramref name="at"/> (local time in <paramref name="zone"/>) on the first working day on or after
    /// <paramref name="from"/>, as UTC: where a message held by a pause goes instead.
    /// </summary>
    public DateTime OnNextWorkingDay(DateOnly from, TimeOnly at, TimeZoneInfo zone)
    {
        var moved = NextWorkingDay(from).ToDateTime(at);
        // A time inside a spring-forward gap does not exist; an hour later does.
        if (zone.IsInvalidTime(moved)) moved = moved.AddHours(1);
        return TimeZoneInfo.ConvertTimeToUtc(moved, zone);
    }

    public static DateOnly DateOf(DateTime utc, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, zone));

    public static TimeOnly TimeOf(DateTime utc, TimeZoneInfo zone) => TimeOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, zone));

    static string NewId() => Guid.NewGuid().ToString("N")[..12];
}
