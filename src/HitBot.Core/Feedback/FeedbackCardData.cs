namespace HitBot.Core.Feedback;

// The data of "Send" on the feedback form is Updates' AskQuestionData: "Ask a question" under an update sends the same verb.

/// <summary>The data of the offer's buttons: the offered item, and how to send it ("named", "anonymous" or "cancel").</summary>
public sealed record FeedbackOfferData(string Item, string As);

/// <summary>
/// The data of the central team's "Reply to #12" and "Send reply": which item, and how many replies it had when the card was
/// made. Absent on the inbox's buttons, which list only items waiting for their first reply, and on forms sent before it
/// was added: read as none. A reply another coordinator sent since is shown, and one typed without seeing it is not sent.
/// </summary>
public sealed record FeedbackReplyData(string Item, string? Replies = null);
