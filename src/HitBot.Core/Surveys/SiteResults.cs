using System.Text.Json.Serialization;
using HitBot.Core.Directory;
using HitBot.Core.Messaging.Outbox;

namespace HitBot.Core.Surveys;

/// <summary>
/// One slice's results in one run (a site's, or a partner's cohort's: the other pair of names is null and left out of the
/// JSON). Below <see cref="SurveyResults.SmallestGroup"/> answers everything but the number invited is null and
/// <see cref="Hidden"/> is set, named run or not: these go to people of the slice, who could tell who answered what.
/// In an anonymous run a slice the by-site or by-partner breakdown hides (<see cref="SurveyResults.Suppressed"/>) is hidden here as well.
/// </summary>
public sealed record SiteSnapshot(
    string RunId, string RunTitle, DateTime ClosesAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Site,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SiteName,
    int Invited, bool Hidden,
    int? Responses, double? ResponseRate, int? Yes, int? No, int? Unsure, double? IntendToStay, List<QuestionResult> Questions)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Partner { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? PartnerName { get; init; }

    /// <summary>Hidden although the slice has five answers or more: shown, it would give a smaller group's away (anonymous runs).</summary>
    public bool HiddenForAnother { get; init; }
}

/// <summary>
/// Survey results cut to one <see cref="Slice"/>, for the people of that site or partner (the reflection-meeting pre-read,
/// site champions, partner leads): always with the k≥5 rule, since a slice is a small group. Invited = the run's survey
/// invitations to people of the slice: where they were when the run closed (<see cref="SurveyRun.InvitedGroupsAtClose"/>),
/// or, for an open run and one closed before that was kept, where they are today; in a named run, a respondent where they
/// answered from (<see cref="SurveyResults.AnsweredFrom"/>), so a slice's invited always holds its answers.
/// </summary>
public sealed class SiteResults(SurveyStore store, SurveyResults results, PeopleDirectory directory, OutboxStore outbox)
{
    /// <summary>Every opened run that reached someone of the slice, newest first, cut to it: a site champion's or partner lead's results page.</summary>
    public List<SiteSnapshot> RunsFor(Slice slice) =>
        [.. store.RunsIn(RunStatus.Closed).Concat(store.RunsIn(RunStatus.Open)).OrderByDescending(r => r.OpensAt)
            .Select(r => For(r, slice)).Where(s => s.Invited > 0)];

    public List<SiteSnapshot> RunsFor(string site) => RunsFor(Slice.Site(site));

    /// <summary>The at-risk list of a named run, only the tutors of this slice (empty for an anonymous run).</summary>
    public List<AtRiskPerson> AtRisk(SurveyRun run, Slice slice) =>
        run.Anonymous ? [] : [.. results.For(run).AtRisk.Where(a => slice.Holds(a.Site, a.Partner))];

    public List<AtRiskPerson> AtRisk(SurveyRun run, string site) => AtRisk(run, Slice.Site(site));

    /// <summary>
    /// A closed run's snapshot for a slice, kept until the directory changes (invited counts today's people of the slice):
    /// a closed run takes no answers, and a results page shows every run that ever reached the slice.
    /// </summary>
    readonly System.Collections.Concurrent.ConcurrentDictionary<(string Run, Slice Slice), (long Seen, SiteSnapshot Snapshot)> closed = new();

    public SiteSnapshot For(SurveyRun run, string site) => For(run, Slice.Site(site));

    public SiteSnapshot For(SurveyRun run, Slice slice)
    {
        if (run.Status != RunStatus.Closed) return Snapshot(run, slice);
        // Read before the people, so a change made meanwhile leaves the kept snapshot out of date, never wrong.
        var seen = directory.PeopleChanges;
        if (closed.TryGetValue((run.Id, slice), out var kept) && kept.Seen == seen) return kept.Snapshot;
        var snapshot = Snapshot(run, slice);
        closed[(run.Id, slice)] = (seen, snapshot);
        return snapshot;
    }

    SiteSnapshot Snapshot(SurveyRun run, Slice slice)
    {
        // Kept at the close when the run closed in a build that keeps it; otherwise each person's invitation by its key
        // (reading the run's deliveries took 0.7–4.3 s for a 90,000-person run).
        var all = store.ResponsesTo(run.Id);
        var responses = all.Where(r => slice.Holds(r.Site, r.Partner)).ToList();
        // Someone erased who had answered is no longer among the slice's people, but their answer stays with its site and
        // partner (as in the run's own count, SurveyResults.CountInvited): without them a site's answers outnumbered its invited.
        // So does someone who answered before their invitation went, which was then cancelled.
        // A respondent counts where they answered from (SurveyResults.AnsweredFrom), as the close keeps it: a tutor who answered
        // and moved site since stays invited beside their answer, and is not counted again at the site they moved to.
        var answeredFrom = SurveyResults.AnsweredFrom(run, all);
        bool Invited(string personId) => outbox.StateOf(SurveyRunner.InvitationKey(run, personId)) is not (null or DeliveryState.Cancelled);
        var invited = run.InvitedGroupsAtClose?.Of(slice)
            ?? slice.People(directory).Count(p => !answeredFrom.ContainsKey(p.Id) && Invited(p.Id))
            + responses.Count(r => SurveyStore.InvitedByItself(r) || (r.PersonId is { } id && Invited(id)));
        var name = slice.Name(directory);
        string? site = slice.IsPartner ? null : slice.Slug, siteName = slice.IsPartner ? null : name;
        SiteSnapshot Named(SiteSnapshot s) => slice.IsPartner ? s with { Partner = slice.Slug, PartnerName = name } : s;
        // An anonymous run's site or partner hidden in the central team's breakdown (to keep a smaller one from being worked
        // out by subtraction) stays hidden here too: otherwise the pre-read would give back what the breakdown held back.
        if (responses.Count < SurveyResults.SmallestGroup || SurveyResults.HiddenGroups(run, all, slice.IsPartner).Contains(slice.Slug))
            return Named(new SiteSnapshot(run.Id, run.Title, run.ClosesAt, site, siteName, invited, Hidden: true, null, null, null, null, null, null, [])
            {
                HiddenForAnother = responses.Count >= SurveyResults.SmallestGroup,
            });

        var withIntent = RetentionPulse.AsksIntent(run.Questions) ? responses.Where(r => r.Answers.ContainsKey(RetentionPulse.IntentQuestion)).ToList() : [];
        int Intent(string answer) => withIntent.Count(r => r.Answers[RetentionPulse.IntentQuestion] == answer);
        var questions = run.Questions.Where(q => q.Type != QuestionType.FreeText).Select(q => new QuestionResult(q.Id, q.Text, q.Type.ToString(),
            responses.Count(r => r.Answers.ContainsKey(q.Id)),
            [.. q.Choices().Select(c => new OptionCount(c.Value, c.Title,
                responses.Count(r => r.Answers.TryGetValue(q.Id, out var a) && a.Split(',').Contains(c.Value))))])).ToList();
        return Named(new SiteSnapshot(run.Id, run.Title, run.ClosesAt, site, siteName, invited, Hidden: false, responses.Count,
            invited == 0 ? null : SurveyResults.Share(responses.Count, invited),
            withIntent.Count == 0 ? null : Intent("yes"), withIntent.Count == 0 ? null : Intent("no"), withIntent.Count == 0 ? null : Intent("unsure"),
            withIntent.Count == 0 ? null : SurveyResults.Share(Intent("yes"), withIntent.Count), questions));
    }

    /// <summary>The latest closed run that asked about retention intent, and the one of the same survey before it.</summary>
    public (SurveyRun Latest, SurveyRun? Previous)? LatestRetentionRuns()
    {
        var latest = store.RunsIn(RunStatus.Closed)
            .Where(r => RetentionPulse.AsksIntent(r.Questions))
            .OrderByDescending(r => r.ClosesAt).FirstOrDefault();
        if (latest is null) return null;
        var previous = store.RunsOf(latest.SurveyId).Where(r => r.Status == RunStatus.Closed && r.ClosesAt < latest.ClosesAt)
            .OrderByDescending(r => r.ClosesAt).FirstOrDefault();
        return (latest, previous);
    }

    /// <summary>
    /// What a person's pre-read covers: their own site; a partner lead without one, their cohort (the slice they may read);
    /// anyone else without a site (district staff), every site that answered the run, the first <paramref name="limit"/>
    /// in name order, and <c>More</c>: how many other sites answered, for the pre-read to say so.
    /// </summary>
    public (List<Slice> Slices, int More) SlicesFor(Person person, SurveyRun run, int limit = 12)
    {
        if (person.Site is { Length: > 0 } own) return ([Slice.Site(own)], 0);
        if (Updates.UpdatePosting.IsPartnerLead(person) && person.Partner is { } partner) return ([Slice.Partner(partner)], 0);
        var answered = store.ResponsesTo(run.Id).Select(r => r.Site).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return ([.. answered.Take(limit).Select(Slice.Site)], Math.Max(answered.Count - limit, 0));
    }
}
