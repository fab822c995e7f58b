using HitBot.Core.Storage;

// LiteDB types by their full name: this is part of a *Store class, and the ownership test reads "using LiteDB;" per file name.
namespace HitBot.Core.Directory;

/// <summary>One page of a people list and how many people the list holds in all.</summary>
public sealed record PeoplePage(List<Person> People, int Total);

/// <summary>One page of a people list, how many the list holds in all, and where the next page starts (null on the last).</summary>
public sealed record PeopleKeysetPage(List<Person> People, int Total, PeopleCursor? Next);

/// <summary>
/// Where a page of the people list ended: the last person's name and id, as the opaque <see cref="Token"/> the next page's
/// address carries (<c>after=</c>).
/// </summary>
public sealed record PeopleCursor(string Name, string Id)
{
    public string Token => CursorToken.Of(Id, Name);

    /// <summary>The cursor a token names; null for one HitBot did not write.</summary>
    public static PeopleCursor? Parse(string token) =>
        CursorToken.Parse(token, 2) is [var id, var name] && id.Length > 0 && name.Length > 0 ? new(name, id) : null;
}

/// <summary>A person's id, name and site: what a long list sorts by before it reads the people of one page whole.</summary>
public sealed record PersonLabel(string Id, string Name, string? Site);

/// <summary>The people list and the look-ups by ids and roles, answered by LiteDB's indexes rather than by reading the whole directory.</summary>
public sealed partial class DirectoryStore
{
    /// <summary>
    /// The people with these ids, by id (ids not on the roster are left out): one query that seeks the _id index once per
    /// id (LiteDB's IN), with the ids as a parameter so the expression is compiled once (see <see cref="FindByEmail"/>).
    /// </summary>
    public Dictionary<string, Person> FindMany(IEnumerable<string> ids)
    {
        var wanted = new LiteDB.BsonArray(ids.Distinct(StringComparer.Ordinal).Select(id => new LiteDB.BsonValue(id)));
        return wanted.Count == 0
            ? new(StringComparer.Ordinal)
            : PeopleCollection.Find(LiteDB.BsonExpression.Create("$._id IN @0", wanted)).ToDictionary(p => p.Id, StringComparer.Ordinal);
    }

    /// <summary>
    /// The name and site of the people with these ids, by id: the same _id seeks as <see cref="FindMany"/>, but LiteDB parses
    /// only the three fields asked for out of each person, not their reach notes, identities and history.
    /// </summary>
    public Dictionary<string, PersonLabel> LabelsOf(IEnumerable<string> ids)
    {
        var wanted = new LiteDB.BsonArray(ids.Distinct(StringComparer.Ordinal).Select(id => new LiteDB.BsonValue(id)));
        return wanted.Count == 0
            ? new(StringComparer.Ordinal)
            : PeopleCollection.Query().Where(LiteDB.BsonExpression.Create("$._id IN @0", wanted)).Select(LabelFields).ToDocuments()
                .Select(d => new PersonLabel(d["_id"].AsString, Text(d, "Name") ?? "", Text(d, "Site")))
                .ToDictionary(p => p.Id, StringComparer.Ordinal);
    }

    /// <summary>
    /// Every person's site and partner, by id (inactive people too): one walk of the collection in which LiteDB parses only
    /// these fields, not each person whole. Reading 100,000 people by id (<see cref="FindMany"/>) to count them by site took
    /// 8 s and 3 GB; this is for the few counts made over a whole campaign (a survey run's close).
    /// </summary>
    public Dictionary<string, (string? Site, string? Partner)> SitesAndPartners() =>
        PeopleCollection.Query().Select(SiteAndPartnerFields).ToDocuments()
            .ToDictionary(d => d["_id"].AsString, d => (Text(d, "Site"), Text(d, "Partner")), StringComparer.Ordinal);

    static readonly LiteDB.BsonExpression SiteAndPartnerFields = LiteDB.BsonExpression.Create("{ _id: $._id, Site: $.Site, Partner: $.Partner }");

    static readonly LiteDB.BsonExpression LabelFields = LiteDB.BsonExpression.Create("{ _id: $._id, Name: $.Name, Site: $.Site }");

    /// <summary>A site by its slug (the document's id).</summary>
    public Site? FindSite(string id) => db.Collection<Site>(Sites).FindById(id);

    /// <summary>A partner by its slug (the document's id).</summary>
    public Partner? FindPartner(string id) => db.Collection<Partner>(Partners).FindById(id);

    /// <summary>
    /// One page in name order, through the Name index (its collation ignores case, as the list always sorted); the total
    /// is the collection's count. Only the page's people are read whole (and those of the same name just before it on
    /// the list): the index's keys alone, walked without reading a person, find the page's first name and the name
    /// before its group, and the page is read from just after that one.
    /// </summary>
    /// <remarks>
    /// A 100,000-person directory was first read and mapped whole (about 2 s) to cut one page; then LiteDB read every
    /// person before the page: a page at offset 50,000 read 50,000 people in one query, which left LiteDB's cache (it never
    /// shrinks) about 100 MB larger. The page is read with "after the previous name", never "from this name": LiteDB 5's
    /// <c>&gt;=</c> seek may land in the middle of a run of equal names and miss the ones before (tried: 8 runs in 40),
    /// while <c>&gt;</c> walks past them all.
    /// </remarks>
    public PeoplePage Page(int offset, int limit)
    {
        var total = Count();
        if (offset >= total || limit <= 0) return new([], total);
        // From the list's start when the page is in its first run of equal names (or a name is missing).
        PeoplePage FromStart() => new(PeopleCollection.Query().OrderBy(ByName).Offset(offset).Limit(limit).ToList(), total);
        if (offset == 0 || NameAt(offset) is not { } first) return FromStart();
        // How many come before the page's first name: the page starts that many places into its run of equal names.
        var before = PeopleCollection.Query().Where(NameBelow, first).Select(NameOnly).ToDocuments().Count();
        if (before == 0 || NameAt(before - 1) is not { } previous) return FromStart();
        return new(PeopleCollection.Query().Where(NameAfter, previous).OrderBy(ByName).Offset(offset - before).Limit(limit).ToList(), total);
    }

    /// <summary>
    /// The page of the list after <paramref name="after"/> (from the start without one), in name order and, among equal
    /// names, id order, with where the next page starts (null on the last page). Unlike a place counted from the start, the
    /// cursor is a name and an id: people added, renamed, deactivated or erased between two pages move no one onto both
    /// pages or onto neither. Read through the Name index as <see cref="Page"/> is; a run of equal names is read whole.
    /// </summary>
    public PeopleKeysetPage PageAfter(PeopleCursor? after, int limit)
    {
        var total = Count();
        var collation = db.Collation;
        List<Person> sameName = after is null ? [] :
            [.. PeopleCollection.Find(LiteDB.BsonExpression.Create("$.Name = @0", new LiteDB.BsonValue(after.Name)))
                .Where(p => string.CompareOrdinal(p.Id, after.Id) > 0).OrderBy(p => p.Id, StringComparer.Ordinal).Take(limit + 1)];
        var wanted = limit + 1 - sameName.Count;
        List<Person> later = wanted <= 0 ? []
            : after is null ? PeopleCollection.Query().OrderBy(ByName).Limit(wanted).ToList()
            : PeopleCollection.Query().Where(NameAfter, new LiteDB.BsonValue(after.Name)).OrderBy(ByName).Limit(wanted).ToList();
        var found = sameName.Concat(later).ToList();
        var more = found.Count > limit;
        // The index keeps equal names in the order they were written: the run the page ends in is read whole and put in id
        // order, so the next page's "same name, later id" is exactly the rest of it.
        if (more && found[limit - 1].Name is var last && (after is null || collation.Compare(last, after.Name) != 0))
            found = [.. found.TakeWhile(p => collation.Compare(p.Name, last) != 0),
                .. PeopleCollection.Find(LiteDB.BsonExpression.Create("$.Name = @0", new LiteDB.BsonValue(last))).OrderBy(p => p.Id, StringComparer.Ordinal)];
        var page = InRunsById(found, collation).Take(limit).ToList();
        return new(page, total, more ? new PeopleCursor(page[^1].Name, page[^1].Id) : null);
    }

    /// <summary>People in name order with each run of equal names put in id order.</summary>
    static IEnumerable<Person> InRunsById(List<Person> inNameOrder, LiteDB.Collation collation)
    {
        var run = 0;
        return inNameOrder.Select((p, i) => (Person: p, Run: i > 0 && collation.Compare(p.Name, inNameOrder[i - 1].Name) != 0 ? ++run : run))
            .OrderBy(x => x.Run).ThenBy(x => x.Person.Id, StringComparer.Ordinal).Select(x => x.Person);
    }

    /// <summary>The name at this place of the list, from the Name index's keys alone; null past the end or for a person without one.</summary>
    LiteDB.BsonValue? NameAt(int place) =>
        PeopleCollection.Query().OrderBy(ByName).Select(NameOnly).Offset(place).Limit(1).ToDocuments().FirstOrDefault()?["Name"] is { IsString: true } name
            ? name : null;

    static readonly LiteDB.BsonExpression ByName = LiteDB.BsonExpression.Create("$.Name");
    /// <summary>Only the Name index's key is asked for, so LiteDB answers from the index without reading the people.</summary>
    static readonly LiteDB.BsonExpression NameOnly = LiteDB.BsonExpression.Create("{ Name: $.Name }");
    const string NameBelow = "$.Name < @0";
    const string NameAfter = "$.Name > @0";

    /// <summary>
    /// One page of the people whose name, e-mail, site name or partner name contains <paramref name="q"/> (any case, accents
    /// and apostrophes, see <see cref="SearchText"/>; empty for anyone) and, with <paramref name="language"/> (a tag), whose language is it or a variant of it, in name order.
    /// "Contains" has no index to seek, so LiteDB reads the searched fields of each person (not whole people), a chunk at a
    /// time (<see cref="HitBotDb.InKeyOrder(string, LiteDB.BsonExpression)"/>), and the matches are sorted here; only the
    /// page's people are then read whole. With <paramref name="reach"/> (one of <see cref="ReachStates"/>), only the people
    /// in that reach state: the People page's "not reached yet" count, listed.
    /// </summary>
    public PeoplePage Search(string q, int offset, int limit, string? language = null, string? reach = null)
    {
        var matching = Matching(q, language, reach);
        return new([.. matching.Skip(offset).Take(limit).Select(d => Find(d.Id)).OfType<Person>()], matching.Count);
    }

    /// <summary>
    /// The page of a search (as <see cref="Search"/> finds it) after <paramref name="after"/>, with where the next page
    /// starts: a cursor, as <see cref="PageAfter"/> has, in the same name-then-id order the search sorts by.
    /// </summary>
    public PeopleKeysetPage SearchAfter(string q, PeopleCursor? after, int limit, string? language = null, string? reach = null)
    {
        var matching = Matching(q, language, reach);
        var rest = after is null ? matching
            : matching.Where(d => SearchOrder.Compare(d.Name, after.Name) is var c && (c > 0 || c == 0 && string.CompareOrdinal(d.Id, after.Id) > 0));
        var ids = rest.Take(limit + 1).ToList();
        var page = ids.Take(limit).Select(d => Find(d.Id)).OfType<Person>().ToList();
        return new(page, matching.Count, ids.Count > limit && page.Count > 0 ? new PeopleCursor(ids[limit - 1].Name, ids[limit - 1].Id) : null);
    }

    static readonly StringComparer SearchOrder = StringComparer.CurrentCultureIgnoreCase;

    List<(string Id, string Name)> Matching(string q, string? language, string? reach)
    {
        var text = q.Trim();
        // A reach state follows from the whole person (links, notes, opt-out): read once, a chunk at a time, only when asked.
        var inState = reach is null ? null
            : Everyone().Where(p => PersonReach.Of(p).State == reach).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        bool Has(string? field) => SearchText.Contains(field, text);
        var sites = AllSites().Where(s => Has(s.Name)).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var partners = AllPartners().Where(p => Has(p.Name)).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var matching = db.InKeyOrder(People, SearchedFields)
            .Where(d => language is null || LanguageTag.IsWithin(Text(d, "Language"), language))
            .Where(d => inState is null || inState.Contains(d["_id"].AsString))
            .Where(d => text.Length == 0 || Has(Text(d, "Name")) || Has(Text(d, "Email"))
                        || Text(d, "Site") is { } site && sites.Contains(site) || Text(d, "Partner") is { } partner && partners.Contains(partner))
            .Select(d => (Id: d["_id"].AsString, Name: Text(d, "Name") ?? ""))
            .OrderBy(d => d.Name, SearchOrder).ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
        return matching;
    }

    /// <summary>
    /// Every language the directory holds (tags, in order), each variant's language too ("es" for es-MX): what the
    /// dashboard offers to filter people and pick an audience by. One read of each person's language, kept until a
    /// person is written.
    /// </summary>
    public IReadOnlyList<string> Languages() => keptLanguages.Get("", () => PeopleChanges, () =>
        db.InKeyOrder(People, LanguageOnly).Select(d => Text(d, "Language")).OfType<string>()
            .SelectMany(tag => tag.Split('-') is { Length: > 1 } parts ? [tag, parts[0]] : new[] { tag })
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList());

    readonly KeptUntilChanged<IReadOnlyList<string>> keptLanguages = new(capacity: 1);

    static readonly LiteDB.BsonExpression LanguageOnly = LiteDB.BsonExpression.Create("{ _id: $._id, Language: $.Language }");

    static string? Text(LiteDB.BsonDocument row, string field) => row[field].IsString ? row[field].AsString : null;

    static readonly LiteDB.BsonExpression SearchedFields =
        LiteDB.BsonExpression.Create("{ _id: $._id, Name: $.Name, Email: $.Email, Site: $.Site, Partner: $.Partner, Language: $.Language }");

    /// <summary>
    /// The Roles index leaves out <see cref="Roles.Tutor"/>: most of a program's people are tutors and nothing else, so an
    /// import of tutors adds no index key, and an audience of every tutor is most of the directory, read whole anyway.
    /// </summary>
    public const string RolesIndex = "Roles";
    public const string RolesIndexExpression = "$.Roles[@ != 'tutor']";

    /// <summary>People with any of these roles, one Roles index seek a role; null when a role is one the index leaves out.</summary>
    public List<Person>? WithAnyRole(IEnumerable<string> roles)
    {
        var wanted = roles.ToList();
        return wanted.Contains(Roles.Tutor, StringComparer.Ordinal) ? null : Seek(RolesIndexExpression + " ANY = @0", wanted);
    }

    /// <summary>
    /// The index of start dates (schema 18). A person without one gets no key (the filter drops it): a run of 100,000 equal
    /// "no date" keys would make every insert of one more walk past them all, and only people with a date are ever asked for.
    /// </summary>
    public const string StartDateIndex = "StartDate";
    public const string StartDateIndexExpression = "FILTER($.StartDate => @ != null)";

    /// <summary>
    /// Everyone whose start date is from <paramref name="first"/> to <paramref name="last"/> (both included), inactive people
    /// included: one range of the StartDate index, so the early check-ins' look every five minutes reads the few people of
    /// the weeks it makes runs for, not the directory.
    /// </summary>
    public List<Person> StartingBetween(DateOnly first, DateOnly last) =>
        [.. PeopleCollection.Find(LiteDB.BsonExpression.Create(StartDateIndexExpression + " ANY BETWEEN @0 AND @1", Stored(first), Stored(last)))];

    /// <summary>A date as <see cref="HitBotDb"/> stores it (ISO 8601, so the text's order is the dates' order).</summary>
    static LiteDB.BsonValue Stored(DateOnly day) => new(day.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
}
