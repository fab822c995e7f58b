using HitBot.Core.Messaging;

namespace HitBot.Core.Surveys;

public sealed class SurveyCardSamples : ICardSamples
{
    public IEnumerable<CardSample> Samples()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        var survey = RetentionPulse.Create("retention-pulse-sample", new DateTime(2026, 3, 2, 14, 0, 0, DateTimeKind.Utc));
        var run = new SurveyRun
        {
            Id = "sample", SurveyId = survey.Id, Title = survey.Title, Intro = survey.Intro, Questions = survey.Questions,
            OpensAt = new DateTime(2026, 3, 2, 14, 0, 0, DateTimeKind.Utc), ClosesAt = new DateTime(2026, 3, 16, 22, 0, 0, DateTimeKind.Utc),
            Status = RunStatus.Open,
        };
        var answers = new Dictionary<string, string>
        {
            ["intent"] = "unsure", ["satisfaction"] = "4", ["support"] = "2", ["interests"] = "more-hours,coaching", ["help-stay"] = "A steadier schedule",
        };
        yield return new CardSample("survey", SurveyCards.Form(run, zone));
        yield return new CardSample("survey-partner-lead", SurveyCards.Form(run, zone, partnerLeadSees: true));
        yield return new CardSample("survey-reminder", SurveyCards.Form(run with { Anonymous = true }, zone, reminder: true));
        yield return new CardSample("survey-change", SurveyCards.Form(run, zone, answers));
        yield return new CardSample("survey-thank-you", SurveyCards.ThankYou(run, answers, open: true));
        yield return new CardSample("survey-closed", SurveyCards.Closed(run, zone));
        yield return new CardSample("surveys-list", SurveyCards.List([(run, true), (run with { Id = "s2", Title = "Coaching check-in" }, false)], zone));
        var report = new RunReport("sample", run.Title, false, "closed", 40, 31, 0.775,
            [new QuestionResult("intent", "Do you plan to keep tutoring with us next term?", "YesNoUnsure", 31, [new("yes", "Yes", 24), new("no", "No", 3), new("unsure", "Not sure yet", 4)])],
            [], [], [], [new AtRiskPerson("p1", "Maya Lopez", "lincoln", "citytutors", ["unsure about next term", "rates support 2 of 5"],
                new() { ["Do you plan to keep tutoring with us next term?"] = "Not sure yet", ["How supported do you feel by your site and the program?"] = "2" })],
            [new InterestedPerson("p1", "Maya Lopez", "lincoln-elementary", "citytutors", ["coaching", "more-hours"]) { SiteName = "Lincoln Elementary", PartnerName = "CityTutors" }]);
        yield return new CardSample("survey-summary", SurveyResultCards.Summary(run, report,
            [new AtRiskRouting("Lincoln Elementary", 1, ToChampions: true), new AtRiskRouting("Grant Middle", 2, ToChampions: false)], ["CityTutors"]));
        yield return new CardSample("survey-at-risk", SurveyResultCards.AtRisk(run, report.AtRisk));
        yield return new CardSample("survey-at-risk-no-champion", SurveyResultCards.AtRisk(run, report.AtRisk, "Grant Middle"));
        yield return new CardSample("survey-at-risk-champions", SurveyResultCards.AtRiskChampions(run, report.AtRisk, "Lincoln Elementary"));
        yield return new CardSample("survey-at-risk-cohort", SurveyResultCards.CohortAtRisk(run, report.AtRisk, "CityTutors"));
        yield return new CardSample("survey-interested", SurveyResultCards.Interested(run, report.Interested));
    }
}
