using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using LiteDB;

namespace HitBot.Core.Storage;

/// <summary>
/// Schema steps, applied in order once each; the version lives in the file (LiteDB's user_version pragma),
/// so a newer HitBot opening an older file upgrades it and an older HitBot refuses a newer file.
/// </summary>
static class Migrations
{
    public const int Current = 1;

    static readonly Action<LiteDatabase>[] Steps =
    [
        V1Indexes,
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
        deliveries.EnsureIndex(d => d.IdempotencyKey, unique: true);
        deliveries.EnsureIndex(d => d.DueAt);
        deliveries.EnsureIndex(d => d.Campaign);
        deliveries.EnsureIndex(d => d.State);

        var items = db.GetCollection<ActionItem>(ActionPlanStore.Items);
        items.EnsureIndex(i => i.OwnerId);

        db.GetCollection<InboundActivity>(InboundStore.Collection).EnsureIndex(a => a.ReceivedAt);
    }
}
