using HitBot.Core.Directory;
using HitBot.Core.Storage;

namespace HitBot.Core.Updates;

/// <summary>Who may send an update to whom: the central team to anyone; a partner lead only to the tutors their organisation recruited.</summary>
public sealed class UpdatePosting(PeopleDirectory directory, AudienceResolver audiences)
{
    public static bool MayPost(Person person) => person.HasRole(Roles.CentralTeam) || IsPartnerLead(person);

    /// <summary>A partner lead who is not also on the central team: their audience is their cohort and nothing else.</summary>
    public static bool IsPartnerLead(Person person) =>
        person.HasRole(Roles.PartnerLead) && !person.HasRole(Roles.CentralTeam) && person.Partner is { Length: > 0 };

    /// <summary>A partner lead's cohort: the tutors of their partner.</summary>
    public static Audience CohortOf(Person lead) => new()
    {
        Roles = [Roles.Tutor],
        Partners = [lead.Partner is { Length: > 0 } partner ? partner : throw new ArgumentException("A partner lead has a partner on the roster.", nameof(lead))],
    };

    /// <summary>
    /// Null when <paramref name="person"/> may send <paramref name="update"/>; otherwise the sentence that says why not.
    /// A partner lead may send only an update they wrote, and every person the audience matches (opted out or not) must be a tutor of their partner: checked
    /// on the people, not on the filters, so no spelling of an audience gets round it.
    /// </summary>
    public const string UrgentRefusal =
        "Only the central team can mark an update urgent: it goes past every tutor's weekly message limit and the program calendar's breaks. Untick Urgent and send it again. Nothing was sent.";

    /// <summary>
    /// To a partner lead whose roster line leaves the partner empty: help offers them "post update", and "only the central
    /// team and partner leads" told a partner lead nothing they could act on.
    /// </summary>
    public const string NoPartnerRefusal =
        "The roster names no partner for you, so HitBot cannot tell which tutors are yours. Ask the central team to add your partner to the roster; then you can post updates to its tutors.";

    /// <summary>Why <paramref name="person"/> may not post at all: no partner on their roster line, or neither role.</summary>
    public static string MayNotPost(Person person) =>
        person.HasRole(Roles.PartnerLead) ? NoPartnerRefusal : "Only the central team and partner leads can post updates.";

    public string? Refusal(Person person, Update update)
    {
        if (person.HasRole(Roles.CentralTeam)) return null;
        if (!IsPartnerLead(person) || person.Partner is not { } partner) return MayNotPost(person);
        // Someone else's draft (the central team's, another lead's) is not theirs to send early, even to their own tutors.
        if (update.CreatedBy != person.Id) return "Partner leads can send only the updates they wrote. Nothing was sent.";
        // Urgent skips every tutor's weekly limit and the program calendar's breaks: the central team's call, not a partner's.
        if (update.Urgent) return UrgentRefusal;
        return OutsideCohort(person, partner, update) || update.Audience.IsEmpty
            ? $"You can send updates only to the tutors {PartnerName(person)} recruited. Nothing was sent."
            : null;
    }

    /// <summary>
    /// Null when <paramref name="person"/> may correct or recall <paramref name="update"/>, a sent one they may see (they wrote
    /// it); otherwise why not. A correction is new text in every chat the update reached, so a partner lead may change only
    /// what still goes to their own cohort alone, as for a send: not an update the central team widened to others before
    /// sending it, nor one to the partner they led before the roster moved them.
    /// </summary>
    public string? ChangeRefusal(Person person, Update update)
    {
        if (person.HasRole(Roles.CentralTeam)) return null;
        if (!IsPartnerLead(person) || person.Partner is not { } partner) return "Only the central team and partner leads can change updates.";
        // Someone named who has since left the program or been erased is no other partner's tutor: they count for nothing
        // here, so one tutor leaving does not take the lead's own mistake out of their hands.
        return OutsideCohort(person, partner, update, gone: p => p is null || p.Inactive)
            ? $"This update reaches people other than the tutors {PartnerName(person)} recruited, so only the central team can correct or recall it. Nothing was changed."
            : null;
    }

    /// <summary>
    /// Whether the update's audience matches anyone who is not a tutor of the lead's partner; among the people it names,
    /// those <paramref name="gone"/> says to leave out count for nothing.
    /// </summary>
    bool OutsideCohort(Person lead, string partner, Update update, Func<Person?, bool>? gone = null) =>
        update.Audience.People.Count > 0
            ? NamedPeople(update.Audience).Any(p => gone?.Invoke(p) != true && (p is null || !InCohort(p, lead)))
            : ReachesOutside(update.Audience, partner);

    /// <summary>
    /// Whether the audience matches anyone who is not a tutor of <paramref name="partner"/>. Kept until the roster changes:
    /// an audience inside the cohort is only known to be so after reading all of it (8,000 tutors for a big partner), and
    /// the preview asks at every pause in the lead's typing.
    /// </summary>
    bool ReachesOutside(Audience audience, string partner) =>
        outsideCohort.Get(partner + '\u001d' + audience.Key(), () => directory.PeopleChanges,
            () => audiences.Matching(audience).Any(p => !(p.HasRole(Roles.Tutor) && p.Partner == partner)));

    readonly KeptUntilChanged<bool> outsideCohort = new(capacity: 64);

    /// <summary>Each person the audience names, null for an id no longer on the roster.</summary>
    IEnumerable<Person?> NamedPeople(Audience audience)
    {
        var found = directory.FindMany(audience.People);
        return audience.People.Select(id => found.GetValueOrDefault(id));
    }

    string PartnerName(Person lead) =>
        lead.Partner is { } partner ? directory.PartnerName(partner) ?? partner : "";

    /// <summary>Whether <paramref name="person"/> is one of <paramref name="lead"/>'s tutors (their partner's).</summary>
    public static bool InCohort(Person person, Person lead) => person.HasRole(Roles.Tutor) && person.Partner == lead.Partner;
}
