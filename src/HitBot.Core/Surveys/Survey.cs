using HitBot.Core.Directory;
using HitBot.Core.Updates;

namespace HitBot.Core.Surveys;

public enum QuestionType
{
    SingleChoice,
    MultipleChoice,
    /// <summary>1 to 5.</summary>
    Scale5,
    /// <summary>0 to 10 (NPS style).</summary>
    Scale10,
    YesNoUnsure,
    FreeText,
}

public sealed record QuestionOption(string Value, string Title);

/// <summary>One question; <see cref="Options"/> only for the choice types (the scales and yes/no/unsure bring their own).</summary>
public sealed record Question
{
    public const int MaxText = 1000;

    public string Id { get; init; } = "";
    public string Text { get; init; } = "";
    public QuestionType Type { get; init; }
    public bool Required { get; init; }
    public List<QuestionOption> Options { get; init; } = [];

    /// <summary>The answers this question accepts, for every type but free text.</summary>
    public IReadOnlyList<QuestionOption> Choices() => Type switch
    {
        QuestionType.Scale5 => [.. Enumerable.Range(1, 5).Select(i => new QuestionOption($"{i}", $"{i}"))],
        QuestionType.Scale10 => [.. Enumerable.Range(0, 11).Select(i => new QuestionOption($"{i}", $"{i}"))],
        QuestionType.YesNoUnsure => [new("yes", "Yes"), new("no", "No"), new("unsure", "Not sure yet")],
        QuestionType.FreeText => [],
        _ => Options,
    };
}

/// <summary>A survey: ordered questions. Runs send it to an audience for a while.</summary>
public sealed record Survey
{
    /// <summary>The intro heads every card of every run (and each reminder): a few sentences, not a letter.</summary>
    public const int MaxIntro = 2000;

    public string Id { get; init; } = "";
    public string Title { get; init; } = "";
    public string Intro { get; init; } = "";
    public List<Question> Questions { get; init; } = [];
    public DateTime CreatedAt { get; init; }
}

public enum RunStatus
{
    Scheduled,
    Open,
    Closed,
    /// <summary>Stopped by the central team: never opens, or sends nothing more and records no answers.</summary>
    Cancelled,
}

/// <summary>
/// One sending of a survey: its audience, when it opens and closes, reminders, anonymity. The questions are copied in,
/// so editing the survey later does not change what this run asked.
/// </summary>
public sealed record SurveyRun
{
    public string Id { get; init; } = "";
    public string SurveyId { get; init; } = "";
    public string Title { get; init; } = "";
    public string Intro { get; init; } = "";
    public List<Question> Questions { get; init; } = [];
    public Audience Audience { get; init; } = new();
    public DateTime OpensAt { get; init; }
    public DateTime ClosesAt { get; init; }
    /// <summary>When the run was to open before the program calendar moved it past a pause; null when it was not moved.</summary>
    public DateTime? PlannedOpensAt { get; init; }
    public bool Anonymous { get; init; }
    /// <summary>Days between reminders to people who have not answered; 0 sends none.</summary>
    public int ReminderEveryDays { get; init; } = 3;
    public int MaxReminders { get; init; } = 2;
    /// <summary>Weeks until the next run of the same survey is opened (e.g. 6); null for a one-off.</summary>
    public int? RepeatEveryWeeks { get; init; }
    public RunStatus Status { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? CancelledAt { get; init; }
    /// <summary>
    /// When the invitations and reminders of a cancelled run still waiting in the outbox were cancelled too. Null on a
    /// cancelled run: HitBot stopped between saving the cancel and stopping its messages, and the next look does it.
    /// </summary>
    public DateTime? MessagesStoppedAt { get; init; }
    /// <summary>
    /// When the central team pressed "Close now" on this open run, saved before the close's work begins: the run takes no
    /// more answers from then, and a look finds it still open only if HitBot stopped partway, and closes it at this time.
    /// <see cref="ClosesAt"/> keeps the planned time until the close is saved, so a repeating survey's next run keeps its dates.
    /// </summary>
    public DateTime? ClosedEarlyAt { get; init; }
    /// <summary>
    /// Anonymous runs: the sites and partners an answer keeps (<see cref="Surveys.KeptGroups"/>), counted as the run opened
    /// and again when people join it (schema 18 counted the runs already open). Null on a named run: its answers keep both.
    /// </summary>
    public KeptGroups? KeptGroups { get; init; }
    /// <summary>
    /// How many the run asked, counted as it closed: its invitation rows are pruned after HitBot:Storage:RetentionDays,
    /// and a closed run's response rate (and its point on the trend) must not fall to nothing with them. Null while open,
    /// and for runs closed before this was kept (counted from their rows while those last).
    /// </summary>
    public int? InvitedAtClose { get; init; }
    /// <summary>
    /// How many the run asked at each site and in each partner's cohort, counted as it closed, by where each person was
    /// then: a site champion's and a partner lead's results (<see cref="SiteResults"/>) outlive the invitation rows pruned
    /// after HitBot:Storage:RetentionDays, and a tutor who moves to another site later does not move an old run's count.
    /// Null while open, and for runs closed before this was kept (counted from today's roster and the rows while those last).
    /// </summary>
    public InvitedGroups? InvitedGroupsAtClose { get; init; }
    /// <summary>
    /// Each time the central team removed words from this run's free-text answers (a student named in them): which question,
    /// when, by whom and why. Never the words themselves. Written by <see cref="SurveyStore.RemoveWords"/> alone.
    /// </summary>
    public List<AnswerWordsRemoved>? WordsRemoved { get; init; }
    /// <summary>
    /// The press that launched the run, as the admin API names it from its Idempotency-Key (a hash of the key and of who
    /// sent it, naming neither): the same press again, its answer lost to a dropped connection, is answered with this run
    /// instead of a 409 after a launch that worked. Null when launched without a key, and on a repeating survey's later runs.
    /// </summary>
    public string? LaunchKey { get; init; }

    public string Campaign => "survey:" + Id;
    public bool IsOpenAt(DateTime utc) => Status == RunStatus.Open && utc < (ClosedEarlyAt ?? ClosesAt);
}

/// <summary>
/// One person's answers to one run. <see cref="Id"/> is run + respondent key: the person id in named runs, a keyed hash in
/// anonymous ones (then <see cref="PersonId"/> is null and nothing here names the person). Site and partner are kept for
/// breakdowns, which hide groups under five in anonymous runs.
/// </summary>
public sealed record SurveyResponse
{
    public string Id { get; init; } = "";
    public string RunId { get; init; } = "";
    public string? PersonId { get; init; }
    public string? Site { get; init; }
    public string? Partner { get; init; }
    public Dictionary<string, string> Answers { get; init; } = [];
    public DateTime SubmittedAt { get; init; }
    public DateTime? ChangedAt { get; init; }
    /// <summary>
    /// Named runs: whether the card said, when this answer was saved, that the person's partner lead sees their name (their
    /// partner had a lead then). A lead added later does not get the name of someone who was told only of their site champion
    /// and the central team. Null for answers saved before HitBot kept it, which were told by the same rule.
    /// </summary>
    public bool? ToldPartnerLead { get; init; }
    /// <summary>
    /// Named runs: the answer came while the person's invitation still waited in the outbox (for their morning, the weekly
    /// budget, a quiet-hours rule), so the invitation was cancelled and the run counts them invited by this answer, as it
    /// counts an erased person's. Null otherwise, and always in an anonymous run: there it would point at the person whose
    /// cancelled invitation the outbox names.
    /// </summary>
    public bool? AnsweredBeforeInvitation { get; init; }
}

/// <summary>One removal of words from a run's answers to a free-text question. The words searched for are not kept: they are what was removed.</summary>
public sealed record AnswerWordsRemoved
{
    public string QuestionId { get; init; } = "";
    public DateTime At { get; init; }
    /// <summary>The central team member who removed them; null for the shared admin token, and once they are erased.</summary>
    public string? ByPersonId { get; init; }
    public string? Note { get; init; }
}
