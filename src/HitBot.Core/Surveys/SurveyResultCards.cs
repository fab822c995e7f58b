using HitBot.Core.Messaging;

namespace HitBot.Core.Surveys;

/// <summary>What the central team and site champions get when a run closes.</summary>
public static class SurveyResultCards
{
    public static Message Summary(SurveyRun run, RunReport report)
    {
        var facts = new List<Fact>
        {
            new("Responses", $"{report.Responses} of {report.Invited} ({report.ResponseRate:P0})"),
        };
        if (report.Questions.FirstOrDefault(q => q.Id == RetentionPulse.IntentQuestion) is { Answered: > 0, Hidden: false } intent)
            facts.Add(new Fact("Plan to continue", string.Join(", ", intent.Options.Select(o => $"{o.Title}: {o.Count}"))));
        if (!run.Anonymous) facts.Add(new Fact("At risk", $"{report.AtRisk.Count} (site champions got their lists)"));
        return new Message($"{run.Title} closed: {report.Responses} responses", new Card($"{run.Title} has closed",
            [new FactList(facts), new TextBlock("Full results and the CSV export are in the admin API (and the dashboard).", Subtle: true)], []));
    }

    public static Message AtRisk(SurveyRun run, IReadOnlyList<AtRiskPerson> people)
    {
        var body = new List<CardElement> { new TextBlock($"From **{run.Title}**: these tutors at your site may not stay. A conversation could help.") };
        foreach (var person in people.Take(15))
        {
            body.Add(new TextBlock($"**{person.Name}** · {string.Join(", ", person.Reasons)}"));
            body.Add(new FactList([.. person.Answers.Select(a => new Fact(a.Key, a.Value))]));
        }
        if (people.Count > 15) body.Add(new TextBlock($"…and {people.Count - 15} more in the admin API.", Subtle: true));
        return new Message($"{people.Count} tutor(s) at your site may not stay", new Card("Tutors who may not stay", body, []));
    }
}
