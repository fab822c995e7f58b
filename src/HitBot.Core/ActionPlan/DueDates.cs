namespace HitBot.Core.ActionPlan;

/// <summary>
/// What the dashboard's overview and the Monday digest both mean by "due this week" and "overdue", so the two never
/// disagree. A week is today and the six days after it: seven days, so the digest sent on a Monday covers Monday to
/// Sunday, and an item due next Monday is in next Monday's digest instead of in two of them.
/// </summary>
public static class DueDates
{
    public const int Days = 7;

    /// <summary>Due today or in the six days after (program time zone's dates).</summary>
    public static bool InThisWeek(ActionItem item, DateOnly today) =>
        item.DueDate is { } due && due >= today && due < today.AddDays(Days);

    /// <summary>Its due date is already past.</summary>
    public static bool IsOverdue(ActionItem item, DateOnly today) => item.DueDate is { } due && due < today;
}
