using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Updates;

/// <summary>Updates by status and next send time, reactions by update.</summary>
sealed class UpdatesSchema : ISchemaSteps
{
    public IEnumerable<SchemaStep> Steps => [new(3, "updates", V3Updates)];

    static void V3Updates(LiteDatabase db)
    {
        db.GetCollection<Update>(UpdateStore.Updates).EnsureIndex(u => u.Status);
        db.GetCollection<Update>(UpdateStore.Updates).EnsureIndex(u => u.NextAt);
        db.GetCollection<UpdateReaction>(UpdateStore.Reactions).EnsureIndex(r => r.UpdateId);
    }
}
