using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace HitBot.Core;

/// <summary>
/// Every CSV HitBot writes goes through here. Cells are people's own words (names, free-text answers, feedback), and a
/// spreadsheet runs a cell starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR as a formula; CsvHelper's
/// injection escaping puts a <c>'</c> before such a cell. HitBot writes no negative numbers, so numbers stay as they are.
/// </summary>
public static class SafeCsv
{
    static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
        InjectionCharacters = ['=', '+', '-', '@', '\t', '\r'],
    };

    public static CsvWriter Writer(TextWriter output) => new(output, Configuration, leaveOpen: true);

    /// <summary>
    /// How HitBot reads the CSVs people upload (roster, assignments, calendar): headers in any case and order, the
    /// delimiter a spreadsheet chose (comma or semicolon), cells trimmed; a stray quote is a bad line we report, not a crash.
    /// </summary>
    public static CsvReader Reader(TextReader input) => new(input, new CsvConfiguration(CultureInfo.InvariantCulture)
    {
        PrepareHeaderForMatch = a => a.Header.Trim().ToLowerInvariant(),
        DetectDelimiter = true,
        TrimOptions = TrimOptions.Trim,
        BadDataFound = null,
    });

    /// <summary>
    /// Reads the header line, past a first line <c>sep=;</c> (or <c>sep=,</c>, tab…): a file made for Excel names its
    /// separator there, and read as the header it refused the file for columns that were on the next line. The delimiter
    /// detection still chooses the separator (that line has it too), and lines keep the numbers the file has.
    /// </summary>
    public static bool ReadHeader(CsvReader reader)
    {
        if (!reader.Read()) return false;
        if (reader.Parser.RawRecord.Trim().Trim('"').StartsWith("sep=", StringComparison.OrdinalIgnoreCase) && !reader.Read()) return false;
        return reader.ReadHeader();
    }

    /// <summary>
    /// The line a record starts on, as an editor numbers it: CsvHelper's <c>RawRow</c> is the line it ends on, so an error
    /// in a cell over several lines (or a quote never closed, to the end of the file) named a line far below it, and the
    /// dashboard offered that line to correct.
    /// </summary>
    public static int FirstLine(IParser parser)
    {
        var raw = parser.RawRecord;
        var breaks = raw.Count(c => c == '\n');
        // The line end after the record is not a line of it, unless a quote never closed took it into its last cell.
        if (raw.EndsWith('\n') && !(parser.Record is { Length: > 0 } cells && cells[^1].EndsWith('\n'))) breaks--;
        return parser.RawRow - breaks;
    }

    /// <summary>
    /// Why the record starting on <paramref name="line"/> is refused when one of <paramref name="columns"/> (all when null)
    /// holds a line break; null when none does. A quote opened and never closed makes the rest of the file one cell, so the
    /// lines after it were silently not read (or, short enough, saved inside a name).
    /// </summary>
    public static string? RunsOverLines(CsvReader reader, int line, IEnumerable<string>? columns = null)
    {
        string Field(string name) => reader.TryGetField<string>(name, out var v) && v is not null ? v : "";
        var broken = (columns ?? reader.HeaderRecord ?? []).FirstOrDefault(c => Field(c).Contains('\n', StringComparison.Ordinal));
        if (broken is null) return null;
        var last = line + reader.Parser.RawRecord.TrimEnd('\r', '\n').Count(c => c == '\n');
        return $"The '{broken.Trim()}' cell runs from this line on to line {last}: a double quote (\") opens it and is never closed, or the cell has a line break. " +
               $"Close the quote or take the line break out; lines {line} to {last} were read as this one line.";
    }
}
