using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Feedback;
using HitBot.Core.Surveys;
using HitBot.Core.Messaging;
using HitBot.Core.Updates;
using LiteDB;

namespace HitBot.Core.Storage;

/// <summary>
/// Schema steps, applied in order once each; the version lives in the file (LiteDB's user_version pragma),
/// so a newer HitBot opening an older file upgrades it and an older HitBot refuses a newer file.
/// </summary>
static class Migrations
{
    public const int Current = 9;

    static readonly Action<LiteDatabase>[] Steps =
    [
        V1Indexes,
        V2DeliveryKeyIsTheId,
        V3Updates,
        V4Feedback,
        V5Surveys,
        V6PlanAsTheChecklistHasIt,
        V7MessagesStoredOnce,
        V8PeopleByInterest,
        V9OnlyWaitingRowsAreDue,
    ];

    public static void Apply(LiteDatabase db)
    {
        if (db.UserVersion > Current)
            throw new InvalidOperationException(
                $"The database file has schema version {db.UserVersion}, newer than this HitBot understands ({Current}). Use a newer HitBot or restore a backup.");

        for (var version = db.UserVersion; version < Current; version++)
        {
            Steps[version](db);
            db.UserVersion = version + 1;
        }
    }

    static void V1Indexes(LiteDatabase db)
    {
        var people = db.GetCollection<Person>(DirectoryStore.People);
        people.EnsureIndex(p => p.Email, unique: true);
        people.EnsureIndex("IdentityKeys", "$.IdentityKeys[*]", unique: false);
        people.EnsureIndex(p => p.Site);
        people.EnsureIndex(p => p.Partner);

        var deliveries = db.GetCollection<Delivery>(OutboxStore.Collection);
        deliveries.EnsureIndex(d => d.DueAt);
        deliveries.EnsureIndex(d => d.Campaign);

        var items = db.GetCollection<ActionItem>(ActionPlanStore.Items);
        items.EnsureIndex(i => i.OwnerId);

        db.GetCollection<InboundActivity>(InboundStore.Collection).EnsureIndex(a => a.ReceivedAt);
    }

    /// <summary>
    /// Version 1 kept a random _id plus unique IdempotencyKey and State indexes; every index costs each insert and
    /// update a write, which made queueing a 10,000-person update slow. The key is now the _id.
    /// </summary>
    static void V2DeliveryKeyIsTheId(LiteDatabase db)
    {
        var deliveries = db.GetCollection(OutboxStore.Collection);
        db.BeginTrans();
        var old = deliveries.Find(Query.Not("IdempotencyKey", BsonValue.Null)).ToList();
        foreach (var row in old)
        {
            deliveries.Delete(row["_id"]);
            row["_id"] = row["IdempotencyKey"];
            row.Remove("IdempotencyKey");
            deliveries.Insert(row);
        }
        db.Commit();
        deliveries.DropIndex("IdempotencyKey");
        deliveries.DropIndex("State");
    }

    static void V3Updates(LiteDatabase db)
    {
        db.GetCollection<Update>(UpdateStore.Updates).EnsureIndex(u => u.Status);
        db.GetCollection<Update>(UpdateStore.Updates).EnsureIndex(u => u.NextAt);
        db.GetCollection<UpdateReaction>(UpdateStore.Reactions).EnsureIndex(r => r.UpdateId);
    }

    static void V4Feedback(LiteDatabase db)
    {
        var feedback = db.GetCollection<FeedbackItem>(FeedbackStore.Collection);
        feedback.EnsureIndex(f => f.Number);
        feedback.EnsureIndex(f => f.Status);
        feedback.EnsureIndex(f => f.UpdateId);
    }

    static void V5Surveys(LiteDatabase db)
    {
        var runs = db.GetCollection<SurveyRun>(SurveyStore.Runs);
        runs.EnsureIndex(r => r.Status);
        runs.EnsureIndex(r => r.SurveyId);
        db.GetCollection<SurveyResponse>(SurveyStore.Responses).EnsureIndex(r => r.RunId);
    }

    /// <summary>
    /// Versions before 6 seeded "Develop Data Collection and Reflection Plan" before "Implement Tutor Training and Ongoing
    /// Coaching", the other way round from the checklist's table. The seeded steps take the table's order; owners, dates,
    /// status and history stay, and a step that moves says so in its history. Items a program added keep their place after.
    /// "Conduct Regular Data Reflection Meetings" becomes a repeating item (every two weeks, on its due date's weekday) with
    /// the survey pre-read, so it no longer nags as overdue after its one due date.
    /// </summary>
    static void V6PlanAsTheChecklistHasIt(LiteDatabase db)
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
                    ["At"] = DateTime.UtcNow,
                });
                doc["History"] = history;
            }
            items.Update(doc);
        }
        db.Commit();
    }

    /// <summary>
    /// From version 7 a fan-out's message is stored once in the <c>messages</c> collection and its rows name it
    /// (<see cref="Delivery.MessageId"/>). Rows written before keep their message inline and are read as they are, so
    /// nothing is rewritten; the version is raised so that an older HitBot, which would find such rows empty, refuses the file.
    /// </summary>
    static void V7MessagesStoredOnce(LiteDatabase db) => db.GetCollection<SharedMessage>(MessageStore.Collection);

    /// <summary>
    /// Audiences find their people through an index (site, partner, or this one), not by reading the whole directory.
    /// Few people have interests, and a person with none adds nothing to a multi-key index, so an import pays nothing for it.
    /// </summary>
    static void V8PeopleByInterest(LiteDatabase db) =>
        db.GetCollection<Person>(DirectoryStore.People).EnsureIndex(DirectoryStore.InterestsIndex, "$.Interests[*]", unique: false);

    /// <summary>
    /// The due index holds only rows still waiting to go: a finished row (its due time <see cref="Delivery.NotDue"/>) gets
    /// no key. Version 8's index kept every finished row at its end, and each recorded send walked past them to add one
    /// more. Rebuilding the index is the whole step: no row is rewritten or moved, so every reader sees the same rows; the
    /// version is raised so that an older HitBot, whose claims would read the whole collection without its index, refuses the file.
    /// </summary>
    static void V9OnlyWaitingRowsAreDue(LiteDatabase db)
    {
        var deliveries = db.GetCollection<Delivery>(OutboxStore.Collection);
        deliveries.DropIndex(nameof(Delivery.DueAt));
        deliveries.EnsureIndex(OutboxStore.DueIndex, OutboxStore.DueIndexExpression);
    }
}
