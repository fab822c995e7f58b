using System.Globalization;
using HitBot.Core.Messaging;

namespace HitBot.Core.Surveys;

/// <summary>What the central team, site champions and partner leads get when a run closes.</summary>
public static class SurveyResultCards
{
    /// <param name="cohorts">The partners whose at-risk tutors went to their partner lead(s) too.</param>
    public static Message Summary(SurveyRun run, RunReport report, IReadOnlyList<AtRiskRouting> routing, IReadOnlyList<string>? cohorts = null)
    {
        var facts = new List<Fact>
        {
            // Not P0: without a language set (a service's usual state) it wrote "33 %", and "1000 of 3000" beside other cards' "3,000 people".
            new("Responses", string.Create(CultureInfo.InvariantCulture, $"{report.Responses:N0} of {report.Invited:N0} ({SurveyResults.Percent(report.ResponseRate)}%)")),
        };
        if (RetentionPulse.AsksIntent(run.Questions) && report.Questions.FirstOrDefault(q => q.Id == RetentionPulse.IntentQuestion) is { Answered: > 0, Hidden: false } intent)
            facts.Add(new Fact("Plan to continue", string.Join(", ", intent.Options.Select(o => $"{o.Title}: {o.Count}"))));
        if (!run.Anonymous) facts.Add(new Fact("At risk", AtRiskLine(report, routing, cohorts ?? [])));
        if (!run.Anonymous && report.Interested.Count > 0)
            facts.Add(new Fact("Want more", $"{Tutors(report.Interested.Count)} asked for a coaching role or more hours (their list is in its own card)"));
        return new Message($"{run.Title} closed: {report.Responses} responses", new Card($"{run.Title} has closed",
            [new FactList(facts), new TextBlock("Full results and the CSV export are in the admin API (and the dashboard).", Subtle: true)], []));
    }

    /// <summary>Says truthfully where each site's list went: never "champions got their lists" when a site has none.</summary>
    static string AtRiskLine(RunReport report, IReadOnlyList<AtRiskRouting> routing, IReadOnlyList<string> cohorts)
    {
        if (report.AtRisk.Count == 0) return "nobody";
        var toChampions = routing.Where(r => r.ToChampions).Select(r => r.Site).ToList();
        var toYou = routing.Where(r => !r.ToChampions && !r.AboutChampions).Select(r => r.Site).ToList();
        var champions = routing.Where(r => r.AboutChampions).ToList();
        var parts = new List<string>();
        if (toChampions.Count > 0) parts.Add($"the site champions of {Named(toChampions, "sites")} got their lists");
        if (toYou.Count > 0) parts.Add($"{Named(toYou, "sites")} ha{(toYou.Count == 1 ? "s" : "ve")} no site champion in chat, so the central team got {(toYou.Count == 1 ? "that list" : "those lists")}");
        if (champions.Count > NamedAtMost)
            parts.Add($"at {champions.Count} sites the site's own site champions may not stay, so the central team got those entries");
        else
            foreach (var site in champions)
                parts.Add($"{site.Site}'s own site champion{(site.People == 1 ? "" : "s")} may not stay, so the central team got {(site.People == 1 ? "that entry" : "those entries")}");
        if (cohorts.Count > 0) parts.Add($"the partner lead{(cohorts.Count == 1 ? "" : "s")} of {Named(cohorts, "partners")} got their cohort's list{(cohorts.Count == 1 ? "" : "s")}");
        return $"{report.AtRisk.Count}: {string.Join("; ", parts)}";
    }

    /// <summary>
    /// How many sites or partners the summary names; more are counted. A district of 60 sites put every name in one line,
    /// a wall of text that Slack cut at 2,000 characters before it said which lists had come to the central team itself.
    /// Each of those lists is a card of its own that names its site.
    /// </summary>
    const int NamedAtMost = 5;

    static string Named(IReadOnlyList<string> names, string plural) =>
        names.Count > NamedAtMost ? $"{names.Count} {plural}" : string.Join(", ", names);

    /// <summary>How many tutors an interested list names; the rest are counted, not named.</summary>
    const int InterestedShown = 30;

    /// <summary>The ids of the tutors <see cref="Interested"/> names, for its delivery to declare (Delivery.Names).</summary>
    public static List<string> NamedIn(IReadOnlyList<InterestedPerson> people) => [.. people.Take(InterestedShown).Select(p => p.PersonId)];

    /// <summary>Tutors who asked for a coaching role or more hours, for the central team.</summary>
    public static Message Interested(SurveyRun run, IReadOnlyList<InterestedPerson> people)
    {
        static string What(string interest) => interest switch
        {
            RetentionPulse.Coaching => "a coaching role",
            RetentionPulse.MoreHours => "more hours",
            _ => interest,
        };
        var body = new List<CardElement> { new TextBlock($"From **{run.Title}**: these tutors would like to do more. Experienced tutors are the program's future coaches.") };
        body.Add(new TextBlock(string.Join('\n', people.Take(InterestedShown).Select(p =>
            $"- **{p.Name}**{(p.Left ? LeftMark : "")}{(p.SiteName is { } site ? $" · {site}" : "")} · {string.Join(", ", p.Interests.Select(What))}"))));
        if (people.Count > InterestedShown) body.Add(new TextBlock($"…and {people.Count - InterestedShown} more in the admin API.", Subtle: true));
        body.Add(new TextBlock("Send them an update with the audience filter \"interested in: coaching\".", Subtle: true));
        return new Message($"{Tutors(people.Count)} want{(people.Count == 1 ? "s" : "")} a coaching role or more hours", new Card("Tutors who want to do more", body, []));
    }

    /// <summary>How many tutors an at-risk list names (with their answers) at most; the rest are counted, not named.</summary>
    const int AtRiskShown = 15;

    /// <summary>
    /// How many characters of names and answers one list quotes. Slack refuses for good a message whose blocks hold much
    /// more (msg_blocks_too_long, seen near 13,000: protocols.md §7.2): fifteen tutors who each filled both text boxes
    /// quoted 30,000, and their site champion got no list at all.
    /// </summary>
    const int AtRiskQuoted = 9_000;

    /// <summary>How many of <paramref name="people"/> a list names: up to <see cref="AtRiskShown"/>, as many as fit <see cref="AtRiskQuoted"/>, at least one.</summary>
    static int ShownOf(IReadOnlyList<AtRiskPerson> people)
    {
        var (shown, quoted) = (0, 0);
        foreach (var person in people.Take(AtRiskShown))
        {
            var size = person.Name.Length + (person.SiteName?.Length ?? 0) + person.Reasons.Sum(r => r.Length + 2)
                + person.Answers.Sum(a => a.Key.Length + a.Value.Length);
            if (shown > 0 && quoted + size > AtRiskQuoted) break;
            (shown, quoted) = (shown + 1, quoted + size);
        }
        return shown;
    }

    /// <summary>The ids of the tutors <see cref="AtRisk"/> names and quotes, for its delivery to declare (Delivery.Names).</summary>
    public static List<string> NamedIn(IReadOnlyList<AtRiskPerson> people) => [.. people.Take(ShownOf(people)).Select(p => p.PersonId)];

    /// <param name="siteWithoutChampion">Set when the list goes to the central team because this site has no site champion.</param>
    public static Message AtRisk(SurveyRun run, IReadOnlyList<AtRiskPerson> people, string? siteWithoutChampion = null)
    {
        var intro = siteWithoutChampion is { } site
            ? $"From **{run.Title}**: these tutors at **{site}** may not stay. {site} has no site champion in chat, so this list comes to the central team."
            : $"From **{run.Title}**: these tutors at your site may not stay. A conversation could help.";
        // A site champion cannot open the central team's admin API; their own dashboard page lists their site's tutors.
        var body = AtRiskBody(intro, people, siteWithoutChampion is null ? "on the dashboard's My site page" : "in the admin API", withSite: false);
        return siteWithoutChampion is { } name
            ? new Message($"{Tutors(people.Count)} at {name} may not stay", new Card($"Tutors at {name} who may not stay", body, []))
            : new Message($"{Tutors(people.Count)} at your site may not stay", new Card("Tutors who may not stay", body, []));
    }

    /// <summary>The site's own champion(s) who tutor and may not stay, for the central team: their own list would only tell themselves.</summary>
    public static Message AtRiskChampions(SurveyRun run, IReadOnlyList<AtRiskPerson> people, string site) =>
        new($"{Tutors(people.Count)} at {site} may not stay", new Card($"Tutors at {site} who may not stay", AtRiskBody(
            $"From **{run.Title}**: {(people.Count == 1 ? "this tutor is" : "these tutors are")} also {site}'s site champion{(people.Count == 1 ? "" : "s")} and may not stay, so this comes to the central team.",
            people, "in the admin API", withSite: false), []));

    /// <summary>A partner lead's list: the tutors of their partner who may not stay, each with their site (a cohort spans sites).</summary>
    public static Message CohortAtRisk(SurveyRun run, IReadOnlyList<AtRiskPerson> people, string partner) =>
        new($"{Tutors(people.Count)} in your cohort may not stay", new Card("Tutors in your cohort who may not stay",
            AtRiskBody($"From **{run.Title}**: these tutors of **{partner}** may not stay. A conversation could help.", people,
                "on the dashboard's My cohort page", withSite: true), []));

    static List<CardElement> AtRiskBody(string intro, IReadOnlyList<AtRiskPerson> people, string where, bool withSite)
    {
        var body = new List<CardElement> { new TextBlock(intro) };
        var shown = ShownOf(people);
        foreach (var person in people.Take(shown))
        {
            var site = withSite && person.SiteName is { } siteName ? $" · {siteName}" : "";
            body.Add(new TextBlock($"**{person.Name}**{(person.Left ? LeftMark : "")}{site} · {string.Join(", ", person.Reasons)}"));
            body.Add(new FactList([.. person.Answers.Select(a => new Fact(a.Key, a.Value))]));
        }
        if (people.Count > shown) body.Add(new TextBlock($"…and {people.Count - shown} more {where}.", Subtle: true));
        return body;
    }

    /// <summary>After the name of someone deactivated since they answered: not someone to talk to any more (the digest says it of owners).</summary>
    const string LeftMark = " (left the program)";

    /// <summary>"1 tutor", "3 tutors": a count a coordinator reads in a notification, not "tutor(s)".</summary>
    static string Tutors(int count) => count == 1 ? "1 tutor" : $"{count} tutors";
}
