namespace HitBot.Core.PersonData;

/// <summary>
/// Everything HitBot holds about one person or that they wrote, as the central team hands it to them when they ask
/// (<c>GET /api/admin/people/{id}/data</c>). Other people appear only as "central team" or "program staff", never by name.
/// </summary>
public sealed record PersonDataDocument(
    string PersonId,
    DateTime ExportedAt,
    PersonRecord Person,
    List<ChatIdentity> Chats,
    Consent Consent,
    DateTime? PersonalTokenIssuedAt,
    List<MessageToThem> MessagesToThem,
    List<MessageNamingThem> MessagesNamingThem,
    List<FeedbackTheyWrote> Feedback,
    List<ReplyTheyWrote> RepliesTheyWrote,
    List<ThankYou> ThankYous,
    List<SurveyAnswer> SurveyAnswers,
    List<ActionItemOfTheirs> ActionItems,
    List<UpdateReactionOfTheirs> Reactions,
    List<UpdateTheyWrote> UpdatesTheyWrote,
    List<NotIncluded> NotIncluded)
{
    /// <summary>
    /// When their personal token stops (or stopped) working, by HitBot:Admin:PersonalTokenDays; null without a token or when
    /// tokens never expire. The host adds it (the lifetime is the admin API's setting): the file said only when it was issued.
    /// </summary>
    public DateTime? PersonalTokenExpiresAt { get; init; }

    /// <summary>Their dashboard sign-ins still open (a personal token's sessions); the host adds them.</summary>
    public List<DashboardSignIn> DashboardSignIns { get; init; } = [];

    /// <summary>Chats they were linked to before (an account replaced, HitBot removed in Teams), as platform keys.</summary>
    public List<string> FormerChats { get; init; } = [];

    /// <summary>Updates, survey runs and series whose audience names them (not those that reached them by role, site or partner).</summary>
    public List<AudienceNamingThem> AudiencesNamingThem { get; init; } = [];

    /// <summary>What they did as program staff that HitBot keeps their id on.</summary>
    public List<StaffAction> StaffActions { get; init; } = [];
}

/// <summary>
/// An update, survey run or series (<see cref="Kind"/>) addressed to them by name: when it was made, and when it was
/// sent (an update) or opens (a survey run); a series sends each of its updates, listed with the updates.
/// </summary>
public sealed record AudienceNamingThem(string Kind, string Id, string Title, DateTime CreatedAt, DateTime? SentOrOpensAt);

/// <summary>One thing they did as program staff, in words, without the other people or words it was about.</summary>
public sealed record StaffAction(string What, DateTime? At);

public sealed record PersonRecord(
    string Name, List<string> FormerNames, string Email, List<string> Roles, string? Site, string? Partner, string? TimeZone,
    string? Language, DateOnly? StartDate, List<string> Interests, DateTime? InterestsAt, bool Active, DateTime? InactiveSince,
    List<ReachNoteOfTheirs> ReachNotes, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>A chat HitBot reaches them in: the platform's ids for them and for the one-to-one conversation.</summary>
public sealed record ChatIdentity(
    string Chat, string UserId, string? ConversationId, string? TeamId, string? TenantId, string? AadObjectId, string? ServiceUrl, string? DisplayName);

public sealed record ReachNoteOfTheirs(string Chat, string State, string? Detail, DateTime At);

/// <summary>Whether they said stop (or someone stopped messages for them), when, and by whom: "themselves" or "central team".</summary>
public sealed record Consent(bool OptedOut, DateTime? OptedOutAt, string? OptedOutBy);

/// <summary>One outbox row to them: what it was about, how its delivery went, and the words as composed.</summary>
public sealed record MessageToThem(
    string Id, string About, string Kind, string State, string Chat, DateTime QueuedAt, DateTime? SentAt, string? NotSentReason, List<string> Words);

/// <summary>A message to someone else that names them (an at-risk list, an escalation): its words name other people too.</summary>
public sealed record MessageNamingThem(string About, string State, DateTime QueuedAt, DateTime? SentAt);

public sealed record FeedbackTheyWrote(
    int Number, string Text, string? AboutUpdate, string Status, DateTime SentAt, DateTime? HandledAt, DateTime? WordsRemovedAt, List<ReplyToThem> Replies);

public sealed record ReplyToThem(string Text, DateTime At, string By);

/// <summary>A reply they wrote as central team: the item's number only, never whose it was.</summary>
public sealed record ReplyTheyWrote(int FeedbackNumber, string Text, DateTime At);

public sealed record ThankYou(string Title, string Message, DateTime SentAt);

public sealed record SurveyAnswer(string Survey, string RunId, List<QuestionAnswer> Answers, DateTime AnsweredAt, DateTime? ChangedAt);

public sealed record QuestionAnswer(string Question, string Answer);

/// <summary>An item they own (all of its history), or one they wrote on (their own lines only).</summary>
public sealed record ActionItemOfTheirs(
    string Id, string Title, bool Owner, string Status, DateOnly? DueDate, string? BlockedReason, DateOnly? SnoozedUntil, List<ItemHistoryLine> History);

public sealed record ItemHistoryLine(DateTime At, string Text, string By);

public sealed record UpdateReactionOfTheirs(string UpdateId, string? Update, string Reaction, DateTime At);

public sealed record UpdateTheyWrote(string Id, string Title, string Status, DateTime CreatedAt, DateTime? SentAt);

public sealed record DashboardSignIn(DateTimeOffset StartedAt, DateTimeOffset LastSeenAt);

/// <summary>What the document leaves out on purpose, and why, in one sentence each.</summary>
public sealed record NotIncluded(string What, string Why);
