using System.Globalization;

namespace HitBot.Core.Calendar;

/// <summary>A calendar entry as the central team writes it (admin API or one CSV line): every field checked, with what to fix.</summary>
public sealed record CalendarEntryInput(string? Name, string? Kind, string? First, string? Last)
{
    public const int MaxName = 100;
    /// <summary>A school year: anything longer is a typo in a year, not a break.</summary>
    public const int MaxDays = 366;

    public static readonly string KindsText = string.Join(", ", Enum.GetValues<CalendarKind>().Select(CalendarEntry.KindName));

    /// <summary>The entry, or the problems with the input (then no entry).</summary>
    public (CalendarEntry? Entry, List<string> Problems) Parse(string id, DateTime now)
    {
        var problems = new List<string>();
        var name = Name?.Trim() ?? "";
        if (name.Length == 0) problems.Add("name: say what the pause is, e.g. Winter break.");
        else if (name.Length > MaxName) problems.Add($"name: at most {MaxName} characters.");
        else if (MarkdownText.LineBreakProblem("name", name) is { } broken) problems.Add(broken);
        CalendarKind kind = default;
        if (Kind is null || !Enum.TryParse(Kind.Trim(), ignoreCase: true, out kind) || int.TryParse(Kind, out _))
            problems.Add($"kind: '{Kind}' is not one of {KindsText}.");
        var first = Date("first", First, problems);
        var last = Date("last", Last, problems);
        var today = DateOnly.FromDateTime(now);
        if (first is { } far && !TypedDates.IsNear(far, today)) problems.Add(TypedDates.Problem("first", far));
        else if (last is { } farLast && !TypedDates.IsNear(farLast, today)) problems.Add(TypedDates.Problem("last", farLast));
        else if (first is { } f && last is { } l)
        {
            if (l < f) problems.Add($"last: {l:yyyy-MM-dd} is before first ({f:yyyy-MM-dd}); the last day must be on or after the first.");
            else if (l.DayNumber - f.DayNumber + 1 > MaxDays) problems.Add($"last: a pause is at most {MaxDays} days; check the years.");
        }
        if (problems.Count > 0 || first is not { } firstDay || last is not { } lastDay) return (null, problems);
        return (new CalendarEntry { Id = id, Name = name, Kind = kind, First = firstDay, Last = lastDay, CreatedAt = now }, []);
    }

    static DateOnly? Date(string field, string? text, List<string> problems)
    {
        if (DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        problems.Add(string.IsNullOrWhiteSpace(text)
            ? $"{field}: give the {(field == "first" ? "first" : "last")} day, as a date like 2026-12-21."
            : $"{field}: '{text}' is not a date like 2026-12-21.");
        return null;
    }
}
