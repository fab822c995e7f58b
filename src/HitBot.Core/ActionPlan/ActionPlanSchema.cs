using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.ActionPlan;

/// <summary>Action items by owner and, for the reminders, open ones by due date; and the default plan brought in line with the checklist's table.</summary>
sealed class ActionPlanSchema : ISchemaSteps
{
    public IEnumerable<SchemaStep> Steps =>
    [
        new(1, "action items by owner", V1Indexes),
        new(6, "plan as the checklist has it", V6PlanAsTheChecklistHasIt),
        new(21, "items the reminders can be due for", V21Reminded),
        new(23, "action items the digest and the series look read", V23DigestAndSeries),
    ];

    /// <summary>
    /// The digest reads the open items and those closed since the last one, the series look the series it advances and
    /// their occurrences (<see cref="ActionPlanStore.ForDigest"/>, <see cref="ActionPlanStore.AdvancingSeries"/>), not every item.
    /// </summary>
    static void V23DigestAndSeries(LiteDatabase db)
    {
        var items = db.GetCollection<ActionItem>(ActionPlanStore.Items);
        items.EnsureIndex(ActionPlanStore.LiveOpenIndex, ActionPlanStore.LiveOpenIndexExpression);
        items.EnsureIndex(ActionPlanStore.ClosedIndex, ActionPlanStore.ClosedIndexExpression);
        items.EnsureIndex(ActionPlanStore.AdvancingSeriesIndex, ActionPlanStore.AdvancingSeriesIndexExpression);
        items.EnsureIndex(nameof(ActionItem.SeriesId), i => i.SeriesId);
    }

    /// <summary>The reminder loop reads only the items it can remind, by due date (<see cref="ActionPlanStore.RemindedIndexExpression"/>).</summary>
    static void V21Reminded(LiteDatabase db) =>
        db.GetCollection<ActionItem>(ActionPlanStore.Items).EnsureIndex(ActionPlanStore.RemindedIndex, ActionPlanStore.RemindedIndexExpression);

    static void V1Indexes(LiteDatabase db) => db.GetCollection<ActionItem>(ActionPlanStore.Items).EnsureIndex(nameof(ActionItem.OwnerId), i => i.OwnerId);

    /// <summary>
    /// Versions before 6 seeded "Develop Data Collection and Reflection Plan" before "Implement Tutor Training and Ongoing
    /// Coaching", the other way round from the checklist's table. The seeded steps take the table's order; owners, dates,
    /// status and history stay, and a step that moves says so in its history. Items a program added keep their place after.
    /// "Conduct Regular Data Reflection Meetings" becomes a repeating item (every two weeks, on its due date's weekday) with
    /// the survey pre-read, so it no longer nags as overdue after its one due date.
    /// </summary>
    static void V6PlanAsTheChecklistHasIt(LiteDatabase db, TimeProvider time)
    {
        var items = db.GetCollection(ActionPlanStore.Items);
        var position = DefaultPlan.Steps.Select((step, i) => (step, i)).ToDictionary(x => x.step.Key, x => x.i + 1, StringComparer.Ordinal);
        db.BeginTrans();
        foreach (var doc in items.FindAll().ToList())
        {
            if (!doc["SeedKey"].IsString || !position.TryGetValue(doc["SeedKey"].AsString, out var order)) continue;
            var moved = doc["Order"].IsInt32 && doc["Order"].AsInt32 != order;
            doc["Order"] = order;
            if (doc["Title"].IsString && doc["Title"].AsString == "Adust Implementation Based on Data Insights")
                doc["Title"] = "Adjust Implementation Based on Data Insights";
            // The data plan is drawn up with training, before the first sessions: initial implementation, unless the program chose.
            if (doc["SeedKey"].AsString == "data-plan" && doc["Phase"].IsString && doc["Phase"].AsString == nameof(ActionPhase.Installation))
                doc["Phase"] = nameof(ActionPhase.InitialImplementation);
            var notes = new List<string>();
            if (moved) notes.Add($"Moved to step {order}, the place it has in the checklist's table");
            if (DefaultPlan.Repeats(doc["SeedKey"].AsString) is { } repeat && !doc["Repeat"].IsDocument && doc["Status"].AsString != nameof(ItemStatus.Done))
            {
                var day = doc["DueDate"].IsString && DateOnly.TryParseExact(doc["DueDate"].AsString, "O", out var due) ? due.DayOfWeek : repeat.Day;
                doc["Repeat"] = new BsonDocument { ["EveryWeeks"] = repeat.EveryWeeks, ["Day"] = day.ToString() };
                doc["PreRead"] = true;
                notes.Add($"Repeat: {ItemSeries.Describe(repeat with { Day = day })}; reminders carry the survey pre-read");
            }
            foreach (var note in notes)
            {
                var history = doc["History"].IsArray ? doc["History"].AsArray : [];
                history.Add(new BsonDocument
                {
                    ["PersonId"] = BsonValue.Null,
                    ["Text"] = note,
                    ["At"] = time.GetUtcNow().UtcDateTime,
                });
                doc["History"] = history;
            }
            items.Update(doc);
        }
        db.Commit();
    }
}
