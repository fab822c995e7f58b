using HitBot.Core.Storage;
using HitBot.Core.Messaging.Outbox;
using LiteDB;

namespace HitBot.Core.Updates;

/// <summary>Updates by status, next send time, sends under way, send time, drafts by creation, writer and series; reactions by update and by person, and their counts.</summary>
sealed class UpdatesSchema : ISchemaSteps
{
    public IEnumerable<SchemaStep> Steps => [new(3, "updates", V3Updates), new(13, "sends under way", V13SendsUnderWay), new(14, "corrections under way", V14CorrectionsUnderWay),
        new(15, "weeks a weekly update was sent", V15SentWeeks), new(17, "reactions by person", V17ReactionsByPerson), new(19, "updates newest first", V19NewestFirst),
        new(20, "reaction counts kept", V20ReactionCounts), new(20, "updates by series", V20UpdatesBySeries)];

    static void V3Updates(LiteDatabase db)
    {
        db.GetCollection<Update>(UpdateStore.Updates).EnsureIndex(nameof(Update.Status), u => u.Status);
        db.GetCollection<Update>(UpdateStore.Updates).EnsureIndex(nameof(Update.NextAt), u => u.NextAt);
        db.GetCollection<UpdateReaction>(UpdateStore.Reactions).EnsureIndex(nameof(UpdateReaction.UpdateId), r => r.UpdateId);
    }

    /// <summary>The scheduler looks for sends HitBot stopped partway at every look: an index, not a read of every update.</summary>
    static void V13SendsUnderWay(LiteDatabase db) => db.GetCollection<Update>(UpdateStore.Updates).EnsureIndex(nameof(Update.SendingSince), u => u.SendingSince);

    /// <summary>And for corrections HitBot stopped partway (<see cref="Update.CorrectingSince"/>).</summary>
    static void V14CorrectionsUnderWay(LiteDatabase db) => db.GetCollection<Update>(UpdateStore.Updates).EnsureIndex(nameof(Update.CorrectingSince), u => u.CorrectingSince);

    /// <summary>
    /// Names on each weekly update the occurrences it was queued for (<see cref="Update.SentWeeks"/>), read once from its
    /// delivery keys ("update:ID:2026-09-07:PERSON") through the campaign index, keys only: from here on, whether a person
    /// received it is a look-up per week. Updates are few (hundreds); their rows may be a million, so no row is loaded.
    /// </summary>
    static void V15SentWeeks(LiteDatabase db)
    {
        var updates = db.GetCollection<Update>(UpdateStore.Updates);
        var deliveries = db.GetCollection(OutboxStore.Collection);
        foreach (var update in updates.FindAll().Where(u => u.Schedule?.IsRecurring == true).ToList())
        {
            var prefix = update.Campaign + ":";
            var weeks = deliveries.Query().Where(BsonExpression.Create("Campaign = @0", new BsonValue(update.Campaign)))
                .Select(KeyOnly).ToDocuments()
                .Select(row => WeekOf(row["_id"].AsString, prefix)).OfType<string>()
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (weeks.Count > 0) updates.Update(update with { SentWeeks = weeks });
        }
    }

    /// <summary>Erasing a person finds their reactions by this index instead of reading every reaction of every update.</summary>
    static void V17ReactionsByPerson(LiteDatabase db) =>
        db.GetCollection<UpdateReaction>(UpdateStore.Reactions).EnsureIndex(nameof(UpdateReaction.PersonId), r => r.PersonId);

    static readonly BsonExpression KeyOnly = BsonExpression.Create("{ _id: $._id }");

    /// <summary>The week in a weekly delivery's key, or null for a one-off's key ("update:ID:PERSON").</summary>
    static string? WeekOf(string key, string prefix) =>
        key.Length > prefix.Length + 11 && key[prefix.Length + 10] == ':'
        && DateOnly.TryParseExact(key.AsSpan(prefix.Length, 10), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out _)
            ? key.Substring(prefix.Length, 10)
            : null;

    /// <summary>
    /// Updates newest first without reading them all: sent ones by send time ("latest update", the overview, the list),
    /// drafts by creation through an index that holds only drafts, and a partner lead's own through their writer.
    /// </summary>
    static void V19NewestFirst(LiteDatabase db)
    {
        var updates = db.GetCollection<Update>(UpdateStore.Updates);
        updates.EnsureIndex(nameof(Update.SentAt), u => u.SentAt);
        updates.EnsureIndex(UpdateStore.DraftsIndex, UpdateStore.DraftsIndexExpression);
        updates.EnsureIndex(nameof(Update.CreatedBy), u => u.CreatedBy);
    }

    /// <summary>Reports read each update's reaction counts from one document, kept as reactions change; a file from before counts once here.</summary>
    static void V20ReactionCounts(LiteDatabase db)
    {
        db.BeginTrans();
        ReactionCountStore.CountExisting(db);
        db.Commit();
    }

    /// <summary>A series' drafts and sent issues through an index: the series runner asks at every look, and updates only grow.</summary>
    static void V20UpdatesBySeries(LiteDatabase db) => db.GetCollection<Update>(UpdateStore.Updates).EnsureIndex(nameof(Update.SeriesId), u => u.SeriesId);
}
