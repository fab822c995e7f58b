using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace HitBot.Core.Calendar;

public sealed record CalendarImportError(int Line, string Message);

public sealed record CalendarImportResult(bool Imported, int Added, int Replaced, List<CalendarImportError> Errors);

/// <summary>
/// Pauses from a CSV (<c>name,kind,first,last</c>), e.g. the district's school-year calendar. Every line is checked first;
/// with any error nothing changes, and each error names its line.
/// </summary>
public sealed class CalendarImport(ProgramCalendar calendar)
{
    public const int MaxRows = 500;
    static readonly string[] Columns = ["name", "kind", "first", "last"];

    public CalendarImportResult Import(TextReader csv)
    {
        using var reader = SafeCsv.Reader(csv);
        if (!SafeCsv.ReadHeader(reader) || reader.HeaderRecord is not { } header
            || !Columns.All(c => header.Select(h => h.Trim().ToLowerInvariant()).Contains(c)))
            return new(false, 0, 0, [new CalendarImportError(1, "The first line must be the header name,kind,first,last.")]);

        var errors = new List<CalendarImportError>();
        var entries = new List<CalendarEntry>();
        while (reader.Read())
        {
            var line = SafeCsv.FirstLine(reader.Parser);
            if (reader.Parser.Record is { } record && record.All(string.IsNullOrWhiteSpace)) continue;
            if (entries.Count + errors.Count >= MaxRows) { errors.Add(new(line, $"At most {MaxRows} lines; split the file.")); break; }
            if (SafeCsv.RunsOverLines(reader, line) is { } runs) { errors.Add(new(line, runs)); continue; }
            string? Field(string name) => reader.TryGetField<string>(name, out var v) ? v : null;
            var (entry, problems) = calendar.Check(new CalendarEntryInput(Field("name"), Field("kind"), Field("first"), Field("last")));
            if (entry is null) { errors.AddRange(problems.Select(p => new CalendarImportError(line, p))); continue; }
            if (entries.Any(e => e.First == entry.First && string.Equals(e.Name, entry.Name, StringComparison.OrdinalIgnoreCase)))
            { errors.Add(new(line, $"'{entry.Name}' from {entry.First:yyyy-MM-dd} is on an earlier line already.")); continue; }
            entries.Add(entry);
        }
        if (errors.Count > 0) return new(false, 0, 0, errors);
        var (added, replaced) = calendar.SaveAll(entries);
        return new(true, added, replaced, []);
    }
}
