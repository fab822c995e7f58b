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
}
