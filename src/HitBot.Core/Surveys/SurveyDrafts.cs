using System.Globalization;
using HitBot.Core.Directory;
using HitBot.Core.Updates;

namespace HitBot.Core.Surveys;

/// <summary>A survey as the central team writes it: from the template, or questions of their own.</summary>
public sealed record SurveyDraft(string? Template, string? Title, string? Intro, List<Question>? Questions)
{
    public const int MaxQuestions = 20;

    /// <summary>
    /// Teams merges a card's inputs into its button's data, where HitBot keeps its own under "d" and "verb" and Teams
    /// adds "msteams" (HitBot.Teams.ActivityParser): an answer under one of these ids would overwrite them, or be dropped.
    /// </summary>
    static readonly HashSet<string> ReservedIds = new(["d", "verb", "msteams"], StringComparer.Ordinal);

    public List<string> Problems()
    {
        if (Template is { Length: > 0 } template)
            return template == RetentionPulse.TemplateId ? [] : [$"template: the only built-in template is '{RetentionPulse.TemplateId}'."];
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Title) || Title.Length > 150) problems.Add("title: 1 to 150 characters.");
        // Every card about a run puts its title in bold ("From **Spring check-in**: …"): a line break split it in two.
        else if (MarkdownText.LineBreakProblem("title", Title) is { } broken) problems.Add(broken);
        // The intro is Markdown on every tutor's card: checked here, as an update's body is, not met as a failed send.
        if (Intro is { Length: > Survey.MaxIntro }) problems.Add($"intro: at most {Survey.MaxIntro:N0} characters; a few sentences that say why the survey matters.");
        else if (MarkdownText.Problem("intro", Intro) is { } nested) problems.Add(nested);
        var questions = Questions ?? [];
        if (questions.Count is 0 or > MaxQuestions) problems.Add($"questions: 1 to {MaxQuestions}.");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        // Results, at-risk lists and the CSV name a question by its words: two with the same words could not be told apart.
        var texts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (q, i) in questions.Select((q, i) => (q, i)))
        {
            // JSON can hold null where a question or an option belongs: refused here, not met later as a 500.
            if (q is null)
            {
                problems.Add($"questions[{i}]: a question (id, text, type), not null.");
                continue;
            }
            if (q.Options is null || q.Options.Any(o => o is null))
            {
                problems.Add($"questions[{i}].options: a list of options (value and title), without nulls; leave it out for a question that has none.");
                continue;
            }
            if (string.IsNullOrWhiteSpace(q.Id) || q.Id.Length > 40 || !q.Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                problems.Add($"questions[{i}].id: 1 to 40 letters, digits, '-' or '_'.");
            else if (ReservedIds.Contains(q.Id)) problems.Add($"questions[{i}].id: '{q.Id}' is reserved for the card's own data; pick another id.");
            else if (!ids.Add(q.Id)) problems.Add($"questions[{i}].id: '{q.Id}' is used twice.");
            if (string.IsNullOrWhiteSpace(q.Text) || q.Text.Length > 300) problems.Add($"questions[{i}].text: 1 to 300 characters.");
            else if (!texts.TryAdd(q.Text.Trim(), i))
                problems.Add($"questions[{i}].text: the same words as questions[{texts[q.Text.Trim()]}]; results name each question by its words, so give each its own.");
            var choiceType = q.Type is QuestionType.SingleChoice or QuestionType.MultipleChoice;
            if (choiceType && q.Options.Count is < 2 or > 25) problems.Add($"questions[{i}].options: 2 to 25 for a choice question.");
            if (!choiceType && q.Options.Count > 0) problems.Add($"questions[{i}].options: only choice questions have options.");
            if (q.Options.Any(o => string.IsNullOrWhiteSpace(o.Value) || o.Value.Contains(',', StringComparison.Ordinal) || o.Value.Length > 60 || string.IsNullOrWhiteSpace(o.Title) || o.Title.Length > 75))
                problems.Add($"questions[{i}].options: each needs a value (no commas, up to 60) and a title (up to 75).");
            if (q.Options.Select(o => o.Value).Distinct(StringComparer.Ordinal).Count() != q.Options.Count) problems.Add($"questions[{i}].options: values must differ.");
        }
        return problems;
    }

    public Survey ToSurvey(string id, DateTime now) => Template is { Length: > 0 }
        ? RetentionPulse.Create(id, now)
        : new Survey { Id = id, Title = Title!.Trim(), Intro = Intro?.Trim() ?? "", Questions = Questions!, CreatedAt = now };
}

/// <summary>Launching a run of a survey.</summary>
public sealed record RunRequest(
    Audience? Audience, DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt, bool? Anonymous, int? ReminderEveryDays, int? MaxReminders,
    int? RepeatEveryWeeks)
{
    public List<string> Problems(DateTimeOffset now, ProgramClock clock)
    {
        var problems = new List<string>();
        // JSON can put null where a list or a name belongs: refused here, not met later as a 500.
        var nulls = Audience is null ? [] : NullsIn(Audience);
        if (nulls.Count > 0) problems.AddRange(nulls);
        else if (Audience is null || Audience.IsEmpty) problems.Add("audience: choose roles, sites, partners, interests or people.");
        else problems.AddRange(AudienceResolver.Problems(Audience));
        var opens = OpensAt ?? now;
        if (!TypedDates.IsNear(opens, now)) problems.Add(TypedDates.Problem("opensAt", opens, clock.Zone));
        if (ClosesAt is not { } closes) problems.Add("closesAt: say when the survey closes, as a date and time such as 2026-03-20T17:00 (the program's time zone unless it has an offset).");
        else if (!TypedDates.IsNear(closes, now)) problems.Add(TypedDates.Problem("closesAt", closes, clock.Zone));
        else if (closes <= opens) problems.Add("closesAt: must be after opensAt.");
        else if (closes <= now) problems.Add("closesAt: must be in the future.");
        if (ReminderEveryDays is < 0 or > 60) problems.Add("reminderEveryDays: 0 (no reminders) to 60.");
        if (MaxReminders is < 0 or > 10) problems.Add("maxReminders: 0 to 10.");
        if (RepeatEveryWeeks is < 1 or > 52) problems.Add("repeatEveryWeeks: 1 to 52, or leave it out for a one-off.");
        // The next run opens at the same local time (SurveyRunner.ScheduleNext): counted in UTC days, a run closing just
        // after it in the week the clocks go forward was taken, two runs were open at once, and one closing just before it
        // in the week they go back was refused.
        if (problems.Count == 0 && RepeatEveryWeeks is { } weeks && ClosesAt is { } c && c.UtcDateTime > clock.SameLocalTimeDaysLater(opens.UtcDateTime, 7 * weeks))
            problems.Add("repeatEveryWeeks: a run must close before the next one opens.");
        return problems;
    }

    static List<string> NullsIn(Audience audience) =>
    [
        .. new (string Field, List<string>? Values)[]
            {
                ("roles", audience.Roles), ("sites", audience.Sites), ("partners", audience.Partners), ("people", audience.People),
                ("interestedIn", audience.InterestedIn), ("languages", audience.Languages),
            }
            .Where(list => list.Values is null || list.Values.Any(v => v is null))
            .Select(list => $"audience.{list.Field}: a list of names without nulls; leave it out to pick no {list.Field}."),
    ];

    public SurveyRun ToRun(Survey survey, DateTimeOffset now) => new()
    {
        Id = string.Create(CultureInfo.InvariantCulture, $"{survey.Id}-{(OpensAt ?? now).UtcDateTime:yyyyMMddHHmm}"),
        SurveyId = survey.Id,
        Title = survey.Title,
        Intro = survey.Intro,
        Questions = survey.Questions,
        Audience = RetentionPulse.AudienceOf(survey.Questions, Audience!),
        OpensAt = (OpensAt ?? now).UtcDateTime,
        ClosesAt = ClosesAt!.Value.UtcDateTime,
        Anonymous = Anonymous ?? false,
        ReminderEveryDays = ReminderEveryDays ?? 3,
        MaxReminders = MaxReminders ?? 2,
        RepeatEveryWeeks = RepeatEveryWeeks,
        Status = RunStatus.Scheduled,
        CreatedAt = now.UtcDateTime,
    };
}
