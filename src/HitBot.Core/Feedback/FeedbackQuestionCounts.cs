using HitBot.Core.Updates;

namespace HitBot.Core.Feedback;

/// <summary>An update report's "questions asked": the feedback items sent from that update's "Ask a question".</summary>
sealed class FeedbackQuestionCounts(FeedbackStore store) : IQuestionCounts
{
    public int AskedAbout(string updateId) => store.CountForUpdate(updateId);
}
