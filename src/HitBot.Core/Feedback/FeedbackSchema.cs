using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Feedback;

/// <summary>Feedback by number, status and the update it answers.</summary>
sealed class FeedbackSchema : ISchemaSteps
{
    public IEnumerable<SchemaStep> Steps => [new(4, "feedback", V4Feedback)];

    static void V4Feedback(LiteDatabase db)
    {
        var feedback = db.GetCollection<FeedbackItem>(FeedbackStore.Collection);
        feedback.EnsureIndex(f => f.Number);
        feedback.EnsureIndex(f => f.Status);
        feedback.EnsureIndex(f => f.UpdateId);
    }
}
