using System.Globalization;

namespace HitBot.Core.Surveys;

/// <summary>A submission checked against its run's questions: the answers to keep, or one problem per question.</summary>
public static class SurveyAnswers
{
    public const string Missing = "Please answer this question.";

    public static (Dictionary<string, string> Answers, Dictionary<string, string> Problems) Check(IReadOnlyList<Question> questions, IReadOnlyDictionary<string, string> inputs)
    {
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var question in questions)
        {
            var given = inputs.TryGetValue(question.Id, out var raw) ? raw.Trim() : "";
            if (given.Length == 0)
            {
                if (question.Required) problems[question.Id] = Missing;
                continue;
            }
            if (question.Type == QuestionType.FreeText)
            {
                if (given.Length > Question.MaxText) problems[question.Id] = string.Create(CultureInfo.InvariantCulture, $"Please keep this to {Question.MaxText:N0} characters or fewer.");
                else answers[question.Id] = given;
                continue;
            }
            var values = question.Type == QuestionType.MultipleChoice
                ? given.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList()
                : [given];
            var allowed = question.Choices().Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
            if (values.Count == 0 || values.Any(v => !allowed.Contains(v)))
                problems[question.Id] = "That answer is not one of this question's options.";
            else answers[question.Id] = string.Join(',', values);
        }
        // Inputs for questions the run does not have are ignored: they are not answers to anything.
        return (answers, problems);
    }

    /// <summary>An answer as people read it: option titles instead of values.</summary>
    public static string Display(Question question, string answer) => question.Type == QuestionType.FreeText
        ? answer
        : string.Join(", ", answer.Split(',').Select(v => question.Choices().FirstOrDefault(c => c.Value == v)?.Title ?? v));
}
