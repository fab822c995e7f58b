using HitBot.Core;
using HitBot.Core.ActionPlan;

namespace HitBot.Features.ActionPlan;

/// <summary>
/// The plan as a spreadsheet, in the board's order: what the central team shows the district's leadership at a check-in,
/// which before meant copying the board an item at a time. Its <c>item</c>, <c>owner_email</c> and <c>due_date</c> columns
/// are the assignment import's (<see cref="AssignmentImport"/>): edit owners and dates in the file and import it back.
/// </summary>
static class ActionPlanCsv
{
    public static readonly string[] Columns =
        ["item", "title", "phase", "owner_email", "owner_name", "due_date", "status", "blocked_reason", "overdue", "repeats", "last_change"];

    public static void Write(IEnumerable<(ActionItem Item, ActionItemView View)> items, ProgramClock clock, TextWriter output)
    {
        using var csv = SafeCsv.Writer(output);
        foreach (var column in Columns) csv.WriteField(column);
        csv.NextRecord();
        foreach (var (item, view) in items)
        {
            csv.WriteField(item.Id);
            csv.WriteField(item.Title);
            csv.WriteField(DefaultPlan.PhaseName(item.Phase));
            csv.WriteField(view.Owner?.Email ?? "");
            csv.WriteField(view.Owner is { } owner ? owner.Left ? $"{owner.Name} (left the program)" : owner.Name : "");
            csv.WriteField(item.DueDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "");
            csv.WriteField(item.Status == ItemStatus.Blocked ? "Blocked" : ActionPlanCards.StatusName(item));
            csv.WriteField(item.BlockedReason ?? "");
            csv.WriteField(view.Overdue ? "yes" : "no");
            csv.WriteField(item.Repeat is { } repeat ? ItemSeries.Describe(repeat) : "");
            csv.WriteField(item.History.Count > 0 ? CsvTimes.Local(item.History[^1].At, clock.Zone) : "");
            csv.NextRecord();
        }
    }
}
