using HitBot.Core.Directory;

namespace HitBot.Core.Surveys;

/// <summary>The built-in "Tutor retention pulse" (seed 001, Tutor Retention): will you keep tutoring, and what would help.</summary>
public static class RetentionPulse
{
    public const string TemplateId = "retention-pulse";
    public const string IntentQuestion = "intent";
    public const string SupportQuestion = "support";
    public const string NotContinuing = "no";
    public const string Unsure = "unsure";
    public const string InterestsQuestion = "interests";
    public const string Coaching = Interests.Coaching;
    public const string MoreHours = Interests.MoreHours;
    public const string OtherSubjects = Interests.OtherSubjects;

    /// <summary>The interests that say "give me more": the central team gets these tutors' names at close.</summary>
    public static readonly IReadOnlyList<string> TalentSignals = [Coaching, MoreHours];

    /// <summary>The values of the interests question: the interests a person can have (<see cref="Interests"/>).</summary>
    public static IReadOnlyList<string> AllInterests => Interests.All;

    /// <summary>The interests ticked in one response (a comma-separated multiple choice), known values only.</summary>
    public static List<string> InterestsIn(Dictionary<string, string> answers) =>
        answers.GetValueOrDefault(InterestsQuestion) is { } ticked
            ? [.. ticked.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(AllInterests.Contains).Distinct().Order(StringComparer.Ordinal)]
            : [];

    /// <summary>
    /// Whether a run asks "will you keep tutoring" as the pulse does (yes / no / not sure): only then does its "no" or "not
    /// sure" put a tutor on the at-risk list. A survey of one's own may use the id for a choice of its own ("no change").
    /// </summary>
    public static bool AsksIntent(IEnumerable<Question> questions) =>
        questions.Any(q => q.Id == IntentQuestion && q.Type == QuestionType.YesNoUnsure);

    /// <summary>
    /// Whether a run asks "how supported do you feel" on the pulse's 1–5 scale: the at-risk rule (2 or below) and its words
    /// ("rates support 2 of 5") are written for it. Asked from 0 to 10, 2 is not "2 of 5".
    /// </summary>
    public static bool AsksSupport(IEnumerable<Question> questions) =>
        questions.Any(q => q.Id == SupportQuestion && q.Type == QuestionType.Scale5);

    /// <summary>
    /// A survey whose answers can put someone on the at-risk list asks tutors about their tutoring. Launched to a site, a
    /// partner or an interest with no role named, a run of it goes to the tutors there: without roles it asked the site's
    /// champion, principal and district staff whether they would keep tutoring, and listed them as "not continuing".
    /// Roles named, or a list of people, are taken as given.
    /// </summary>
    public static Audience AudienceOf(IReadOnlyList<Question> questions, Audience audience) =>
        audience.Roles.Count == 0 && audience.People.Count == 0 && AsksTutors(questions)
            ? audience with { Roles = [Roles.Tutor] }
            : audience;

    /// <summary>Whether a survey's answers can put someone on the at-risk list: its runs go to tutors unless roles are named.</summary>
    public static bool AsksTutors(IReadOnlyList<Question> questions) => AsksIntent(questions) || AsksSupport(questions);

    public static Survey Create(string id, DateTime now) => new()
    {
        Id = id,
        Title = "Tutor retention pulse",
        Intro = "Five minutes to tell us how tutoring is going and what you'd like next term. Thank you!",
        CreatedAt = now,
        Questions =
        [
            new() { Id = IntentQuestion, Text = "Do you plan to keep tutoring with us next term?", Type = QuestionType.YesNoUnsure, Required = true },
            new() { Id = "satisfaction", Text = "Overall, how satisfied are you with tutoring this term?", Type = QuestionType.Scale5, Required = true },
            new() { Id = SupportQuestion, Text = "How supported do you feel by your site and the program?", Type = QuestionType.Scale5, Required = true },
            new()
            {
                Id = InterestsQuestion, Text = "Would you be interested in any of these?", Type = QuestionType.MultipleChoice,
                Options = [new(MoreHours, "More hours"), new(OtherSubjects, "Other subjects"), new(Coaching, "A coaching role")],
            },
            new() { Id = "help-stay", Text = "What would help you stay?", Type = QuestionType.FreeText },
            new() { Id = "anything-else", Text = "Anything else you'd like us to know?", Type = QuestionType.FreeText },
        ],
    };
}
