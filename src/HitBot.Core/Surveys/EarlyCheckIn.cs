using System.Globalization;

namespace HitBot.Core.Surveys;

/// <summary>
/// The built-in early check-in (seed 001, Tutor Retention: "establish systems that will allow for 2-way communication to be
/// responsive to tutor needs"): a short survey for tutors in their 2nd and 6th week. Its support question shares the retention pulse's
/// id, so a tutor who feels unsupported shows on the site champion's at-risk list at close.
/// </summary>
public static class EarlyCheckIn
{
    public const string SurveyId = "early-check-in";

    /// <summary>The weeks after the start date (week 1 is the week it falls in) in which a tutor gets the check-in.</summary>
    public static readonly IReadOnlyList<int> Weeks = [2, 6];

    public static Survey Create(DateTime now) => new()
    {
        Id = SurveyId,
        Title = "Early check-in",
        Intro = "You started tutoring with us recently. How is it going? Two minutes, and we will act on what you tell us.",
        CreatedAt = now,
        Questions =
        [
            new() { Id = "going", Text = "How is tutoring going so far?", Type = QuestionType.Scale5, Required = true },
            new() { Id = RetentionPulse.SupportQuestion, Text = "How supported do you feel by your site and the program?", Type = QuestionType.Scale5, Required = true },
            new() { Id = "have-what-you-need", Text = "Do you have what you need for your sessions (materials, schedule, a place)?", Type = QuestionType.YesNoUnsure, Required = true },
            new() { Id = "help", Text = "What would make the next weeks better?", Type = QuestionType.FreeText },
        ],
    };

    public static string RunId(int week, DateOnly monday) => string.Create(CultureInfo.InvariantCulture, $"{SurveyId}-w{week}-{monday:yyyyMMdd}");

    /// <summary>The Monday of the week <paramref name="day"/> falls in: check-in weeks are calendar weeks, Monday to Sunday.</summary>
    public static DateOnly Monday(DateOnly day) => ProgramClock.MondayOf(day);
}
