using System.Collections.Concurrent;
using HitBot.Core.Messaging;
using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Directory;

/// <summary>People, sites and partners in LiteDB. E-mail is unique: importing a person twice updates them.</summary>
public sealed partial class DirectoryStore(HitBotDb db)
{
    public const string People = "people";
    public const string Sites = "sites";
    public const string Partners = "partners";

    ILiteCollection<Person> PeopleCollection => db.Collection<Person>(People);

    /// <summary>
    /// Every inbound request asks who its sender is (and help asks for their roles): people are kept in memory once
    /// read, and forgotten whenever this store writes any person. Person documents are records, never changed in place.
    /// </summary>
    readonly ConcurrentDictionary<string, Person?> byId = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, Person?> byIdentity = new(StringComparer.Ordinal);
    readonly Lock cacheGate = new();
    long cacheGeneration;
    /// <summary>Senders nobody has on the roster are remembered too; past this many entries the cache starts over.</summary>
    const int MaxCached = 20_000;

    public Person? Find(string id) => Cached(byId, id, () => PeopleCollection.FindById(id));

    /// <summary>
    /// A read that began before a write may return the old person; it is kept only if no write happened meanwhile
    /// (the generation is unchanged), so a stale person never outlives the write that changed them.
    /// </summary>
    Person? Cached(ConcurrentDictionary<string, Person?> cache, string key, Func<Person?> read)
    {
        if (cache.TryGetValue(key, out var known)) return known;
        var generation = Volatile.Read(ref cacheGeneration);
        var person = read();
        lock (cacheGate)
        {
            if (cacheGeneration == generation)
            {
                if (cache.Count >= MaxCached) cache.Clear();
                cache[key] = person;
            }
        }
        return person;
    }

    /// <summary>Called after every write of people (and after a failed one: part of it may have been written).</summary>
    void Forget()
    {
        lock (cacheGate)
        {
            cacheGeneration++;
            byId.Clear();
            byIdentity.Clear();
        }
    }

    T Writing<T>(Func<T> write)
    {
        try
        {
            return write();
        }
        finally
        {
            // Now, and again when an enclosing transaction (erasing a person) commits: until then others read the old person.
            Forget();
            HitBotDb.AfterTransaction(Forget);
        }
    }

    readonly Lock changes = new();

    /// <summary>
    /// Runs a read-change-write of people under one lock: the roster import, linking, reach notes and opt-outs all rewrite
    /// whole person documents, and two of them interleaved would silently drop one's change (say a chat just linked).
    /// </summary>
    public T Locked<T>(Func<T> change)
    {
        lock (changes) return change();
    }

    /// <summary>Reads the person afresh, changes them and saves them, under the lock; null when there is no such person.</summary>
    public Person? Change(string id, Func<Person, Person> change) => Locked(() =>
    {
        if (Find(id) is not { } person) return null;
        var changed = change(person);
        Writing(() => PeopleCollection.Upsert(changed));
        return changed;
    });

    /// <summary>
    /// A plain index seek with the e-mail as a parameter: <c>Query.EQ</c> writes the value into the expression's text, and
    /// LiteDB parses, compiles and caches (for good) one expression per distinct text: about 3 ms and some memory per
    /// e-mail, which made a 50,000-line import take minutes (docs/benchmarks.md).
    /// </summary>
    public Person? FindByEmail(string email) =>
        PeopleCollection.FindOne(BsonExpression.Create(ByEmail, new BsonValue(NormalizeEmail(email))));

    const string ByEmail = "$.Email = @0";

    public Person? FindByIdentity(ChannelAddress address)
    {
        var key = address.PersonKey();
        return Cached(byIdentity, key, () => PeopleCollection.FindOne(BsonExpression.Create(ByIdentityKey, new BsonValue(key))));
    }

    /// <summary>A parameter, not <c>Query.EQ</c>: the key written into the text made LiteDB parse and compile it at every look-up.</summary>
    const string ByIdentityKey = "$.IdentityKeys[*] ANY = @0";

    /// <summary>Everyone, in name order. A read of the whole directory: lists page instead (<see cref="Page"/>).</summary>
    /// <remarks>Read in chunks of the key order and sorted here (<see cref="HitBotDb.InKeyOrder{T}(string)"/>), not as one query over the Name index.</remarks>
    public List<Person> All() => [.. Everyone().OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase)];

    /// <summary>Everyone, in no particular order, read a chunk at a time: for the passes that look at each person once.</summary>
    public IEnumerable<Person> Everyone() => db.InKeyOrder<Person>(People);

    public const string InterestsIndex = "Interests";
    public const string NameIndex = "Name";

    /// <summary>People at any of these sites (slugs), through the Site index: one seek a site, never a read of everyone.</summary>
    public List<Person> AtSites(IEnumerable<string> sites) => Seek("$.Site = @0", sites);

    public List<Person> WithPartners(IEnumerable<string> partners) => Seek("$.Partner = @0", partners);

    /// <summary>People who asked for any of these (interest slugs), through the sparse Interests index.</summary>
    public List<Person> InterestedInAny(IEnumerable<string> interests) => Seek("$.Interests[*] ANY = @0", interests);

    /// <summary>A parameter, not the value in the text: LiteDB compiles each distinct text once and keeps it (see FindByEmail).</summary>
    List<Person> Seek(string byValue, IEnumerable<string> values) =>
        [.. values.Distinct(StringComparer.Ordinal).SelectMany(v => PeopleCollection.Find(BsonExpression.Create(byValue, new BsonValue(v))))
            .DistinctBy(p => p.Id)];

    /// <summary>
    /// How many people there are, kept until a person is written: LiteDB counts by walking the _id index (0.1-0.3 s and
    /// 90 MB for 100,000 people), and every page of the people list and of the reach report states the total.
    /// </summary>
    public int Count() => keptCount.Get("", () => PeopleChanges, PeopleCollection.Count);

    readonly KeptUntilChanged<int> keptCount = new(capacity: 1);

    /// <summary>Moves whenever a person is written (<see cref="Storage.CollectionChanges"/>), for answers kept about the directory.</summary>
    public long PeopleChanges => db.Changes.Of(People);

    public void Save(Person person) => Writing(() => PeopleCollection.Upsert(person));

    public List<Site> AllSites() => db.Collection<Site>(Sites).Query().OrderBy(s => s.Name).ToList();

    public List<Partner> AllPartners() => db.Collection<Partner>(Partners).Query().OrderBy(p => p.Name).ToList();

    /// <summary>Writes the roster: new people added, changed ones updated, and those asked for deactivated.</summary>
    /// <param name="deactivate">People to deactivate (missing from the file, when asked).</param>
    /// <param name="rolesRemoved">When given, gets the active people the file takes roles from (<see cref="RosterRoleChange"/>).</param>
    public (int Created, int Updated) SaveRoster(IReadOnlyList<RosterRow> rows, DateTimeOffset now, IReadOnlyCollection<string>? deactivate = null,
        List<RosterRoleChange>? rolesRemoved = null) =>
        Locked(() => Writing(() => SaveRosterUnlocked(rows, now, deactivate, rolesRemoved)));

    /// <summary>What <see cref="SaveRoster"/> would do with these rows, without writing: how many people it would add and change.</summary>
    public (int Created, int Updated) PreviewRoster(IReadOnlyList<RosterRow> rows, DateTimeOffset now, List<RosterRoleChange>? rolesRemoved = null)
    {
        var (created, changed) = PeopleOf(rows, KnownByEmail(rows), now, rolesRemoved);
        return (created.Count, changed.Count);
    }

    /// <summary>People written in one transaction by a roster import.</summary>
    /// <remarks>
    /// Not 1,000 as for outbox rows: a person's e-mail, id and name keys fall all over their indexes, so each commit writes
    /// most of those indexes' pages again, and in chunks of 1,000 a 50,000-line import took 75 % longer than in one
    /// transaction. At 5,000 it takes as long as in one, and others wait at most about a second instead of two or more
    /// (docs/benchmarks.md, big writes).
    /// </remarks>
    public const int RosterChunkRows = 5_000;

    /// <remarks>
    /// <para>
    /// Sites and partners are written once each, not once per line; people whose line changes nothing are not written at
    /// all; new and changed people go to LiteDB in bulk calls. A 50,000-line file was four LiteDB operations a line
    /// (docs/benchmarks.md has the before and after).
    /// </para>
    /// <para>
    /// The directory is read in the first transaction, and the people are written <see cref="RosterChunkRows"/> to a
    /// transaction: after that read the write lock is held for one chunk at a time, so Teams' and Slack's commits get in
    /// between. One transaction for a 50,000-line file held them for seconds. Every other change of people waits for the directory's
    /// lock (<see cref="Locked"/>) until the whole file is written, so none is lost between the read and the writes. A file
    /// with a bad line was refused before this; a crash partway leaves part of the file written, and importing it again
    /// completes it (the e-mail is the key).
    /// </para>
    /// </remarks>
    (int Created, int Updated) SaveRosterUnlocked(IReadOnlyList<RosterRow> rows, DateTimeOffset now, IReadOnlyCollection<string>? deactivate,
        List<RosterRoleChange>? rolesRemoved)
    {
        // The first transaction reads the directory (inside one, LiteDB keeps the pages it read: read outside, importing an
        // unchanged 50,000-line file took about 60 % longer), deactivates those leaving and writes sites and partners, so no
        // person ever names one the file does not have yet; the people follow a chunk at a time.
        var (created, changed) = db.InTransaction(() =>
        {
            var leaving = (deactivate ?? []).Select(Find).OfType<Person>().Where(p => !p.Inactive)
                .Select(p => p with { Inactive = true, InactiveSince = now.UtcDateTime, UpdatedAt = now.UtcDateTime }).ToList();
            PeopleCollection.Update(leaving);
            SaveNames(db.Collection<Site>(Sites), rows.Select(r => r.Site), (id, name) => new Site { Id = id, Name = name }, s => s.Name);
            SaveNames(db.Collection<Partner>(Partners), rows.Select(r => r.Partner), (id, name) => new Partner { Id = id, Name = name }, p => p.Name);
            return PeopleOf(rows, KnownByEmail(rows), now, rolesRemoved);
        });
        foreach (var chunk in created.Chunk(RosterChunkRows))
        {
            db.GiveWayToOtherWrites();
            db.InTransaction(() => PeopleCollection.InsertBulk(chunk));
        }
        foreach (var chunk in changed.Chunk(RosterChunkRows))
        {
            db.GiveWayToOtherWrites();
            db.InTransaction(() => PeopleCollection.Update(chunk));
        }
        return (created.Count, changed.Count);
    }

    /// <summary>The people the file adds, and those whose line changes something, as they will be written.</summary>
    /// <param name="rolesRemoved">
    /// When given, gets the active people whose line leaves out roles they hold: a re-import that takes a site champion's
    /// role away ends their sign-in and sends their site's lists elsewhere, and is often a district export that knows them
    /// only as tutors.
    /// </param>
    static (List<Person> Created, List<Person> Changed) PeopleOf(IReadOnlyList<RosterRow> rows, Dictionary<string, Person> known, DateTimeOffset now,
        List<RosterRoleChange>? rolesRemoved = null)
    {
        var created = new List<Person>();
        var changed = new List<Person>();
        foreach (var row in rows)
        {
            var existing = known.GetValueOrDefault(NormalizeEmail(row.Email));
            var person = (existing ?? new Person { Id = Guid.NewGuid().ToString("N"), CreatedAt = now.UtcDateTime }).Named(row.Name) with
            {
                Email = NormalizeEmail(row.Email),
                Roles = row.Roles,
                Site = row.Site is null ? null : Slug.Of(row.Site),
                Partner = row.Partner is null ? null : Slug.Of(row.Partner),
                StartDate = row.HasStartDate ? row.StartDate : existing?.StartDate,
                // The roster wins over what a chat app said, but an empty cell says nothing: it keeps what is known.
                Language = row.Language ?? existing?.Language,
                TimeZone = row.TimeZone ?? existing?.TimeZone,
                // On the roster again: back in the program.
                Inactive = false,
                InactiveSince = null,
                UpdatedAt = now.UtcDateTime,
            };
            if (rolesRemoved is not null && existing is { Inactive: false }
                && existing.Roles.Except(row.Roles, StringComparer.Ordinal).ToList() is { Count: > 0 } lost)
                rolesRemoved.Add(new RosterRoleChange(existing.Id, existing.Name, existing.Email, lost, row.Roles));
            if (existing is null) created.Add(person);
            // Roles are a set: "Tutor;Site Champion" after "Site Champion;Tutor" changes nothing, and is not counted as a change.
            else if (existing.Name != person.Name || !existing.Roles.Order(StringComparer.Ordinal).SequenceEqual(person.Roles.Order(StringComparer.Ordinal))
                     || existing.Site != person.Site || existing.Partner != person.Partner || existing.StartDate != person.StartDate
                     || existing.Language != person.Language || existing.TimeZone != person.TimeZone
                     || existing.Inactive) changed.Add(person);
        }
        return (created, changed);
    }

    /// <summary>
    /// The people of a large file found by reading the directory once: a LiteDB look-up costs about 50 KB of allocations
    /// and a query plan each, a sequential read a few KB a person. A small file (a handful of edits) still looks each one up.
    /// </summary>
    Dictionary<string, Person> KnownByEmail(IReadOnlyList<RosterRow> rows)
    {
        if (rows.Count < 1000)
            return rows.Select(r => FindByEmail(r.Email)).OfType<Person>().ToDictionary(p => p.Email, StringComparer.Ordinal);
        var wanted = rows.Select(r => NormalizeEmail(r.Email)).ToHashSet(StringComparer.Ordinal);
        return Everyone().Where(p => wanted.Contains(p.Email)).ToDictionary(p => p.Email, StringComparer.Ordinal);
    }

    /// <summary>
    /// Each site (or partner) named in the file written once, and only when it is new or spelled differently now. Lines that
    /// write one site in other ways ("Lincoln Elementary", "LINCOLN ELEMENTARY") give it the spelling most of them have (the
    /// first of equals): the last line's won, so a few lines from another system renamed the site on every page and card.
    /// </summary>
    static void SaveNames<T>(ILiteCollection<T> collection, IEnumerable<string?> names, Func<string, string, T> make, Func<T, string> nameOf)
    {
        var spellings = names.OfType<string>().GroupBy(Slug.Of, StringComparer.Ordinal)
            .Select(site => (Id: site.Key, Name: site.GroupBy(n => n, StringComparer.Ordinal).OrderByDescending(s => s.Count()).First().Key));
        foreach (var (id, name) in spellings)
            if (collection.FindById(id) is not { } known || nameOf(known) != name)
                collection.Upsert(make(id, name));
    }

    /// <summary>
    /// The address as Teams and Slack know it: trimmed, lower case, and without the invisible characters (zero-width space,
    /// direction marks, soft hyphen) an address copied from a web page or a signature carries; no address has one.
    /// </summary>
    public static string NormalizeEmail(string email) =>
        (email.Any(IsInvisible) ? string.Concat(email.Where(c => !IsInvisible(c))) : email).Trim().ToLowerInvariant();

    static bool IsInvisible(char c) => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format;

    /// <summary>
    /// Saves an edited person; a site or partner name not known yet is added, as a roster import would. One already known
    /// keeps its spelling: a coordinator who typed "lincoln elementary" for one tutor renamed the site on every page and card.
    /// </summary>
    public void SaveEdited(Person person, string? siteName, string? partnerName) => Writing(() => db.InTransaction(() =>
    {
        if (siteName?.Trim() is { Length: > 0 } site && db.Collection<Site>(Sites).FindById(Slug.Of(site)) is null)
            db.Collection<Site>(Sites).Upsert(new Site { Id = Slug.Of(site), Name = site });
        if (partnerName?.Trim() is { Length: > 0 } partner && db.Collection<Partner>(Partners).FindById(Slug.Of(partner)) is null)
            db.Collection<Partner>(Partners).Upsert(new Partner { Id = Slug.Of(partner), Name = partner });
        PeopleCollection.Upsert(person);
        return true;
    }));

    /// <summary>Removes the person's entry, with every chat address it holds (part of erasing a person).</summary>
    public bool Delete(string id) => Writing(() => PeopleCollection.Delete(id));

    public const string OptedOutByWhoLeft = "central team (someone who has since left)";

    /// <summary>
    /// Erasing a coordinator: the opt-outs they made for others name them (<see cref="Person.OptedOutBy"/> keeps the name
    /// HitBot read then), so those say "someone who has since left" instead. The opt-outs themselves stay. Found by the
    /// coordinator's id (<see cref="Person.OptedOutById"/>), whatever their name was then; by <paramref name="name"/> only
    /// where an older HitBot kept no id (any of <paramref name="names"/>: the one they have and those they had). Returns how many.
    /// </summary>
    public int ForgetOptOutsBy(string personId, IReadOnlyCollection<string> names)
    {
        var known = names.Where(n => n.Length > 0).ToHashSet(StringComparer.Ordinal);
        bool Theirs(Person p) => p.OptedOutById == personId || (p.OptedOutById is null && p.OptedOutBy is { } by && known.Contains(by));
        var byName = new BsonArray(known.Select(n => new BsonValue(n)));
        return PeopleCollection.Find(BsonExpression.Create(ByOptOutMaker, new BsonValue(personId), byName)).Select(p => p.Id).ToList()
            .Count(id => Change(id, p => Theirs(p) ? p with { OptedOutBy = OptedOutByWhoLeft, OptedOutById = null } : p) is { OptedOutBy: OptedOutByWhoLeft, OptedOutById: null });
    }

    const string ByOptOutMaker = "$.OptedOutById = @0 OR ($.OptedOutById = null AND $.OptedOutBy IN @1)";

    /// <summary>
    /// When this coordinator stopped (or restarted) messages for others, for their data export: what <see cref="ForgetOptOutsBy"/> changes
    /// at their erasure, found the same way. The people themselves are not theirs to see in it.
    /// </summary>
    public List<DateTime> OptOutsSetBy(string personId, IReadOnlyCollection<string> names)
    {
        var byName = new BsonArray(names.Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).Select(n => new BsonValue(n)));
        return [.. PeopleCollection.Find(BsonExpression.Create(ByOptOutMaker, new BsonValue(personId), byName))
            .Where(p => p.Id != personId).Select(p => p.OptedOutAt).OfType<DateTime>().Order()];
    }
}
