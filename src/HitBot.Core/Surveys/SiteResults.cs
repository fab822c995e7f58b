using HitBot.Core.Directory;
using HitBot.Core.Messaging.Outbox;

namespace HitBot.Core.Surveys;

/// <summary>
/// One site's results in one run. Below <see cref="SurveyResults.SmallestGroup"/> answers everything but the number invited is
/// null and <see cref="Hidden"/> is set, named run or not: these go to people at the site, who could tell who answered what.
/// In an anonymous run a site the by-site breakdown hides (<see cref="SurveyResults.Suppressed"/>) is hidden here as well.
/// </summary>
public sealed record SiteSnapshot(
    string RunId, string RunTitle, DateTime ClosesAt, string Site, string SiteName, int Invited, bool Hidden,
    int? Responses, double? ResponseRate, int? Yes, int? No, int? Unsure, double? IntendToStay, List<QuestionResult> Questions)
{
    /// <summary>Hidden although the site has five answers or more: shown, it would give a smaller site's away (anonymous runs).</summary>
    public bool HiddenForAnother { get; init; }
}

/// <summary>
/// Survey results cut to one site, for the people of that site (the reflection-meeting pre-read, site champions): always
/// with the k≥5 rule, since a site is a small group. Invited = the run's survey deliveries to people of the site today.
/// </summary>
public sealed class SiteResults(SurveyStore store, SurveyResults results, PeopleDirectory directory, OutboxStore outbox)
{
    /// <summary>Every opened run that reached someone at the site, newest first, cut to the site: a site champion's results page.</summary>
    public List<SiteSnapshot> RunsFor(string site) =>
        [.. store.RunsIn(RunStatus.Closed).Concat(store.RunsIn(RunStatus.Open)).OrderByDescending(r => r.OpensAt)
            .Select(r => For(r, site)).Where(s => s.Invited > 0)];

    /// <summary>The at-risk list of a named run, only the tutors of this site (empty for an anonymous run).</summary>
    public List<AtRiskPerson> AtRisk(SurveyRun run, string site) =>
        run.Anonymous ? [] : [.. results.For(run).AtRisk.Where(a => a.Site == site)];

    /// <summary>
    /// A closed run's snapshot for a site, kept until the directory changes (invited counts today's people of the site):
    /// a closed run takes no answers, and a site champion's page shows every run that ever reached the site.
    /// </summary>
    readonly System.Collections.Concurrent.ConcurrentDictionary<(string Run, string Site), (long Seen, SiteSnapshot Snapshot)> closed = new();

    public SiteSnapshot For(SurveyRun run, string site)
    {
        if (run.Status != RunStatus.Closed) return Snapshot(run, site);
        // Read before the people, so a change made meanwhile leaves the kept snapshot out of date, never wrong.
        var seen = directory.PeopleChanges;
        if (closed.TryGetValue((run.Id, site), out var kept) && kept.Seen == seen) return kept.Snapshot;
        var snapshot = Snapshot(run, site);
        closed[(run.Id, site)] = (seen, snapshot);
        return snapshot;
    }

    SiteSnapshot Snapshot(SurveyRun run, string site)
    {
        // Each person's invitation by its key: reading the run's deliveries took 0.7–4.3 s for a 90,000-person run.
        var invited = directory.AtSite(site).Count(p => outbox.StateOf($"{run.Campaign}:{p.Id}") is not null);
        var all = store.ResponsesTo(run.Id);
        var responses = all.Where(r => r.Site == site).ToList();
        var name = directory.SiteName(site) ?? site;
        // An anonymous run's site hidden in the central team's by-site breakdown (to keep a smaller one from being worked
        // out by subtraction) stays hidden here too: otherwise the pre-read would give back what the breakdown held back.
        if (responses.Count < SurveyResults.SmallestGroup || SurveyResults.HiddenSites(run, all).Contains(site))
            return new SiteSnapshot(run.Id, run.Title, run.ClosesAt, site, name, invited, Hidden: true, null, null, null, null, null, null, [])
            {
                HiddenForAnother = responses.Count >= SurveyResults.SmallestGroup,
            };

        var withIntent = responses.Where(r => r.Answers.ContainsKey(RetentionPulse.IntentQuestion)).ToList();
        int Intent(string answer) => withIntent.Count(r => r.Answers[RetentionPulse.IntentQuestion] == answer);
        var questions = run.Questions.Where(q => q.Type != QuestionType.FreeText).Select(q => new QuestionResult(q.Id, q.Text, q.Type.ToString(),
            responses.Count(r => r.Answers.ContainsKey(q.Id)),
            [.. q.Choices().Select(c => new OptionCount(c.Value, c.Title,
                responses.Count(r => r.Answers.TryGetValue(q.Id, out var a) && a.Split(',').Contains(c.Value))))])).ToList();
        return new SiteSnapshot(run.Id, run.Title, run.ClosesAt, site, name, invited, Hidden: false, responses.Count,
            invited == 0 ? null : Math.Round((double)responses.Count / invited, 3),
            withIntent.Count == 0 ? null : Intent("yes"), withIntent.Count == 0 ? null : Intent("no"), withIntent.Count == 0 ? null : Intent("unsure"),
            withIntent.Count == 0 ? null : Math.Round((double)Intent("yes") / withIntent.Count, 3), questions);
    }

    /// <summary>The latest closed run that asked about retention intent, and the one of the same survey before it.</summary>
    public (SurveyRun Latest, SurveyRun? Previous)? LatestRetentionRuns()
    {
        var latest = store.RunsIn(RunStatus.Closed)
            .Where(r => r.Questions.Any(q => q.Id == RetentionPulse.IntentQuestion))
            .OrderByDescending(r => r.ClosesAt).FirstOrDefault();
        if (latest is null) return null;
        var previous = store.RunsOf(latest.SurveyId).Where(r => r.Status == RunStatus.Closed && r.ClosesAt < latest.ClosesAt)
            .OrderByDescending(r => r.ClosesAt).FirstOrDefault();
        return (latest, previous);
    }

    /// <summary>
    /// The sites a person's pre-read covers: their own, or, for someone with no site (district staff), every site that
    /// answered the run (at most <paramref name="limit"/>).
    /// </summary>
    public List<string> SitesFor(Person person, SurveyRun run, int limit = 12) =>
        person.Site is { Length: > 0 } own ? [own]
        : [.. store.ResponsesTo(run.Id).Select(r => r.Site).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(limit)];
}
