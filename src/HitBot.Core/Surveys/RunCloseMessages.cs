using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Updates;

namespace HitBot.Core.Surveys;

/// <summary>
/// What a closing run sends: the central team's summary; in named runs each site's at-risk list to its site champion(s),
/// or to the central team when the site has no champion reachable in chat (and the summary says which sites those were);
/// each partner's at-risk tutors to its partner lead(s) in chat too (the summary names those partners; a partner without
/// one needs nothing more, since every site's list went somewhere); and the tutors who asked for a coaching role or more
/// hours, for the central team (seed 000 §5: move experienced staff into coaching). Every message has an outbox key, so closing twice sends nothing twice.
/// Each goes in its reader's working daytime (<see cref="ToStaff"/>).
/// </summary>
public sealed class RunCloseMessages(PeopleDirectory directory, OutboxStore outbox, ProgramClock clock, TimeProvider time)
{
    public void Send(SurveyRun run, RunReport report)
    {
        var at = time.GetUtcNow();
        var central = directory.ReachableForWork(Roles.CentralTeam);
        var routing = new List<AtRiskRouting>();
        List<string> cohorts = [];
        // Who has been shown which tutors by name: a site champion who is also a partner lead gets each tutor once.
        var told = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        if (!run.Anonymous)
        {
            var siteChampions = directory.ReachableForWork(Roles.SiteChampion);
            foreach (var site in report.AtRisk.GroupBy(a => a.Site ?? "").OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var siteName = SiteName(site.Key);
                var champions = site.Key.Length == 0 ? [] : siteChampions.Where(r => r.Person.Site == site.Key).ToList();
                var toChampions = champions.Count > 0;
                // A champion who tutors and may not stay is someone to talk to, not their own follow-up: the central team hears.
                var aboutChampions = site.Where(a => champions.Any(c => c.Person.Id == a.PersonId)).ToList();
                List<AtRiskPerson> list = [.. site.Except(aboutChampions)];
                if (list.Count > 0)
                {
                    var card = SurveyResultCards.AtRisk(run, list, toChampions ? null : siteName);
                    var named = SurveyResultCards.NamedIn(list);
                    var recipients = toChampions ? champions : central;
                    // Declares the tutors it names: one erased after the report's read is refused, not sent by name (README, erasure).
                    var post = toChampions ? ReaderPosts.Of(Roles.SiteChampion, site.Key) : Central;
                    outbox.EnqueueMany(recipients.Select(r =>
                        ToStaff($"{run.Campaign}:at-risk:{site.Key}:{r.Person.Id}", run.Campaign + ":at-risk", r, card, at).Naming(named).ForPost(post)));
                    routing.Add(new AtRiskRouting(siteName, list.Count, toChampions));
                    if (toChampions)
                        foreach (var champion in champions)
                        {
                            if (!told.TryGetValue(champion.Person.Id, out var ids)) told[champion.Person.Id] = ids = new(StringComparer.Ordinal);
                            ids.UnionWith(named);
                        }
                }
                if (aboutChampions.Count > 0)
                {
                    var card = SurveyResultCards.AtRiskChampions(run, aboutChampions, siteName);
                    var named = SurveyResultCards.NamedIn(aboutChampions);
                    outbox.EnqueueMany(central.Select(r =>
                        ToStaff($"{run.Campaign}:at-risk-champion:{site.Key}:{r.Person.Id}", run.Campaign + ":at-risk", r, card, at).Naming(named).ForPost(Central)));
                    routing.Add(new AtRiskRouting(siteName, aboutChampions.Count, ToChampions: false) { AboutChampions = true });
                }
            }
            cohorts = SendCohortLists(run, report, at, told);
            if (report.Interested.Count > 0)
            {
                var talent = SurveyResultCards.Interested(run, report.Interested);
                var named = SurveyResultCards.NamedIn(report.Interested);
                outbox.EnqueueMany(central.Select(r =>
                    ToStaff($"{run.Campaign}:talent:{r.Person.Id}", run.Campaign + ":talent", r, talent, at).Naming(named).ForPost(Central)));
            }
        }
        var summary = SurveyResultCards.Summary(run, report, routing, cohorts);
        outbox.EnqueueMany(central.Select(r => ToStaff($"{run.Campaign}:summary:{r.Person.Id}", run.Campaign + ":summary", r, summary, at).ForPost(Central)));
        if (!run.Anonymous) RememberInterests(report);
    }

    /// <summary>Each partner's at-risk tutors to its partner lead(s) reachable in chat; returns the names of those partners.</summary>
    List<string> SendCohortLists(SurveyRun run, RunReport report, DateTimeOffset at, Dictionary<string, HashSet<string>> told)
    {
        var leads = directory.ReachableForWork(Roles.PartnerLead).Where(r => UpdatePosting.IsPartnerLead(r.Person)).ToList();
        var sent = new List<string>();
        // Only tutors whose card said their partner lead sees their name: a lead added after they answered does not.
        foreach (var cohort in report.AtRisk.Where(a => a.Partner is { Length: > 0 } && a.PartnerLeadMaySee).GroupBy(a => a.Partner ?? "")
                     .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var recipients = leads.Where(r => r.Person.Partner == cohort.Key).ToList();
            if (recipients.Count == 0) continue;
            var name = directory.PartnerName(cohort.Key) ?? cohort.Key;
            var reached = false;
            foreach (var lead in recipients)
            {
                // A lead who tutors and may not stay is not their own follow-up: their site's list (its champion's, or the
                // central team's) names them. A lead who is also a site champion had their site's tutors in that list already.
                var theirs = cohort.Where(a => a.PersonId != lead.Person.Id).ToList();
                reached |= theirs.Count > 0;
                List<AtRiskPerson> fresh = [.. theirs.Where(a => told.GetValueOrDefault(lead.Person.Id)?.Contains(a.PersonId) != true)];
                if (fresh.Count == 0) continue;
                outbox.TryEnqueue(ToStaff($"{run.Campaign}:at-risk-cohort:{cohort.Key}:{lead.Person.Id}", run.Campaign + ":at-risk", lead,
                    SurveyResultCards.CohortAtRisk(run, fresh, name), at).Naming(SurveyResultCards.NamedIn(fresh)).ForPost(ReaderPosts.Of(Roles.PartnerLead, cohort.Key)));
            }
            if (reached) sent.Add(name);
        }
        return sent;
    }

    /// <summary>
    /// Each respondent's answer about coaching and more hours, for the "interested in" audience filter, kept with when they
    /// gave it: a run that closes after a newer one (its closing moved later) does not put back what they answered before.
    /// </summary>
    void RememberInterests(RunReport report)
    {
        foreach (var (personId, answered) in report.InterestsOf) directory.RememberInterests(personId, answered.Interests, answered.At);
    }

    /// <summary>
    /// A run launched from the dashboard closes at 23:59 in the program's time zone: its lists are the next working
    /// morning's work, not a card on a champion's phone at midnight. Each goes in its reader's daytime on a weekday, in
    /// their own zone (as escalations do: a program break does not hold work messages). Not budgeted: they are work.
    /// </summary>
    Delivery ToStaff(string key, string campaign, (Person Person, ChannelAddress Address) to, Message card, DateTimeOffset at) =>
        Delivery.Send(key, campaign, to.Person.Id, to.Address, card, at) with
        {
            DueAt = MessageBudget.IntoWeekdayDaytime(at.UtcDateTime, clock.ZoneOf(to.Person)),
        };

    /// <summary>The post of the central team's cards: the summary, the lists of sites without a champion, who wants more.</summary>
    static readonly string Central = ReaderPosts.Of(Roles.CentralTeam);

    string SiteName(string slug) =>
        slug.Length == 0 ? "no site" : directory.SiteName(slug) ?? slug;
}

/// <summary>
/// Where a site's at-risk list went: to its champion(s), or to the central team because it has none, or (<see cref="AboutChampions"/>)
/// to the central team because the entries are about the site's champion(s) themselves.
/// </summary>
public sealed record AtRiskRouting(string Site, int People, bool ToChampions)
{
    public bool AboutChampions { get; init; }
}
