using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.ActionPlan;

/// <summary>Action items in LiteDB, and the one-time seeding of the default plan.</summary>
public sealed partial class ActionPlanStore(HitBotDb db)
{
    public const string Items = "action_items";
    public const string Meta = "meta";
    const string SeededMarker = "seed:action-plan";

    sealed record MetaEntry
    {
        public string Id { get; init; } = "";
        public DateTime At { get; init; }
    }

    ILiteCollection<ActionItem> ItemsCollection => db.Collection<ActionItem>(Items);

    /// <summary>
    /// Seeds the default plan the first time only. The marker, not the items, records that it happened,
    /// so a program that edited, archived or deleted steps keeps its plan across restarts.
    /// </summary>
    public bool SeedDefaultPlanOnce(DateTimeOffset now) => db.InTransaction(() =>
    {
        var meta = db.Collection<MetaEntry>(Meta);
        if (meta.FindById(SeededMarker) is not null) return false;
        var order = 0;
        foreach (var (key, phase, title, description) in DefaultPlan.Steps)
        {
            ItemsCollection.Insert(new ActionItem
            {
                Repeat = DefaultPlan.Repeats(key),
                PreRead = DefaultPlan.Repeats(key) is not null,
                Id = key,
                SeedKey = key,
                Order = ++order,
                Title = title,
                Description = description,
                Phase = phase,
                Status = ItemStatus.NotStarted,
                CreatedAt = now.UtcDateTime,
                UpdatedAt = now.UtcDateTime,
            });
        }
        meta.Insert(new MetaEntry { Id = SeededMarker, At = now.UtcDateTime });
        return true;
    });

    public ActionItem? Find(string id) => ItemsCollection.FindById(id);

    /// <summary>A marker with a time, e.g. when the last weekly digest went out.</summary>
    public DateTime? MetaTime(string key) => db.Collection<MetaEntry>(Meta).FindById(key)?.At;

    public void SetMetaTime(string key, DateTime at) => db.Collection<MetaEntry>(Meta).Upsert(new MetaEntry { Id = key, At = at });

    public List<ActionItem> All() => ItemsCollection.Query().OrderBy(i => i.Order).ToList();

    /// <summary>A person's open items, soonest first; a repeating item shows as its occurrences, not as the series.</summary>
    public List<ActionItem> OpenItemsOwnedBy(string personId) =>
        ItemsCollection.Find(i => i.OwnerId == personId).Where(i => i.IsOpen && !i.IsSeries).OrderBy(i => i.DueDate ?? DateOnly.MaxValue).ToList();

    /// <summary>
    /// Saves an item as erasure would leave it, checked in the write's transaction: a change read before an erasure
    /// rewrote the item would otherwise put its owner, its note authors or the names in its history back. Refused
    /// (<see cref="PersonErasedException"/>) when one of <paramref name="naming"/>, the people whose names the change
    /// wrote into new notes (an owner's, from the directory), has been erased since: the caller writes it again.
    /// </summary>
    public void Save(ActionItem item, params IEnumerable<string?> naming) => db.InTransaction(() =>
    {
        db.Erased.ThrowIfAny(naming);
        // History only grows, and only an erasure rewrites a note in place: a note the file holds wins over the caller's copy of it.
        var stored = ItemsCollection.FindById(item.Id)?.History ?? [];
        var history = item.History.Select((note, i) => i < stored.Count && stored[i].At == note.At ? stored[i] : note)
            .Select(note => note with
            {
                PersonId = db.Erased.Contains(note.PersonId) ? null : note.PersonId,
                Text = db.Erased.WithoutNames(note.Text, LeftName),
            });
        return ItemsCollection.Upsert(item with { OwnerId = db.Erased.Contains(item.OwnerId) ? null : item.OwnerId, History = [.. history] });
    });

    /// <summary>What a note says instead of the name of someone erased.</summary>
    const string LeftName = "someone who left";

    public bool Delete(string id) => ItemsCollection.Delete(id);

    /// <summary>Several writes committed as one: a stop between them leaves none or all.</summary>
    public void Together(Action writes) => db.InTransaction(() =>
    {
        writes();
        return true;
    });

    /// <summary>
    /// Items the reminder loop looks at: open, with an owner and a due date; a series is reminded through its occurrences.
    /// Read through the Reminded index (schema 21), which holds only those, by due date: the loop looks every five minutes,
    /// and the items it can never remind again (done, missed, archived; every past occurrence of a repeating meeting, one
    /// every other week, for good) are neither read nor walked past.
    /// </summary>
    public List<ActionItem> OpenAssigned() =>
        [.. Remindable().ToEnumerable().Where(i => i.OwnerId != null && i.IsOpen && i.DueDate is not null && !i.IsSeries)];

    /// <summary>
    /// Items whose owner has still to be told the item is new for them (<see cref="ActionItem.UntoldOwnerSince"/>). Read
    /// whole: few items are ever handed on, and a blocked one or one with no due date is not in the Reminded index.
    /// </summary>
    public List<ActionItem> UntoldOwners() => [.. ItemsCollection.Find(Query.Not(nameof(ActionItem.UntoldOwnerSince), BsonValue.Null))];

    internal ILiteQueryable<ActionItem> Remindable() => ItemsCollection.Query().Where(RemindedIndexExpression + " ANY > @0", new BsonValue(""));

    public const string RemindedIndex = "Reminded";
    /// <summary>
    /// An item's due date while the loop can remind or escalate it, no key otherwise: the filter is <see cref="ActionItem.IsOpen"/>,
    /// an owner and not a series, in LiteDB's words (a missing field is null there). Dates are stored as ISO text, above "".
    /// </summary>
    public const string RemindedIndexExpression =
        "FILTER([$.DueDate] => @ != null AND $.OwnerId != null AND $.Repeat = null AND $.Archived != true AND $.Status != 'Done' AND $.Status != 'Missed')";

    /// <summary>The items this person owns or wrote a history line on, for their data export (read whole, as the erasure does).</summary>
    public List<ActionItem> About(string personId) =>
        [.. ItemsCollection.FindAll().Where(i => i.OwnerId == personId || i.History.Any(h => h.PersonId == personId))];

    /// <summary>Erasing a person: items they owned become unowned, and their history lines no longer name them.</summary>
    /// <remarks>Listed outside the write lock, then written a chunk to a transaction, each item read again there (<see cref="HitBotDb.InChunks{T}"/>).</remarks>
    /// <param name="names">Their name and any they had before: a history line keeps the name HitBot read when it wrote it.</param>
    public int ErasePerson(string personId, IReadOnlyList<string> names)
    {
        // The longest first, so a name that holds another ("Ana Lee-Park" and "Ana Lee") is taken out whole.
        var known = names.Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(n => n.Length).ToList();
        bool Names(ItemNote h) => h.PersonId == personId || known.Any(n => h.Text.Contains(n, StringComparison.Ordinal));
        string Without(string text) => known.Aggregate(text, (t, n) => t.Replace(n, LeftName, StringComparison.Ordinal));
        bool Concerns(ActionItem i) => i.OwnerId == personId || i.History.Any(Names);
        var concerned = ItemsCollection.FindAll().Where(Concerns).Select(i => i.Id).ToList();
        return db.InChunks(concerned, chunk => chunk.Count(id =>
            ItemsCollection.FindById(id) is { } item && Concerns(item) && ItemsCollection.Update(item with
            {
                OwnerId = item.OwnerId == personId ? null : item.OwnerId,
                History = item.History.Select(h => Names(h)
                    ? h with { PersonId = h.PersonId == personId ? null : h.PersonId, Text = Without(h.Text) }
                    : h).ToList(),
            })));
    }
}
