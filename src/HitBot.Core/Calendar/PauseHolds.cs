namespace HitBot.Core.Calendar;

/// <summary>
/// The holds the senders place when a pause keeps a message back, kept for the dashboard's "held back" list. Each sender
/// decides what a pause does to its own messages (Updates/UpdateHolds, Surveys/SurveyHolds, ActionPlan/ReminderHolds);
/// the calendar keeps the record of it.
/// </summary>
public sealed class PauseHolds(HeldSendStore store)
{
    /// <summary>
    /// Records that <paramref name="pause"/> held the message named by <paramref name="kind"/> and <paramref name="key"/>;
    /// placing the same hold again (a loop looks every few minutes through a pause) changes nothing.
    /// </summary>
    public void Place(HeldKind kind, string key, string subjectId, string title, DateTime dueAt, DateTime? goesAt, CalendarEntry pause, bool skipped = false) =>
        store.Record(kind, key, subjectId, title, dueAt, goesAt, pause, skipped);
}
