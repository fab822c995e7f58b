namespace HitBot.Core.Surveys;

/// <summary>The data of a survey's buttons (Send my answers, Change my answers, "Answer: …"): which run.</summary>
public sealed record SurveyRunData(string Run);
