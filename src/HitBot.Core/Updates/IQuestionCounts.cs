namespace HitBot.Core.Updates;

/// <summary>
/// How many questions people asked about an update, for its report. Feedback answers it (Feedback/FeedbackQuestionCounts):
/// feedback is about updates, so Feedback knows Updates and not the other way round.
/// </summary>
public interface IQuestionCounts
{
    int AskedAbout(string updateId);
}
