using LiteDB;

namespace HitBot.Core.Storage;

/// <summary>
/// The people being erased, or erased since HitBot started, as every store's write sees them: read inside the writer's own
/// transaction, under the write lock, so a write is either committed before an erasure's first commit (and its listing
/// finds it) or sees the person marked and is refused or cleaned (README, erasure).
/// </summary>
/// <remarks>
/// The mark goes in the erasure's first transaction, so it is set before any later writer takes the lock. Ids are kept
/// for the process's life: a request or loop that read the person before may write at any time after (a person's id is
/// never given again). Names are kept only while the erasure is under way, with the note that carries them across a stop
/// (<see cref="Collection"/>); once it ends nothing here names them. Copied on write, so readers need no lock.
/// </remarks>
public sealed class ErasedPeople
{
    /// <summary>People whose erasure is under way: <c>{ _id: personId, Names: [...], Chats: [...] }</c>, written first and deleted last.</summary>
    public const string Collection = "delivery_erasures";

    readonly ILiteCollection<BsonDocument> notes;
    volatile HashSet<string> ids;
    volatile Dictionary<string, string[]> underWay;
    /// <summary>The chat identity keys of the people being erased: rows addressed there without a person (a reply to anonymous feedback).</summary>
    volatile HashSet<string> chatsUnderWay;
    readonly Lock gate = new();

    internal ErasedPeople(ILiteCollection<BsonDocument> notes)
    {
        this.notes = notes;
        underWay = notes.FindAll().ToDictionary(
            e => e["_id"].AsString, e => e["Names"].IsArray ? e["Names"].AsArray.Select(n => n.AsString).ToArray() : [], StringComparer.Ordinal);
        ids = new HashSet<string>(underWay.Keys, StringComparer.Ordinal);
        chatsUnderWay = new HashSet<string>(notes.FindAll().SelectMany(e => e["Chats"].IsArray ? e["Chats"].AsArray.Select(c => c.AsString) : []), StringComparer.Ordinal);
    }

    /// <summary>True for a person being erased, or erased while HitBot runs.</summary>
    public bool Contains(string? personId) => personId is not null && ids is { Count: > 0 } known && known.Contains(personId);

    /// <summary>The first of <paramref name="personIds"/> who is erased, or null.</summary>
    public string? FirstOf(IEnumerable<string?> personIds) => ids.Count == 0 ? null : personIds.FirstOrDefault(Contains);

    /// <summary>
    /// Refuses a write made for or naming a person who is erased (call inside the write's transaction): the writer read them
    /// before their erasure began. The router answers it as it answers someone not on the roster.
    /// </summary>
    public void ThrowIfAny(params IEnumerable<string?> personIds)
    {
        if (FirstOf(personIds) is { } erased) throw new PersonErasedException(erased);
    }

    /// <summary>True while an erasure is under way: a look for names in a message is worth its read only then.</summary>
    public bool AnyUnderWay => underWay.Count > 0;

    /// <summary>True when <paramref name="text"/> holds the name or e-mail of someone whose erasure is under way.</summary>
    public bool NamedIn(string text)
    {
        var names = underWay;
        return names.Count > 0 && names.Values.Any(person => person.Any(n => text.Contains(n, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>True when <paramref name="chatKey"/> is a chat identity of someone whose erasure is under way.</summary>
    public bool ChatUnderWay(string? chatKey) => chatKey is not null && chatsUnderWay is { Count: > 0 } chats && chats.Contains(chatKey);

    /// <summary><paramref name="text"/> with the names of people being erased replaced, as the erasure itself rewrites them.</summary>
    public string WithoutNames(string text, string instead)
    {
        foreach (var name in underWay.Values.SelectMany(n => n))
            text = text.Replace(name, instead, StringComparison.OrdinalIgnoreCase);
        return text;
    }

    /// <summary>Writes the note and marks the person, in the caller's transaction (the erasure's first).</summary>
    /// <remarks>
    /// Should that transaction roll back (a disk error), the person is still on the roster: the marks go with it, or their
    /// own answers would be refused until a restart. Erasures run one at a time, so nothing else marks meanwhile.
    /// </remarks>
    public void Begin(string personId, IReadOnlyList<string> names, IReadOnlyList<string> chatKeys)
    {
        var kept = names.Where(n => n.Length > 0).ToArray();
        var (idsBefore, underWayBefore, chatsBefore) = (ids, underWay, chatsUnderWay);
        HitBotDb.OnRollback(() =>
        {
            lock (gate) (ids, underWay, chatsUnderWay) = (idsBefore, underWayBefore, chatsBefore);
        });
        Mark(personId, kept);
        lock (gate) chatsUnderWay = new HashSet<string>(chatsUnderWay.Concat(chatKeys), StringComparer.Ordinal);
        notes.Upsert(new BsonDocument
        {
            ["_id"] = personId, ["Names"] = new BsonArray(kept.Select(n => new BsonValue(n))), ["Chats"] = new BsonArray(chatKeys.Select(c => new BsonValue(c))),
        });
    }

    /// <summary>Marks a person whose erasure a stop cut off (their note is read at start). False when they were marked already.</summary>
    public bool Mark(string personId) => Mark(personId, null);

    /// <summary>The erasure is finished (in the caller's transaction): the note, the names and the chat keys go; the id stays.</summary>
    /// <remarks>
    /// A writer that read one of their chat addresses before (a reply to their anonymous feedback) reads it again in its
    /// write's transaction, where the erasure has cleared it, so the keys need not be kept as the ids are.
    /// </remarks>
    public void End(string personId)
    {
        var chats = notes.FindById(personId) is { } note && note["Chats"].IsArray ? note["Chats"].AsArray.Select(c => c.AsString).ToHashSet(StringComparer.Ordinal) : [];
        notes.Delete(personId);
        lock (gate)
        {
            if (underWay.ContainsKey(personId))
                underWay = new Dictionary<string, string[]>(underWay.Where(e => e.Key != personId), StringComparer.Ordinal);
            if (chats.Count > 0) chatsUnderWay = new HashSet<string>(chatsUnderWay.Where(c => !chats.Contains(c)), StringComparer.Ordinal);
        }
    }

    bool Mark(string personId, string[]? names)
    {
        lock (gate)
        {
            if (names is not null) underWay = new Dictionary<string, string[]>(underWay, StringComparer.Ordinal) { [personId] = names };
            if (ids.Contains(personId)) return false;
            ids = new HashSet<string>(ids, StringComparer.Ordinal) { personId };
            return true;
        }
    }
}

/// <summary>A write for or naming a person erased since it read them: refused whole, its transaction rolled back.</summary>
public sealed class PersonErasedException(string personId)
    : InvalidOperationException("The person this change is for or names has been erased; nothing was written.")
{
    /// <summary>Logged as an id only (style.md, Logging).</summary>
    public string PersonId { get; } = personId;
}
