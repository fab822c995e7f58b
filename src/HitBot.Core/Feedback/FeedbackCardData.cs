namespace HitBot.Core.Feedback;

/// <summary>
/// The data of "Send" on the feedback form and of "Ask a question" under an update: the update asked about, and the form's
/// token, which makes pressing Send twice store one item.
/// </summary>
public sealed record FeedbackFormData(string? Update = null, string? Token = null);

/// <summary>The data of the offer's buttons: the offered item, and how to send it ("named", "anonymous" or "cancel").</summary>
public sealed record FeedbackOfferData(string Item, string As);

/// <summary>The data of the central team's "Reply to #12" and "Send reply": which item.</summary>
public sealed record FeedbackReplyData(string Item);
