using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Directory;

/// <summary>The directory's indexes: by e-mail (unique), chat identity, site, partner, interests, name, role and start date.</summary>
sealed class DirectorySchema : ISchemaSteps
{
    public IEnumerable<SchemaStep> Steps =>
    [
        new(1, "people indexes", V1Indexes),
        new(8, "people by interest", V8PeopleByInterest),
        new(9, "people by name and role", V9PeopleByNameAndRole),
        new(18, "people by start date", V18PeopleByStartDate),
    ];

    static void V1Indexes(LiteDatabase db)
    {
        var people = db.GetCollection<Person>(DirectoryStore.People);
        people.EnsureIndex(nameof(Person.Email), p => p.Email, unique: true);
        people.EnsureIndex("IdentityKeys", "$.IdentityKeys[*]", unique: false);
        people.EnsureIndex(nameof(Person.Site), p => p.Site);
        people.EnsureIndex(nameof(Person.Partner), p => p.Partner);
    }

    /// <summary>
    /// Audiences find their people through an index (site, partner, or this one), not by reading the whole directory.
    /// Few people have interests, and a person with none adds nothing to a multi-key index, so an import pays nothing for it.
    /// </summary>
    static void V8PeopleByInterest(LiteDatabase db) =>
        db.GetCollection<Person>(DirectoryStore.People).EnsureIndex(DirectoryStore.InterestsIndex, "$.Interests[*]", unique: false);

    /// <summary>
    /// The people list pages in name order through the Name index instead of reading everyone; audiences of roles other
    /// than tutor seek the Roles index. Tutors are left out of it (<see cref="DirectoryStore.RolesIndexExpression"/>): most
    /// people are tutors only and add no key, so a roster import pays for the Name index alone.
    /// </summary>
    static void V9PeopleByNameAndRole(LiteDatabase db)
    {
        var people = db.GetCollection<Person>(DirectoryStore.People);
        people.EnsureIndex(DirectoryStore.NameIndex, "$.Name", unique: false);
        people.EnsureIndex(DirectoryStore.RolesIndex, DirectoryStore.RolesIndexExpression, unique: false);
    }

    /// <summary>
    /// The early check-ins look every five minutes for the tutors whose start date falls in a check-in week: a range of this
    /// index (<see cref="DirectoryStore.StartingBetween"/>) instead of a read of the whole directory (2–4 s at 100,000 people).
    /// </summary>
    static void V18PeopleByStartDate(LiteDatabase db) =>
        db.GetCollection<Person>(DirectoryStore.People).EnsureIndex(DirectoryStore.StartDateIndex, DirectoryStore.StartDateIndexExpression, unique: false);
}
