namespace HitBot.Core.Updates;

/// <summary>
/// The data of "Ask a question" under an update (<see cref="UpdateCards.AskQuestionVerb"/>) and of the question form's
/// Send: the update asked about, and the form's token, which makes pressing Send twice store one item. Declared here
/// because an update's card carries it; Feedback maps the verb (FeedbackRoutes) and writes its form with it, so Feedback
/// knows Updates and Updates does not know Feedback (like <see cref="IQuestionCounts"/>).
/// </summary>
public sealed record AskQuestionData(string? Update = null, string? Token = null);
