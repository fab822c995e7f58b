using HitBot.Core.Storage;

namespace HitBot.Core.Feedback;

/// <summary>The thank-yous the central team sent (<see cref="Appreciation"/>), kept so a repeated request sends nothing twice.</summary>
public sealed class AppreciationStore(HitBotDb db)
{
    public const string Collection = "appreciations";

    LiteDB.ILiteCollection<Appreciation> Items => db.Collection<Appreciation>(Collection);

    public Appreciation? Find(string id) => Items.FindById(id);

    /// <summary>
    /// Saves the thank-you without anyone erased since the request read its audience: checked in the write's transaction,
    /// so it is either saved before the erasure began (and its pass finds it) or saved without them.
    /// </summary>
    public void Save(Appreciation appreciation) => db.InTransaction(() => Items.Upsert(
        db.Erased.FirstOf(appreciation.Audience.People) is null ? appreciation
            : appreciation with { Audience = appreciation.Audience with { People = [.. appreciation.Audience.People.Where(p => !db.Erased.Contains(p))] } }));

    /// <summary>The thank-yous addressed to this person by name, for their data export.</summary>
    public List<Appreciation> Naming(string personId) => [.. Items.FindAll().Where(a => a.Audience.People.Contains(personId))];

    /// <summary>
    /// Erasing a person: a thank-you addressed to them by name no longer lists them, as an update's or a series' audience
    /// no longer does. Returns how many thank-yous changed.
    /// </summary>
    public int ErasePerson(string personId)
    {
        // A few a term: read whole, each changed again from a fresh read in its own transaction.
        var naming = Items.FindAll().Where(a => a.Audience.People.Contains(personId)).Select(a => a.Id).ToList();
        return db.InChunks(naming, chunk => chunk.Count(id =>
            Items.FindById(id) is { } thanks && thanks.Audience.People.Contains(personId)
            && Items.Update(thanks with { Audience = thanks.Audience with { People = [.. thanks.Audience.People.Where(p => p != personId)] } })));
    }
}
