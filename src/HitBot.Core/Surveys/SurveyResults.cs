using HitBot.Core.Directory;

namespace HitBot.Core.Surveys;

public sealed record OptionCount(string Value, string Title, int Count);

/// <summary>One question's answers; in an anonymous run with fewer than five responses the counts are hidden (no options).</summary>
public sealed record QuestionResult(string Id, string Text, string Type, int Answered, List<OptionCount> Options, bool Hidden = false);

/// <summary>Intent to continue in one group (a site or a partner); counts are null when the group is hidden (anonymous, under 5).</summary>
/// <remarks><see cref="Group"/> is the slug (what filters match); <see cref="Name"/> is how the roster spells it, for people to read.</remarks>
public sealed record IntentGroup(string Group, int? Responses, int? Yes, int? No, int? Unsure, bool Hidden)
{
    public string Name { get; init; } = Group;

    /// <summary>Hidden although it has five answers or more: shown, it would give a smaller hidden group's away by subtraction.</summary>
    public bool HiddenForAnother { get; init; }
}

public sealed record TrendPoint(string RunId, DateTime OpensAt, int Invited, int Responses, double ResponseRate, double? IntendToStay);

/// <summary>A tutor who may not stay; <see cref="Site"/> and <see cref="Partner"/> are slugs, the *Name ones as the roster spells them.</summary>
public sealed record AtRiskPerson(string PersonId, string Name, string? Site, string? Partner, List<string> Reasons, Dictionary<string, string> Answers)
{
    public string? SiteName { get; init; } = Site;
    public string? PartnerName { get; init; } = Partner;
    /// <summary>Their card said their partner lead sees their name (<see cref="SurveyResponse.ToldPartnerLead"/>): only then does a lead get it.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool PartnerLeadMaySee { get; init; } = true;

    /// <summary>
    /// Deactivated since they answered (they left the program, as <see cref="NonResponder.Left"/> says of a non-responder): still
    /// on the list, since they answered so, but the champion reading it is told they have gone rather than to talk to them.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool Left { get; init; }
}

/// <summary>A tutor who asked for a coaching role or more hours (named runs only); slugs and names as in <see cref="AtRiskPerson"/>.</summary>
public sealed record InterestedPerson(string PersonId, string Name, string? Site, string? Partner, List<string> Interests)
{
    public string? SiteName { get; init; } = Site;
    public string? PartnerName { get; init; } = Partner;

    /// <summary>Deactivated since they answered, as <see cref="AtRiskPerson.Left"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool Left { get; init; }
}

public sealed record RunReport(
    string RunId, string Title, bool Anonymous, string Status, int Invited, int Responses, double ResponseRate,
    List<QuestionResult> Questions, List<IntentGroup> IntentBySite, List<IntentGroup> IntentByPartner, List<TrendPoint> Trend,
    List<AtRiskPerson> AtRisk, List<InterestedPerson> Interested)
{
    /// <summary>
    /// Invitations HitBot gave up delivering (someone who removed the app, a chat that no longer exists): counted among the
    /// invited, as queued for them, but they never saw the survey. The People page says why for each.
    /// </summary>
    public int NotReached { get; init; }

    /// <summary>
    /// Every named respondent's answer to the interests question (empty list: none ticked), with when they gave it, to
    /// remember on the person unless they answered another run since.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Dictionary<string, AnsweredInterests> InterestsOf { get; init; } = [];
}

/// <summary>What a person ticked in answer to the interests question, and when they answered.</summary>
public sealed record AnsweredInterests(List<string> Interests, DateTime At);

/// <summary>
/// Results of a run: response rate, distributions, retention intent by site and partner, the trend across runs of the
/// same survey, and (named runs only) the at-risk list. In anonymous runs nothing is shown for fewer than five answers:
/// no breakdown group, no per-question counts, no trend point (k ≥ 5); and the hidden groups of a breakdown hold 0 or at
/// least five answers together, so no hidden group can be worked out from the others (see <see cref="Suppressed"/>), nor
/// from the other breakdown (see <see cref="SuppressedTogether"/>).
/// </summary>
public sealed class SurveyResults(SurveyStore store, PeopleDirectory directory, Messaging.Outbox.OutboxStore outbox)
{
    public const int SmallestGroup = 5;

    public RunReport For(SurveyRun run)
    {
        var responses = store.ResponsesTo(run.Id);
        var invited = Invited(run);
        // k ≥ 5: in an anonymous run a breakdown of fewer than five answers could point at the one who gave them.
        var tooFew = run.Anonymous && responses.Count < SmallestGroup;
        var questions = run.Questions.Select(q => new QuestionResult(q.Id, q.Text, q.Type.ToString(),
            responses.Count(r => r.Answers.ContainsKey(q.Id)),
            tooFew ? [] : [.. q.Choices().Select(c => new OptionCount(c.Value, c.Title,
                responses.Count(r => r.Answers.TryGetValue(q.Id, out var a) && a.Split(',').Contains(c.Value))))], Hidden: tooFew)).ToList();
        // The pulse's yes / no / not sure only: a survey of one's own may use the id for choices of its own ("no change").
        var hasIntent = RetentionPulse.AsksIntent(run.Questions);
        // Both breakdowns hidden together: a site and a partner of nearly the same people would give the few apart away.
        var hidden = run.Anonymous && hasIntent ? SuppressedTogether(responses.Where(r => r.Answers.ContainsKey(RetentionPulse.IntentQuestion))) : ([], []);
        var interests = run.Anonymous || run.Questions.All(q => q.Id != RetentionPulse.InterestsQuestion)
            ? [] : responses.Where(r => r.PersonId is not null).ToDictionary(r => r.PersonId!, r => new AnsweredInterests(RetentionPulse.InterestsIn(r.Answers), r.SubmittedAt));
        return new RunReport(run.Id, run.Title, run.Anonymous, run.Status.ToString().ToLowerInvariant(), invited, responses.Count,
            Rate(responses.Count, invited), questions,
            hasIntent ? Intent(responses, r => r.Site, run.Anonymous, hidden.Sites, SiteName) : [],
            hasIntent ? Intent(responses, r => r.Partner, run.Anonymous, hidden.Partners, PartnerName) : [],
            Trend(run.SurveyId),
            run.Anonymous ? [] : AtRisk(run, responses), Interested(responses, interests)) { InterestsOf = interests, NotReached = NotReached(run) };
    }

    /// <summary>Named respondents who ticked a coaching role or more hours: the central team's list at close (seed 000 §5).</summary>
    List<InterestedPerson> Interested(List<SurveyResponse> responses, Dictionary<string, AnsweredInterests> interests) =>
        [.. responses.Where(r => r.PersonId is { } id && interests.GetValueOrDefault(id)?.Interests.Any(RetentionPulse.TalentSignals.Contains) == true)
            .Select(r => (Response: r, Person: directory.Find(r.PersonId!)))
            .Select(x => new InterestedPerson(x.Response.PersonId!, x.Person?.Name ?? "someone who left", x.Response.Site, x.Response.Partner,
                [.. interests[x.Response.PersonId!].Interests.Where(RetentionPulse.TalentSignals.Contains)])
            {
                SiteName = SiteName(x.Response.Site), PartnerName = PartnerName(x.Response.Partner), Left = x.Person?.Inactive == true,
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)];

    /// <summary>
    /// People invited: the run's survey deliveries (one per person), so the rate does not move when the roster does. Read
    /// from the counts the outbox keeps per campaign, not by reading the rows (0.7–4.3 s for a 90,000-person run). An
    /// invitation cancelled before it went out (the run closed while it waited) asked nobody, so it is not counted.
    /// </summary>
    internal int Invited(SurveyRun run) => run.InvitedAtClose ?? CountInvited(run);

    /// <summary>The run's invitations HitBot gave up on, from the counts the outbox keeps per campaign (no row is read).</summary>
    internal int NotReached(SurveyRun run) => outbox.Tallies([run.Campaign])[run.Campaign].Count(Messaging.Outbox.DeliveryState.Dead);

    /// <summary>
    /// The run's invitations not cancelled, counted now (what <see cref="SurveyRun.InvitedAtClose"/> keeps at the close), the
    /// people who answered before their invitation went (it was cancelled, as they had answered), and the people erased since
    /// who had answered: their invitation is deleted with them, but their answer stays in the count
    /// of responses, so without them a run's rate rose past what its answers were, and the run page said one invited fewer
    /// than "who has not answered".
    /// </summary>
    internal int CountInvited(SurveyRun run) =>
        outbox.Tallies([run.Campaign])[run.Campaign].ByState.Where(s => s.Key != Messaging.Outbox.DeliveryState.Cancelled).Sum(s => s.Value)
        + store.CountAnswersInvitedByThemselves(run.Id);

    /// <summary>
    /// The run's invitations not cancelled, by each invited person's site and partner now (what
    /// <see cref="SurveyRun.InvitedGroupsAtClose"/> keeps at the close): the campaign's person ids through its index, and
    /// every person's site and partner alone. Done once per run, as it closes: 2–3 s and about 600 MB allocated for a
    /// 100,000-person run (a debug build on the 2-core machine under load; reading those people whole took 8 s and 3 GB).
    /// </summary>
    internal InvitedGroups CountInvitedGroups(SurveyRun run)
    {
        var invited = outbox.PeopleOf(run.Campaign);
        var answeredFrom = AnsweredFrom(run, store.ResponsesTo(run.Id));
        var groups = new InvitedGroups();
        foreach (var (id, now) in directory.SitesAndPartners())
        {
            if (!invited.Contains(id)) continue;
            var (site, partner) = answeredFrom.GetValueOrDefault(id, now);
            if (site is not null) groups.Sites[site] = groups.Sites.GetValueOrDefault(site) + 1;
            if (partner is not null) groups.Partners[partner] = groups.Partners.GetValueOrDefault(partner) + 1;
        }
        // People erased who had answered (their invitations went with them) and people who answered before their invitation
        // went (it was cancelled): their answers kept their site and partner.
        if (store.CountAnswersInvitedByThemselves(run.Id) > 0)
            foreach (var erased in store.ResponsesTo(run.Id).Where(SurveyStore.InvitedByItself))
            {
                if (erased.Site is { } site) groups.Sites[site] = groups.Sites.GetValueOrDefault(site) + 1;
                if (erased.Partner is { } partner) groups.Partners[partner] = groups.Partners.GetValueOrDefault(partner) + 1;
            }
        return groups;
    }

    /// <summary>
    /// Where each respondent of a named run counts among the invited of a site or partner: where their answer was given (its
    /// site and partner are kept with it, and its site's results and at-risk list show it), not where they are now. Counted
    /// by today's site, a tutor who answered and then moved took their invitation to the new site and left their answer at the
    /// old one, whose page could read over 100%. Others count where they are now. Empty for an anonymous run: matching its
    /// answers to people is what it promised not to do.
    /// </summary>
    internal static Dictionary<string, (string? Site, string? Partner)> AnsweredFrom(SurveyRun run, IEnumerable<SurveyResponse> responses) =>
        run.Anonymous ? [] : responses.Where(r => r.PersonId is not null)
            .ToDictionary(r => r.PersonId!, r => (r.Site, r.Partner), StringComparer.Ordinal);

    /// <summary>
    /// The trend points of closed runs, worked out once: a closed run takes no answers, so its point does not change,
    /// and the overview shows every open run's trend (a year of fortnightly pulses to 100,000 tutors read 26 runs of
    /// answers at every look). Only in memory: the first look after a start works them out again.
    /// </summary>
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, TrendPoint> closedPoints = new(StringComparer.Ordinal);

    // Runs that opened and were not cancelled: a cancelled run is no point of the trend.
    List<TrendPoint> Trend(string surveyId) => [.. store.RunsOf(surveyId).Where(r => r.Status is RunStatus.Open or RunStatus.Closed)
        .Select(r => r.Status == RunStatus.Closed ? closedPoints.GetOrAdd(r.Id, _ => PointOf(r)) : PointOf(r))];

    TrendPoint PointOf(SurveyRun run)
    {
        var responses = store.ResponsesTo(run.Id);
        var withIntent = RetentionPulse.AsksIntent(run.Questions) ? responses.Where(x => x.Answers.ContainsKey(RetentionPulse.IntentQuestion)).ToList() : [];
        var invited = Invited(run);
        return new TrendPoint(run.Id, run.OpensAt, invited, responses.Count, Rate(responses.Count, invited),
            withIntent.Count == 0 || (run.Anonymous && withIntent.Count < SmallestGroup) ? null : Share(withIntent.Count(x => x.Answers[RetentionPulse.IntentQuestion] == "yes"), withIntent.Count));
    }

    /// <summary>A site's name as the roster spells it ("Lincoln Elementary", not "lincoln-elementary"); the slug when no roster named it.</summary>
    string? SiteName(string? slug) => slug is null ? null : directory.SiteName(slug) ?? slug;

    string? PartnerName(string? slug) => slug is null ? null : directory.PartnerName(slug) ?? slug;

    /// <param name="hidden">The groups to hide (<see cref="SuppressedTogether"/>); empty for a named run.</param>
    static List<IntentGroup> Intent(List<SurveyResponse> responses, Func<SurveyResponse, string?> groupOf, bool anonymous, HashSet<string> hidden, Func<string, string?> nameOf)
    {
        var groups = IntentGroups(responses, groupOf, anonymous);
        return [.. groups.Select(g => hidden.Contains(g.Key)
            ? new IntentGroup(g.Key, null, null, null, null, Hidden: true) { Name = GroupName(g.Key, nameOf), HiddenForAnother = g.Count() >= SmallestGroup }
            : new IntentGroup(g.Key, g.Count(), Count(g, "yes"), Count(g, "no"), Count(g, "unsure"), Hidden: false) { Name = GroupName(g.Key, nameOf) })];
    }

    /// <summary>The answers to the intent question by group, in the order of the group keys.</summary>
    static List<IGrouping<string, SurveyResponse>> IntentGroups(IEnumerable<SurveyResponse> responses, Func<SurveyResponse, string?> groupOf, bool anonymous) =>
        [.. responses.Where(r => r.Answers.ContainsKey(RetentionPulse.IntentQuestion))
            // Anonymous answers keep their group only when it is large (SurveyRoutes); the rest are "(other)".
            .GroupBy(r => groupOf(r) ?? (anonymous ? "(other)" : "(none)")).OrderBy(g => g.Key, StringComparer.Ordinal)];

    /// <summary>
    /// The sites (or, <paramref name="byPartner"/>, partners) of an anonymous run whose results a slice must not show (the
    /// rules of <see cref="SuppressedTogether"/>): those the by-site (by-partner) breakdown of intent hides, and those to hide when
    /// the groups are counted by all their answers, since a slice shows every question's counts, not intent's alone. A
    /// survey without the intent question (or one where it was skipped) had no such rule: a site of six answers shown
    /// beside the overall counts gave away the one answer of a smaller site. Empty for a named run.
    /// </summary>
    public static HashSet<string> HiddenGroups(SurveyRun run, IEnumerable<SurveyResponse> responses, bool byPartner)
    {
        if (!run.Anonymous) return [];
        var all = responses.ToList();
        var byIntent = SuppressedTogether(all.Where(r => r.Answers.ContainsKey(RetentionPulse.IntentQuestion)));
        var byAll = SuppressedTogether(all);
        var hidden = byPartner ? byIntent.Partners : byIntent.Sites;
        hidden.UnionWith(byPartner ? byAll.Partners : byAll.Sites);
        return hidden;
    }

    /// <summary>
    /// The sites and the partners to hide in an anonymous run's <paramref name="answers"/>: each breakdown's own
    /// (<see cref="Suppressed"/>), and then, while a site and a partner hold 1–4 answers that are not in both, the smaller
    /// shown one of them. Subtracting one from the other would give those few away: Lincoln's 6 answers beside
    /// CityTutors' 5, who all tutor at Lincoln, are the sixth Lincoln tutor's answer. The hidden groups of a breakdown
    /// count as one group here, since the overall counts minus the shown ones give them together.
    /// </summary>
    internal static (HashSet<string> Sites, HashSet<string> Partners) SuppressedTogether(IEnumerable<SurveyResponse> answers)
    {
        const string other = "(other)";
        // In name order, so the same answers hide the same groups whatever order they were read in.
        var cells = answers.GroupBy(r => (Site: r.Site ?? other, Partner: r.Partner ?? other))
            .OrderBy(g => g.Key.Site, StringComparer.Ordinal).ThenBy(g => g.Key.Partner, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
        var siteSizes = cells.GroupBy(c => c.Key.Site, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(c => c.Value), StringComparer.Ordinal);
        var partnerSizes = cells.GroupBy(c => c.Key.Partner, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(c => c.Value), StringComparer.Ordinal);
        var sites = Suppressed(siteSizes);
        var partners = Suppressed(partnerSizes);
        while (GivenAway() is { } pair && Hide(pair.Site, pair.Partner)) { }
        return (sites, partners);

        // The first site and partner (a shown one, or the hidden ones together) whose answers differ in 1–4.
        (View Site, View Partner)? GivenAway()
        {
            var partnerViews = Views(partnerSizes, partners);
            foreach (var s in Views(siteSizes, sites))
                foreach (var p in partnerViews)
                {
                    var inBoth = s.Shown is { } shownSite && p.Shown is { } shownPartner ? cells.GetValueOrDefault((shownSite, shownPartner))
                        : cells.Where(c => s.Groups.Contains(c.Key.Site) && p.Groups.Contains(c.Key.Partner)).Sum(c => c.Value);
                    if (s.Size + p.Size - 2 * inBoth is > 0 and < SmallestGroup) return (s, p);
                }
            return null;
        }

        // Hides the smaller shown one of the two, or, both being hidden groups together, the smallest shown group of either
        // breakdown; false when nothing is left to hide (never, as then both are every answer).
        bool Hide(View site, View partner)
        {
            var candidates = new[] { (View: site, Hidden: sites, Sizes: siteSizes), (View: partner, Hidden: partners, Sizes: partnerSizes) };
            var shown = candidates.SelectMany(c => c.View.Shown is { } group ? [(Group: group, c.View.Size, c.Hidden)] : Array.Empty<(string Group, int Size, HashSet<string> Hidden)>()).ToList();
            if (shown.Count == 0)
                shown = [.. candidates.SelectMany(c => c.Sizes.Where(g => !c.Hidden.Contains(g.Key)).Select(g => (Group: g.Key, Size: g.Value, c.Hidden)))];
            if (shown.Count == 0) return false;
            var smallest = shown.OrderBy(c => c.Size).ThenBy(c => c.Group, StringComparer.Ordinal).First();
            smallest.Hidden.Add(smallest.Group);
            return true;
        }
    }

    /// <summary>A group a breakdown shows (<see cref="Shown"/>), or its hidden groups together (null).</summary>
    sealed record View(HashSet<string> Groups, int Size, string? Shown);

    static List<View> Views(Dictionary<string, int> sizes, HashSet<string> hidden) =>
        [.. sizes.Where(g => !hidden.Contains(g.Key)).Select(g => new View([g.Key], g.Value, g.Key)),
         .. hidden.Count > 0 ? [new View([.. hidden], hidden.Sum(g => sizes[g]), null)] : Array.Empty<View>()];

    /// <summary>
    /// The groups of a breakdown to hide: every group under <see cref="SmallestGroup"/> answers and, while the hidden ones
    /// hold 1–4 answers together, the smallest shown group too. The overall counts are shown, so the overall minus the shown
    /// groups gives the hidden groups' sum: one hidden site of 2 would be those 2 people's answers.
    /// </summary>
    public static HashSet<string> Suppressed(IReadOnlyDictionary<string, int> sizes)
    {
        var hidden = sizes.Where(g => g.Value < SmallestGroup).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        var held = hidden.Sum(g => sizes[g]);
        foreach (var next in sizes.Where(g => !hidden.Contains(g.Key)).OrderBy(g => g.Value).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            if (held is 0 or >= SmallestGroup) break;
            hidden.Add(next.Key);
            held += next.Value;
        }
        return hidden;
    }

    /// <summary>"(other)" and "(none)" are HitBot's own words, not slugs.</summary>
    static string GroupName(string key, Func<string, string?> nameOf) => key.StartsWith('(') ? key : nameOf(key) ?? key;

    static int Count(IEnumerable<SurveyResponse> group, string answer) => group.Count(r => r.Answers[RetentionPulse.IntentQuestion] == answer);

    /// <summary>
    /// Named runs: "not continuing" or "unsure", or support rated 2 or below of 5; each only where the run asks the question
    /// as the pulse does (<see cref="RetentionPulse.AsksIntent"/>, <see cref="RetentionPulse.AsksSupport"/>).
    /// </summary>
    List<AtRiskPerson> AtRisk(SurveyRun run, List<SurveyResponse> responses)
    {
        var list = new List<AtRiskPerson>();
        var intent = RetentionPulse.AsksIntent(run.Questions);
        var support = RetentionPulse.AsksSupport(run.Questions);
        if (!intent && !support) return list;
        foreach (var response in responses.Where(r => r.PersonId is not null))
        {
            var reasons = new List<string>();
            var stays = intent ? response.Answers.GetValueOrDefault(RetentionPulse.IntentQuestion) : null;
            if (stays is RetentionPulse.NotContinuing) reasons.Add("not continuing");
            if (stays is RetentionPulse.Unsure) reasons.Add("unsure about next term");
            if (support && int.TryParse(response.Answers.GetValueOrDefault(RetentionPulse.SupportQuestion), out var rated) && rated <= 2)
                reasons.Add($"rates support {rated} of 5");
            if (reasons.Count == 0) continue;
            var person = directory.Find(response.PersonId!);
            var answers = new Dictionary<string, string>(StringComparer.Ordinal);
            // Keyed by the question's words: a survey saved before two questions were refused the same words has a second
            // one as "words (2)", where the list threw and its results page answered 500.
            foreach (var q in run.Questions.Where(q => response.Answers.ContainsKey(q.Id)))
            {
                var key = q.Text;
                for (var n = 2; answers.ContainsKey(key); n++) key = $"{q.Text} ({n})";
                answers[key] = SurveyAnswers.Display(q, response.Answers[q.Id]);
            }
            list.Add(new AtRiskPerson(response.PersonId!, person?.Name ?? "someone who left", response.Site, response.Partner, reasons, answers)
            {
                SiteName = SiteName(response.Site), PartnerName = PartnerName(response.Partner),
                PartnerLeadMaySee = response.ToldPartnerLead != false,
                Left = person?.Inactive == true,
            });
        }
        return list;
    }

    /// <summary>
    /// A share as the whole percent every view shows it: the dashboard and My site (JavaScript's Math.round), the close
    /// summary and the pre-read. Halves go up, so 5 of 8 is 63% everywhere: the pre-read's even rounding said 62%.
    /// A share that is neither all nor none stays between 1% and 99%: 199 of 200 answered read "100%" on the run's page,
    /// the overview and the close summary, as if everyone had answered (app.js's pct does the same).
    /// </summary>
    public static int Percent(double share)
    {
        var percent = (int)Math.Round(share * 100, MidpointRounding.AwayFromZero);
        return share is > 0 and < 1 ? Math.Clamp(percent, 1, 99) : percent;
    }

    static double Rate(int responses, int invited) => Share(responses, invited);

    /// <summary>
    /// <paramref name="part"/> of <paramref name="whole"/> to three decimals (0 when the whole is 0), never 1 while some are
    /// missing nor 0 while some are there: 1,999 of 2,000 rounded to 1.0, which no view could then tell from everyone.
    /// </summary>
    public static double Share(int part, int whole)
    {
        if (whole == 0) return 0;
        var share = Math.Round((double)part / whole, 3);
        return part < whole && share >= 1 ? 0.999 : part > 0 && share <= 0 ? 0.001 : share;
    }
}
