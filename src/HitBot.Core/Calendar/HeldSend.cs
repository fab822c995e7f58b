namespace HitBot.Core.Calendar;

/// <summary>What kind of message the calendar held.</summary>
public enum HeldKind
{
    /// <summary>A scheduled update's occurrence: a weekly one is skipped, a one-off waits for the first working day after.</summary>
    Update,
    /// <summary>A survey run due to open: it opens on the first working day after.</summary>
    SurveyRun,
    /// <summary>A survey run's reminders: they wait for the first working day after.</summary>
    SurveyReminders,
    /// <summary>An action-item reminder: it goes on the first working day after.</summary>
    ActionReminder,
}

/// <summary>
/// One message the program calendar held back, for the dashboard: what, when it was due, which pause held it and when it
/// goes instead (a weekly update's occurrence is skipped: the next one after the pause sends as usual). The id names the
/// message (update + week, run, item + slot), so a loop that looks again records it once.
/// </summary>
public sealed record HeldSend
{
    public string Id { get; init; } = "";
    public HeldKind Kind { get; init; }
    /// <summary>The update, survey run or action item.</summary>
    public string SubjectId { get; init; } = "";
    public string Title { get; init; } = "";
    public DateTime DueAt { get; init; }
    /// <summary>True for a weekly update's occurrence that is not sent at all; <see cref="GoesAt"/> is then the update's next send.</summary>
    public bool Skipped { get; init; }
    /// <summary>When the message (or, when skipped, the next occurrence) goes; null when nothing is due after the pause.</summary>
    public DateTime? GoesAt { get; init; }
    public string PauseId { get; init; } = "";
    public string PauseName { get; init; } = "";
    public DateTime HeldAt { get; init; }
}
