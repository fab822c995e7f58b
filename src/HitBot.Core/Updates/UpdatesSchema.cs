using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Updates;

/// <summary>Updates by status, next send time and sends under way; reactions by update.</summary>
sealed class UpdatesSchema : ISchemaSteps
{
    public IEnumerable<SchemaStep> Steps => [new(3, "updates", V3Updates), new(13, "sends under way", V13SendsUnderWay), new(14, "corrections under way", V14CorrectionsUnderWay)];

    static void V3Updates(LiteDatabase db)
    {
        db.GetCollection<Update>(UpdateStore.Updates).EnsureIndex(u => u.Status);
        db.GetCollection<Update>(UpdateStore.Updates).EnsureIndex(u => u.NextAt);
        db.GetCollection<UpdateReaction>(UpdateStore.Reactions).EnsureIndex(r => r.UpdateId);
    }

    /// <summary>The scheduler looks for sends HitBot stopped partway at every look: an index, not a read of every update.</summary>
    static void V13SendsUnderWay(LiteDatabase db) => db.GetCollection<Update>(UpdateStore.Updates).EnsureIndex(u => u.SendingSince);

    /// <summary>And for corrections HitBot stopped partway (<see cref="Update.CorrectingSince"/>).</summary>
    static void V14CorrectionsUnderWay(LiteDatabase db) => db.GetCollection<Update>(UpdateStore.Updates).EnsureIndex(u => u.CorrectingSince);
}
