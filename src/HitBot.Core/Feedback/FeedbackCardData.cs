namespace HitBot.Core.Feedback;

// The data of "Send" on the feedback form is Updates' AskQuestionData: "Ask a question" under an update sends the same verb.

/// <summary>The data of the offer's buttons: the offered item, and how to send it ("named", "anonymous" or "cancel").</summary>
public sealed record FeedbackOfferData(string Item, string As);

/// <summary>The data of the central team's "Reply to #12" and "Send reply": which item.</summary>
public sealed record FeedbackReplyData(string Item);
