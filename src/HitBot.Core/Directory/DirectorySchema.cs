using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Directory;

/// <summary>The directory's indexes: by e-mail (unique), chat identity, site, partner and interests.</summary>
sealed class DirectorySchema : ISchemaSteps
{
    public IEnumerable<SchemaStep> Steps =>
    [
        new(1, "people indexes", V1Indexes),
        new(8, "people by interest", V8PeopleByInterest),
    ];

    static void V1Indexes(LiteDatabase db)
    {
        var people = db.GetCollection<Person>(DirectoryStore.People);
        people.EnsureIndex(p => p.Email, unique: true);
        people.EnsureIndex("IdentityKeys", "$.IdentityKeys[*]", unique: false);
        people.EnsureIndex(p => p.Site);
        people.EnsureIndex(p => p.Partner);
    }

    /// <summary>
    /// Audiences find their people through an index (site, partner, or this one), not by reading the whole directory.
    /// Few people have interests, and a person with none adds nothing to a multi-key index, so an import pays nothing for it.
    /// </summary>
    static void V8PeopleByInterest(LiteDatabase db) =>
        db.GetCollection<Person>(DirectoryStore.People).EnsureIndex(DirectoryStore.InterestsIndex, "$.Interests[*]", unique: false);
}
