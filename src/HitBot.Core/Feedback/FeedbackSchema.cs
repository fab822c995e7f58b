using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Feedback;

/// <summary>Feedback by number, status and the update it answers.</summary>
sealed partial class FeedbackSchema : ISchemaSteps
{
    public IEnumerable<SchemaStep> Steps =>
    [
        new(4, "feedback", V4Feedback),
        new(24, "anonymous feedback ids name nobody", V24AnonymousIdsNameNobody),
        new(25, "replies to anonymous feedback forget the chat once delivered", V25AnonymousRepliesArePrivate),
    ];

    static void V4Feedback(LiteDatabase db)
    {
        var feedback = db.GetCollection<FeedbackItem>(FeedbackStore.Collection);
        feedback.EnsureIndex(nameof(FeedbackItem.Number), f => f.Number);
        feedback.EnsureIndex(nameof(FeedbackItem.Status), f => f.Status);
        feedback.EnsureIndex(nameof(FeedbackItem.UpdateId), f => f.UpdateId);
    }
}
