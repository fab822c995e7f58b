using HitBot.Core.Messaging;
using HitBot.Core.Storage;

namespace HitBot.Core.Directory;

/// <summary>
/// Who an audience reaches: people with a chat to send to, and those left out — opted out, or not in any chat, broken
/// down by why (<see cref="NotReached"/>: blocked, installing, not-in-tenant, not-in-workspace, no-chat-yet). People who
/// left the program (inactive) are in no audience at all.
/// </summary>
public sealed record AudienceReach(List<(Person Person, ChannelAddress Address)> Recipients, int OptedOut, int NotInChat)
{
    public int Matched => Recipients.Count + OptedOut + NotInChat;

    public Dictionary<string, int> NotReached { get; init; } = [];
}

/// <summary>What <see cref="AudienceReach"/> counts, without the people: what a report and the live preview show.</summary>
public sealed record AudienceCounts(int Matched, int OptedOut, int NotInChat, IReadOnlyDictionary<string, int> NotReached)
{
    /// <summary>How many get the message: <see cref="AudienceReach.Recipients"/>'s count, since everyone matched is reached, opted out or in no chat.</summary>
    public int Recipients => Matched - OptedOut - NotInChat;
}

public sealed class AudienceResolver(DirectoryStore directory)
{
    /// <summary>
    /// How many the audience reaches now, and why the others are not reached. Kept until the directory changes: an
    /// audience of every tutor reads the whole directory (100,000 people in a big district), and the overview and a
    /// scheduled update's report ask at every look. Only the counts are kept, never the people.
    /// </summary>
    public AudienceCounts Count(Audience audience) => kept.Get(audience.Key(), () => directory.PeopleChanges, () =>
    {
        var reach = Resolve(audience);
        return new AudienceCounts(reach.Matched, reach.OptedOut, reach.NotInChat, new Dictionary<string, int>(reach.NotReached, StringComparer.Ordinal));
    });

    readonly KeptUntilChanged<AudienceCounts> kept = new(capacity: 16);

    /// <summary>Who the audience reaches now, read afresh (a send needs the people and their chats as they are).</summary>
    public AudienceReach Resolve(Audience audience) => Resolve(audience, groups: null);

    /// <summary>
    /// <see cref="Resolve(Audience)"/>, counting into <paramref name="groups"/>, in the same read, everyone the audience names
    /// at each site and partner: an anonymous survey run decides as it opens which groups are large enough to keep.
    /// </summary>
    public AudienceReach Resolve(Audience audience, AudienceGroups? groups)
    {
        var people = audience.People.Count > 0
            ? audience.People.Distinct(StringComparer.Ordinal).Select(directory.Find).OfType<Person>().ToList()
            // Read in the file's order, not sorted by name: nobody sees a send's order, and for every tutor sorting meant
            // holding the whole directory at once (1.5 s for 100,000 people, against 0.6 s streamed a chunk at a time).
            : Matching(audience);
        var recipients = new List<(Person, ChannelAddress)>();
        var notReached = new Dictionary<string, int>(StringComparer.Ordinal);
        int optedOut = 0, notInChat = 0;
        foreach (var person in people)
        {
            groups?.Add(person);
            if (person.Inactive) continue;
            if (person.OptedOut) optedOut++;
            // The first chat the person was linked on that has not refused HitBot: one message per person, never one per platform.
            else if (PersonReach.Address(person) is { } address) recipients.Add((person, address));
            else
            {
                notInChat++;
                var state = PersonReach.Of(person).State;
                notReached[state] = notReached.GetValueOrDefault(state) + 1;
            }
        }
        return new AudienceReach(recipients, optedOut, notInChat) { NotReached = notReached };
    }

    /// <summary>
    /// Everyone an audience of groups (roles, sites, partners, interests, languages) matches, inactive and opted-out people included,
    /// read through an index (<see cref="Candidates"/>) in the order read, a chunk at a time: a question the first person
    /// who fails it answers (is anyone outside a partner lead's cohort?) stops there, and nothing is sorted. People named
    /// by id are not a group: they are not in it.
    /// </summary>
    public IEnumerable<Person> Matching(Audience audience) => Candidates(audience).Where(p => Matches(p, audience));

    /// <summary>
    /// The people the audience could match, read through an index: a person must match every group the audience picks
    /// from, so any one group's people hold them all; the sparsest kind of group is read. Languages have no index: an
    /// audience of languages alone reads the directory a chunk at a time, as one of every tutor does. An audience of roles alone
    /// seeks the Roles index, except one that includes tutors: they are most of the directory, which is then read a chunk
    /// at a time.
    /// </summary>
    IEnumerable<Person> Candidates(Audience audience)
    {
        if (audience.IsEmpty) return [];
        var found = audience.InterestedIn.Count > 0 ? directory.InterestedInAny(audience.InterestedIn.Select(Slug.Of))
            : audience.Sites.Count > 0 ? directory.AtSites(audience.Sites.Select(Slug.Of))
            : audience.Partners.Count > 0 ? directory.WithPartners(audience.Partners.Select(Slug.Of))
            : audience.Roles.Count > 0 ? directory.WithAnyRole(audience.Roles.Select(r => Roles.Parse(r) ?? r))
            : null;
        return found ?? directory.Everyone();
    }

    internal static bool Matches(Person person, Audience audience) =>
        !audience.IsEmpty
        && (audience.Roles.Count == 0 || audience.Roles.Any(r => person.HasRole(Roles.Parse(r) ?? r)))
        && (audience.Sites.Count == 0 || audience.Sites.Any(s => person.Site == Slug.Of(s)))
        && (audience.Partners.Count == 0 || audience.Partners.Any(p => person.Partner == Slug.Of(p)))
        && (audience.InterestedIn.Count == 0 || audience.InterestedIn.Any(i => person.Interests.Contains(Slug.Of(i), StringComparer.Ordinal)))
        && (audience.Languages.Count == 0 || audience.Languages.Any(l => LanguageTag.IsWithin(person.Language, LanguageTag.Parse(l) ?? l)));

    /// <summary>
    /// Sites, partners and people the audience names that the roster does not have, one line each ("Lincon" for Lincoln). A typo
    /// beside a right name went unnoticed: the send reached Lincoln's tutors and silently none at the misspelt site.
    /// </summary>
    public IEnumerable<string> UnknownPlaces(Audience audience)
    {
        var sites = audience.Sites.OfType<string>().Where(s => s.Trim().Length > 0).ToList();
        if (sites.Count > 0 && directory.AllSites() is var knownSites)
            foreach (var site in sites.Where(s => !knownSites.Any(k => k.Id == Slug.Of(s))))
                yield return $"audience.sites: '{site}' is not a site on the roster ({Known("sites", knownSites.Select(k => k.Name))}).";
        var partners = audience.Partners.OfType<string>().Where(p => p.Trim().Length > 0).ToList();
        if (partners.Count > 0 && directory.AllPartners() is var knownPartners)
            foreach (var partner in partners.Where(p => !knownPartners.Any(k => k.Id == Slug.Of(p))))
                yield return $"audience.partners: '{partner}' is not a partner on the roster ({Known("partners", knownPartners.Select(k => k.Name))}).";
        // A person is named by id: an e-mail, or an id typed wrong or of someone erased, matched nobody, and a thank-you
        // answered 202 with nobody thanked.
        foreach (var person in audience.People.OfType<string>().Distinct(StringComparer.Ordinal).Where(p => directory.Find(p) is null))
            yield return $"audience.people: '{person}' is not a person on the roster: give each person's id (the id in GET /api/admin/people).";
    }

    static string Known(string what, IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 0 ? $"the roster has no {what} yet"
            : $"its {what}: {string.Join(", ", list.Take(12))}{(list.Count > 12 ? $" and {list.Count - 12} more" : "")}";
    }

    /// <summary>People named one by one in an audience; a roster's tens of thousands fit, and a record stays far below 16 MB.</summary>
    public const int MaxPeople = 50_000;

    /// <summary>Roles, sites, partners, interests or languages in one audience: more than any district has.</summary>
    public const int MaxNames = 1_000;

    /// <summary>The longest name or id an audience takes: a site or partner has at most 100 characters, a person id 32.</summary>
    public const int MaxName = 200;

    /// <summary>What is wrong with an audience's filters, one line per bad value (shared by updates and thank-yous).</summary>
    public static IEnumerable<string> Problems(Audience audience)
    {
        var lists = new[] { ("roles", audience.Roles), ("sites", audience.Sites), ("partners", audience.Partners),
            ("people", audience.People), ("interestedIn", audience.InterestedIn), ("languages", audience.Languages) };
        // A list past these was saved whole into the draft, survey run or series, until one passed what a database record
        // holds (16 MB) and the save was a 500. Said once per list, and nothing else: each of 100,000 values is not listed.
        var tooLong = false;
        foreach (var (name, values) in lists)
        {
            var most = name == "people" ? MaxPeople : MaxNames;
            if (values.Count > most)
                yield return name == "people"
                    ? $"audience.people: at most {MaxPeople:N0} people; for more, choose roles, sites or partners."
                    : $"audience.{name}: at most {MaxNames:N0}.";
            else if (values.Any(v => v is { Length: > MaxName }))
                yield return $"audience.{name}: each at most {MaxName} characters.";
            else continue;
            tooLong = true;
        }
        if (tooLong) yield break;
        // JSON can put a null in a list; nothing below could read it.
        foreach (var (name, values) in lists)
            if (values.Any(v => v is null)) yield return $"audience.{name}: give names only, not null.";
        foreach (var role in audience.Roles.Where(r => r is not null && Roles.Parse(r) is null))
            yield return $"audience.roles: '{role}' is not a role of the program ({string.Join(", ", Roles.All)}).";
        foreach (var interest in audience.InterestedIn.Where(i => i is not null && !Interests.All.Contains(Slug.Of(i))))
            yield return $"audience.interestedIn: '{interest}' is not an interest the retention pulse asks about ({string.Join(", ", Interests.All)}).";
        foreach (var language in audience.Languages.Where(l => l is not null && LanguageTag.Parse(l) is null))
            yield return $"audience.languages: '{language}' is not a language HitBot knows; {LanguageTag.Hint}.";
    }
}
