using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;

namespace HitBot.Core.Surveys;

/// <summary>What a removal of words from survey answers came to.</summary>
/// <param name="Removed">How many answers changed; null where saying it would tell about answers kept from the central team.</param>
public sealed record AnswerWordRemovalResult(SurveyRun? Run, int? Removed, List<string> Problems)
{
    public bool Found => Run is not null;
}

/// <summary>
/// Removes a student's name or details from a run's answers to one free-text question, for good (README, "Students' names
/// typed into feedback"). Survey answers have no id the central team sees (an anonymous answer must not be pointed at), so
/// the answers are picked by the words in them: every answer to that question holding them becomes the removal text.
/// </summary>
public sealed class SurveyAnswerWordRemoval(SurveyStore store, OutboxStore outbox, ProgramClock clock, TimeProvider time)
{
    public const int MinWords = 3;
    public const int MaxWords = 200;

    public AnswerWordRemovalResult Remove(string runId, string? questionId, string? words, string? byPersonId, string? note)
    {
        if (store.FindRun(runId) is not { } run) return new(null, null, []);
        var problems = new List<string>();
        words = words?.Trim() ?? "";
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (run.Questions.FirstOrDefault(q => q.Id == questionId) is not { } question)
            problems.Add($"questionId: the id of one of this run's free-text questions ({FreeTextIds(run)}).");
        else if (question.Type != QuestionType.FreeText)
            problems.Add($"questionId: '{questionId}' is not a free-text question; words are removed from free-text answers only ({FreeTextIds(run)}).");
        if (words.Length < MinWords)
            problems.Add($"words: the words to remove, as written in the answer, at least {MinWords} characters (a shorter piece would take out unrelated answers).");
        else if (words.Length > MaxWords)
            problems.Add($"words: at most {MaxWords} characters.");
        if (note is { Length: > NoStudentData.MaxRemovalNote })
            problems.Add($"note: at most {NoStudentData.MaxRemovalNote} characters.");
        if (problems.Count > 0) return new(run, null, problems);

        var now = time.GetUtcNow();
        var text = NoStudentData.RemovedText(clock.Today());
        var removal = new AnswerWordsRemoved { QuestionId = questionId!, At = now.UtcDateTime, ByPersonId = byPersonId, Note = note };
        // The outbox first, as for feedback: a stop after it leaves the words in the answers, and removing them again finds
        // every copy. Answers given meanwhile are found in the answers' own write, and their copies then.
        var holding = store.AnswersHolding(runId, questionId!, words);
        RemoveFromOutbox(holding, text, now);
        if (store.RemoveWords(runId, questionId!, words, text, removal) is not { } done) return new(null, null, []);
        if (done.Answers.Except(holding, StringComparer.Ordinal).ToList() is { Count: > 0 } since) RemoveFromOutbox(since, text, now);
        var removed = done.Changed;
        // Below the smallest group, anonymous answers are kept from the central team (no CSV): the count would let anyone
        // with the token ask, word by word, what those few answers say.
        var shown = run.Anonymous && store.CountResponses(runId) < SurveyResults.SmallestGroup ? (int?)null : removed;
        return new(store.FindRun(runId), shown, []);
    }

    /// <summary>
    /// The thank-you card that answers a submission lists the answers as "facts", and its record in the outbox keeps them:
    /// each is found by the answer's exact value and gets the removal text in its place. The card in the person's own chat
    /// is changed too, as a corrected update is (an anonymous run's card kept no chat to change, by design).
    /// </summary>
    void RemoveFromOutbox(List<string> answers, string text, DateTimeOffset now)
    {
        if (answers.Count == 0) return;
        var quotes = answers.Select(FactValue).ToList();
        Message Without(Delivery row)
        {
            var json = row.MessageJson;
            if (!quotes.Any(q => json.Contains(q, StringComparison.Ordinal))) return Message.Text(text);
            foreach (var quote in quotes) json = json.Replace(quote, FactValue(text), StringComparison.Ordinal);
            return MessageJson.Deserialize(json);
        }
        outbox.RemoveWords(new HashSet<string>(), quotes, Without, sent => !sent.Private && sent.SentMessageId is not null && sent.MessageJson.Length > 0
            ? Delivery.FollowUp($"words-removed:{sent.Id}", EditCampaign, sent, DeliveryKind.Update, Without(sent), now)
            : null);
    }

    /// <summary>Where the follow-ups that change a thank-you card in its chat are counted.</summary>
    public const string EditCampaign = "survey-words-removed";

    /// <summary>A fact's value as MessageJson writes it: the whole answer, so only a card quoting exactly it is found.</summary>
    static string FactValue(string answer) => "\"value\":" + MessageJson.Quote(answer);

    static string FreeTextIds(SurveyRun run) =>
        run.Questions.Where(q => q.Type == QuestionType.FreeText).Select(q => q.Id).ToList() is { Count: > 0 } ids
            ? "here: " + string.Join(", ", ids) : "this run has none";
}
