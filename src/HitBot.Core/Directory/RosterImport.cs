using System.Globalization;
using System.Net.Mail;
using CsvHelper;
using CsvHelper.Configuration;

namespace HitBot.Core.Directory;

/// <summary>
/// Reads a roster CSV (columns name, email, role, site, partner, start date, language, time zone; header required, any order, any case)
/// and writes it to the directory. Bad lines are reported by line number; unless the caller asks to skip
/// them, one bad line means nothing is imported.
/// </summary>
public sealed class RosterImport(DirectoryStore store, TimeProvider time, RosterSignal? imported = null)
{
    public const int MaxRows = 50_000;
    static readonly string[] Required = ["name", "email", "role"];

    /// <param name="deactivateMissing">Deactivate every active person whose e-mail is not in the file (people who left the program).</param>
    /// <param name="preview">Change nothing; answer what the import would do, with who would be deactivated and who would lose a role.</param>
    public RosterImportResult Import(TextReader csv, bool skipInvalid, bool deactivateMissing = false, bool preview = false)
    {
        var (rows, allErrors) = Parse(csv, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        var errors = Listed(allErrors);
        if (errors.Count > 0 && (!skipInvalid || rows.Count == 0 && errors.Any(e => e.Line <= 1)))
            return new RosterImportResult(false, 0, 0, 0, 0, errors);
        // A bad line's person would count as missing and be deactivated by mistake: fix the file first.
        if (deactivateMissing && errors.Count > 0)
            return new RosterImportResult(false, 0, 0, 0, 0,
                [.. errors, new RosterError(0, "deactivateMissing needs a file without bad lines: a person on a bad line would be deactivated by mistake.")]);

        var inFile = rows.Select(r => DirectoryStore.NormalizeEmail(r.Email)).ToHashSet(StringComparer.Ordinal);
        var missing = deactivateMissing
            ? store.All().Where(p => !p.Inactive && !inFile.Contains(p.Email)).Select(p => new RosterPersonRef(p.Id, p.Name, p.Email, p.Roles)).ToList()
            : [];
        var rolesRemoved = new List<RosterRoleChange>();
        if (preview)
        {
            var (wouldCreate, wouldUpdate) = store.PreviewRoster(rows, time.GetUtcNow(), rolesRemoved);
            return new RosterImportResult(true, wouldCreate, wouldUpdate, rows.Count - wouldCreate - wouldUpdate, allErrors.Count, errors)
                { Deactivated = missing, RolesRemoved = rolesRemoved, Preview = true };
        }

        var (created, updated) = store.SaveRoster(rows, time.GetUtcNow(), [.. missing.Select(m => m.Id)], rolesRemoved);
        if (created + updated + missing.Count > 0) imported?.Notify();
        return new RosterImportResult(true, created, updated, rows.Count - created - updated, allErrors.Count, errors)
            { Deactivated = missing, RolesRemoved = rolesRemoved };
    }

    /// <summary>The most bad lines an answer lists: a district file with a mistake down a whole column has thousands.</summary>
    public const int MaxErrorsListed = 100;

    /// <summary>
    /// The first <see cref="MaxErrorsListed"/> bad lines and, on the one after them, how many more there are (each role
    /// error alone names every accepted role: 50,000 of them were a 35 MB answer and a page of 50,000 fields to correct).
    /// </summary>
    static List<RosterError> Listed(List<RosterError> errors) =>
        errors.Count <= MaxErrorsListed + 1 ? errors
        : [.. errors.Take(MaxErrorsListed), errors[MaxErrorsListed] with
        {
            Message = errors[MaxErrorsListed].Message + string.Create(CultureInfo.InvariantCulture,
                $" And {errors.Count - MaxErrorsListed - 1:N0} more bad lines after this one, not listed: fix these (the same mistake down a column is often all of them) and import again to see what is left."),
        }];

    /// <param name="today">With it, a start date more than <see cref="TypedDates.MaxYearsAway"/> years away is a bad line.</param>
    public static (List<RosterRow> Rows, List<RosterError> Errors) Parse(TextReader csv, DateOnly? today = null)
    {
        var rows = new List<RosterRow>();
        var errors = new List<RosterError>();
        using var reader = SafeCsv.Reader(csv);

        if (!SafeCsv.ReadHeader(reader) || reader.HeaderRecord is not { } header)
        {
            errors.Add(new RosterError(1, "The file is empty. The first line must be a header: name,email,role,site,partner."));
            return (rows, errors);
        }
        var columns = header.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var missing = Required.Where(r => !columns.Contains(r)).ToList();
        if (missing.Count > 0)
        {
            errors.Add(new RosterError(1, $"The header is missing the column(s) {string.Join(", ", missing)}. Expected: name,email,role,site,partner."));
            return (rows, errors);
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var line = SafeCsv.FirstLine(reader.Parser);
            if (rows.Count + errors.Count >= MaxRows)
            {
                // First, so that listing only the first bad lines (Listed) never hides why the rest of the file was not read.
                errors.Insert(0, new RosterError(line, string.Create(CultureInfo.InvariantCulture, $"A roster can have at most {MaxRows:N0} people; this line and the ones after it were not read: split the file.")));
                break;
            }
            if (reader.Parser.Record is { } record && record.All(string.IsNullOrWhiteSpace)) continue;

            var row = ParseRow(reader, line, today, out var error);
            // A cell the header has no column for is a delimiter inside an unquoted cell ("Site Champion;Tutor" in a
            // semicolon file): the cells after it moved one column (the second role read as the site), even when the
            // cell left over at the end is empty.
            if (error is null && reader.Parser.Record is { } cells && cells.Length > header.Length)
            {
                row = null;
                error = $"This line has more cells than the header: is there a '{reader.Parser.Delimiter}' inside a cell? Put that cell in double quotes.";
            }
            if (error is not null) errors.Add(new RosterError(line, error));
            else if (row is not null && seen.TryGetValue(row.Email, out var first))
                errors.Add(new RosterError(line, $"The e-mail {row.Email} is already on line {first}."));
            else if (row is not null)
            {
                seen[row.Email] = line;
                rows.Add(row);
            }
        }
        return (rows, errors);
    }

    static RosterRow? ParseRow(CsvReader reader, int line, DateOnly? today, out string? error)
    {
        string Field(string name) => reader.TryGetField<string>(name, out var v) && v is not null ? v.Trim() : "";

        var startText = StartDateColumns.Select(Field).FirstOrDefault(v => v.Length > 0) ?? "";
        var hasStartDate = StartDateColumns.Any(c => reader.HeaderRecord!.Any(h => h.Trim().Equals(c, StringComparison.OrdinalIgnoreCase)));
        var name = Field("name");
        var email = DirectoryStore.NormalizeEmail(Field("email"));
        var roleText = Field("role");
        var site = Field("site");
        var partner = Field("partner");
        var languageText = Field("language");
        var zoneText = TimeZoneColumns.Select(Field).FirstOrDefault(v => v.Length > 0) ?? "";

        error = null;
        if (SafeCsv.RunsOverLines(reader, line, OneLine) is { } runs)
        {
            error = runs;
            return null;
        }
        if (name.Length == 0) error = "The name is empty.";
        else if (name.Length > 200) error = "The name is longer than 200 characters.";
        else if (!IsEmail(email)) error = $"'{Field("email")}' is not an e-mail address.";
        else if (roleText.Length == 0) error = "The role is empty.";
        else if (site.Length > Site.MaxNameLength) error = TooLong("site", site);
        else if (partner.Length > Site.MaxNameLength) error = TooLong("partner", partner);
        else if ((NoLetters("site", site) ?? NoLetters("partner", partner)) is { } nameless) error = nameless;
        DateOnly? startDate = null;
        if (error is null && startText.Length > 0)
        {
            // A year typed wrong (2062 for 2026) would silently skip the person's early check-ins (weeks 2 and 6).
            if (ParseDate(startText) is not { } parsed) error = $"'{startText}' in 'start date' is not a date; write it as 2026-03-02 (or 3/2/2026).";
            else if (today is { } now && !TypedDates.IsNear(parsed, now))
                error = $"'{startText}' in 'start date' is more than {TypedDates.MaxYearsAway} years from today; check the year.";
            else startDate = parsed;
        }
        string? language = null;
        if (error is null && languageText.Length > 0)
        {
            if (LanguageTag.Parse(languageText) is { } tag) language = tag;
            else error = $"'{MaxShown(languageText)}' in 'language' is not a language HitBot knows: {LanguageTag.HintFor(languageText)}.";
        }
        string? timeZone = null;
        if (error is null && zoneText.Length > 0)
        {
            if (ZoneName.Parse(zoneText) is { } zone) timeZone = zone;
            else error = $"'{MaxShown(zoneText)}' in 'time zone' is not a time zone HitBot knows: {ZoneName.Hint}.";
        }
        if (error is not null) return null;

        var roles = new List<string>();
        // No role's name has a comma: a quoted "Tutor, Site Champion" is how spreadsheets write a list in one cell.
        foreach (var part in roleText.Split([';', '|', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Roles.Parse(part) is not { } role)
            {
                error = $"'{part}' is not a role of the program. Accepted: {Roles.AcceptedNames()}.";
                return null;
            }
            if (!roles.Contains(role)) roles.Add(role);
        }
        return new RosterRow(line, name, email, roles, site.Length == 0 ? null : site, partner.Length == 0 ? null : partner, startDate, hasStartDate, language, timeZone);
    }

    static string TooLong(string column, string text) => string.Create(CultureInfo.InvariantCulture,
        $"The {column} '{MaxShown(text)}' is {text.Length:N0} characters; a {column} name has at most {Site.MaxNameLength}: write the name alone.");

    /// <summary>
    /// A site or partner is known by its name's letters and digits (<see cref="Slug"/>): "-" or "—" (a spreadsheet's "none")
    /// would be a site with an empty id, one Slack's pickers cannot offer.
    /// </summary>
    static string? NoLetters(string column, string text) => text.Length > 0 && Slug.Of(text).Length == 0
        ? $"The {column} '{MaxShown(text)}' has no letter or digit to name it by: write its name, or leave the cell empty for none."
        : null;

    /// <summary>A cell quoted back in an error, cut short: a pasted paragraph would bury the line's other errors.</summary>
    internal static string MaxShown(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>"start date" as the issue and the README spell it; spreadsheet exports often write it with _ or no space.</summary>
    static readonly string[] StartDateColumns = ["start date", "start_date", "startdate"];

    /// <summary>"time zone" as the README spells it, and as spreadsheet exports write it.</summary>
    static readonly string[] TimeZoneColumns = ["time zone", "time_zone", "timezone"];

    /// <summary>
    /// The columns whose cell is one line. A quote opened and never closed makes the rest of the file one cell (the people
    /// after it are silently not imported); a line break typed in a name (Alt+Enter in Excel) splits it in every card.
    /// Other columns (a district's notes) may hold line breaks.
    /// </summary>
    static readonly string[] OneLine = ["name", "email", "role", "site", "partner", "language", .. StartDateColumns, .. TimeZoneColumns];

    /// <summary>ISO dates, and the US month/day/year a district spreadsheet exports.</summary>
    static DateOnly? ParseDate(string text) =>
        DateOnly.TryParseExact(text, ["yyyy-MM-dd", "M/d/yyyy", "M/d/yy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    static bool IsEmail(string text) =>
        text.Length is > 2 and <= 254 && MailAddress.TryCreate(text, out var address)
        && address.Address == text && address.Host.Contains('.', StringComparison.Ordinal);
}
