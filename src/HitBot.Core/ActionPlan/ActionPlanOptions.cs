using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace HitBot.Core.ActionPlan;

/// <summary>When action-plan reminders, escalations and the weekly digest go out.</summary>
public sealed class ActionPlanOptions : IValidatableObject
{
    public const string Section = "HitBot:ActionPlan";

    /// <summary>Days before the due date to remind the owner, comma separated; 0 is the due date itself.</summary>
    public string RemindDaysBefore { get; set; } = "7,1,0";

    /// <summary>While overdue, remind again every this many working days (Monday to Friday).</summary>
    [Range(1, 30, ErrorMessage = "HitBot:ActionPlan:OverdueEveryWorkingDays must be between 1 and 30.")]
    public int OverdueEveryWorkingDays { get; set; } = 3;

    /// <summary>The owners' working hours, in each owner's own time zone ("HH:mm").</summary>
    public string WorkdayStart { get; set; } = "09:00";
    public string WorkdayEnd { get; set; } = "17:00";

    /// <summary>Items overdue by more than this many days go to the executive champions and the central team.</summary>
    [Range(0, 365, ErrorMessage = "HitBot:ActionPlan:EscalateAfterDaysOverdue must be between 0 and 365.")]
    public int EscalateAfterDaysOverdue { get; set; } = 7;

    /// <summary>The central team's weekly digest: day and time in the program's time zone.</summary>
    public string DigestDay { get; set; } = "Monday";
    public string DigestTime { get; set; } = "08:00";

    public IReadOnlyList<int> DaysBefore() =>
        [.. RemindDaysBefore.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => int.Parse(d, CultureInfo.InvariantCulture)).Distinct().OrderDescending()];

    // Methods, not properties: validation reads every property, and these only make sense once validation passed.
    public TimeOnly Start() => TimeOnly.ParseExact(WorkdayStart, "HH:mm", CultureInfo.InvariantCulture);
    public TimeOnly End() => TimeOnly.ParseExact(WorkdayEnd, "HH:mm", CultureInfo.InvariantCulture);
    public DayOfWeek DigestWeekday() => Enum.Parse<DayOfWeek>(DigestDay, ignoreCase: true);
    public TimeOnly DigestAt() => TimeOnly.ParseExact(DigestTime, "HH:mm", CultureInfo.InvariantCulture);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Empty (a line left blank in an environment file) is a list of no days: no owner was reminded before an item was overdue.
        var days = RemindDaysBefore.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (days.Length == 0 || !days.All(d => int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 90))
            yield return new ValidationResult("HitBot:ActionPlan:RemindDaysBefore must be whole days from 0 to 90, comma separated, e.g. 7,1,0 (0 alone: on the due date only).");
        if (!IsTime(WorkdayStart) || !IsTime(WorkdayEnd) || Start() >= End())
            yield return new ValidationResult("HitBot:ActionPlan:WorkdayStart and WorkdayEnd must be HH:mm with the start before the end, e.g. 09:00 and 17:00.");
        // Enum.TryParse also takes numbers and lists: "Monday,Friday" was read as one day, Friday (1 | 5), and started.
        if (!Enum.GetNames<DayOfWeek>().Contains(DigestDay.Trim(), StringComparer.OrdinalIgnoreCase))
            yield return new ValidationResult("HitBot:ActionPlan:DigestDay must be one day of the week, e.g. Monday (the digest goes once a week).");
        if (!IsTime(DigestTime))
            yield return new ValidationResult("HitBot:ActionPlan:DigestTime must be HH:mm, e.g. 08:00.");
    }

    static bool IsTime(string value) => TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
