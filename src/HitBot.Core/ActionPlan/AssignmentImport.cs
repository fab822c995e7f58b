using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using HitBot.Core.Directory;

namespace HitBot.Core.ActionPlan;

public sealed record AssignmentError(int Line, string Message);

public sealed record AssignmentImportResult(bool Imported, int Changed, List<AssignmentError> Errors);

/// <summary>
/// Owners and due dates from a CSV (<c>item,owner_email,due_date</c>): the item is its id or its exact title (a seeded step
/// also by the checklist table's own spelling, <see cref="DefaultPlan.ChecklistSpelling"/>). Every line
/// is checked first; with any error nothing changes, and each error names its line.
/// </summary>
public sealed class AssignmentImport(ActionPlanStore store, ActionItemChanges changes, PeopleDirectory directory)
{
    public const int MaxRows = 1000;
    static readonly string[] Columns = ["item", "owner_email", "due_date"];

    public AssignmentImportResult Import(TextReader csv)
    {
        using var reader = SafeCsv.Reader(csv);
        var errors = new List<AssignmentError>();
        if (!SafeCsv.ReadHeader(reader) || reader.HeaderRecord is not { } header
            || !Columns.All(c => header.Select(h => h.Trim().ToLowerInvariant()).Contains(c)))
            return new(false, 0, [new AssignmentError(1, "The first line must be the header item,owner_email,due_date.")]);

        var items = store.All().Where(i => !i.Archived).ToList();
        var edits = new List<(string Id, ItemEdit Edit)>();
        while (reader.Read())
        {
            var line = SafeCsv.FirstLine(reader.Parser);
            if (reader.Parser.Record is { } record && record.All(string.IsNullOrWhiteSpace)) continue;
            if (edits.Count + errors.Count >= MaxRows) { errors.Add(new(line, $"At most {MaxRows} lines; split the file.")); break; }
            if (SafeCsv.RunsOverLines(reader, line) is { } runs) { errors.Add(new(line, runs)); continue; }
            string Field(string name) => reader.TryGetField<string>(name, out var v) && v is not null ? v.Trim() : "";
            var key = Field("item");
            var item = items.FirstOrDefault(i => i.Id == key) ?? items.FirstOrDefault(i => string.Equals(i.Title, key, StringComparison.OrdinalIgnoreCase))
                ?? items.FirstOrDefault(i => i.SeedKey is { } seed && string.Equals(DefaultPlan.ChecklistSpelling(seed), key, StringComparison.OrdinalIgnoreCase));
            if (item is null) { errors.Add(new(line, $"'{key}' is not an item of the plan (use its id or its exact title).")); continue; }
            var email = Field("owner_email").ToLowerInvariant();
            var owner = email.Length > 0 ? directory.FindByEmail(email) : null;
            if (email.Length > 0 && owner is null) { errors.Add(new(line, $"{email} is not on the roster.")); continue; }
            if (owner is { Inactive: true } && owner.Id != item.OwnerId) { errors.Add(new(line, $"{email} has left the program, so they would get no reminders.")); continue; }
            var dueText = Field("due_date");
            DateOnly? due = null;
            if (dueText.Length > 0)
            {
                if (!DateOnly.TryParseExact(dueText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                { errors.Add(new(line, $"due_date '{dueText}' is not a date like 2026-03-12.")); continue; }
                // Checked here as well as in the edit: all lines are checked before any changes, so nothing half-imports.
                if (!TypedDates.IsNear(parsed, changes.TodayFor(null))) { errors.Add(new(line, TypedDates.Problem("due_date", parsed))); continue; }
                due = parsed;
            }
            if (edits.Any(e => e.Id == item.Id)) { errors.Add(new(line, $"'{item.Title}' is on an earlier line already.")); continue; }
            edits.Add((item.Id, new ItemEdit(OwnerEmail: email.Length > 0 ? email : null, DueDate: due)));
        }
        if (errors.Count > 0) return new(false, 0, errors);
        var changed = edits.Count(e => changes.Edit(e.Id, e.Edit).Outcome == ChangeOutcome.Changed);
        return new(true, changed, []);
    }
}
