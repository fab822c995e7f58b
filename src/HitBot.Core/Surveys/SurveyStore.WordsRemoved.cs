using HitBot.Core.Storage;

namespace HitBot.Core.Surveys;

/// <summary>Removing words from a run's free-text answers: a tutor named a student in one.</summary>
public sealed partial class SurveyStore
{
    /// <summary>
    /// In one transaction: every answer to <paramref name="questionId"/> in the run that holds <paramref name="words"/>
    /// (whatever their case) becomes <paramref name="replacement"/>, and the removal is added to the run's record. A stop
    /// partway leaves all of it or none. Answers how many answers changed and what they said; null when the run is gone.
    /// </summary>
    public (int Changed, List<string> Answers)? RemoveWords(string runId, string questionId, string words, string replacement, AnswerWordsRemoved removal) => db.InTransaction(() =>
    {
        if (RunCollection.FindById(runId) is not { } run) return ((int, List<string>)?)null;
        var changed = 0;
        var answers = new List<string>();
        foreach (var response in ResponseCollection.Find(Queries.Equal(nameof(SurveyResponse.RunId), runId)).ToList())
        {
            if (!response.Answers.TryGetValue(questionId, out var answer) || !answer.Contains(words, StringComparison.OrdinalIgnoreCase)) continue;
            ResponseCollection.Update(response with { Answers = new Dictionary<string, string>(response.Answers) { [questionId] = replacement } });
            changed++;
            answers.Add(answer);
        }
        var by = db.Erased.Contains(removal.ByPersonId) ? null : removal.ByPersonId;
        RunCollection.Update(run with { WordsRemoved = [.. run.WordsRemoved ?? [], removal with { ByPersonId = by }] });
        return (changed, answers);
    });

    /// <summary>The answers to <paramref name="questionId"/> in the run that hold <paramref name="words"/>, whatever their case, as written.</summary>
    public List<string> AnswersHolding(string runId, string questionId, string words) =>
        [.. ResponsesTo(runId).Select(r => r.Answers.GetValueOrDefault(questionId)).OfType<string>()
            .Where(a => a.Contains(words, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.Ordinal)];
}
