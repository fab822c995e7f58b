namespace HitBot.Core.ActionPlan;

/// <summary>The implementation phases of seed 000.</summary>
public enum ActionPhase
{
    Installation,
    InitialImplementation,
    ScalingAndSustainability,
}

public enum ItemStatus
{
    NotStarted,
    InProgress,
    Done,
    Blocked,
    /// <summary>An occurrence of a repeating item whose next occurrence came before it was done: closed, never overdue.</summary>
    Missed,
}

/// <summary>How an item repeats: every <see cref="EveryWeeks"/> weeks on <see cref="Day"/>, from its due date on.</summary>
public sealed record ItemRepeat
{
    public int EveryWeeks { get; init; } = 2;
    public DayOfWeek Day { get; init; } = DayOfWeek.Thursday;
}

/// <summary>A note or change on an item, with who made it and when (null person: the central team through the admin API).</summary>
public sealed record ItemNote
{
    public string? PersonId { get; init; }
    public string Text { get; init; } = "";
    public DateTime At { get; init; }
}

/// <summary>One step of the program's action plan (Action Step / Owner / Timing / Status in seed 000).</summary>
public sealed record ActionItem
{
    public string Id { get; init; } = "";
    /// <summary>Set on the steps of the default plan, so seeding can tell them apart from items a program added.</summary>
    public string? SeedKey { get; init; }
    public int Order { get; init; }
    public string Title { get; init; } = "";
    public string Description { get; init; } = "";
    public ActionPhase Phase { get; init; }
    public string? OwnerId { get; init; }
    public DateOnly? DueDate { get; init; }
    public ItemStatus Status { get; init; }
    public string? BlockedReason { get; init; }
    public List<ItemNote> History { get; init; } = [];
    public bool Archived { get; init; }
    /// <summary>When the status last changed (UTC): the digest's "done since", the escalation's "once per change".</summary>
    public DateTime? StatusChangedAt { get; init; }
    /// <summary>No reminders before this day (owner's calendar); the first one after a snooze falls on it.</summary>
    public DateOnly? SnoozedUntil { get; init; }
    /// <summary>This item's own "days before" reminders (e.g. [14, 3, 0]); null uses HitBot:ActionPlan:RemindDaysBefore.</summary>
    public List<int>? RemindDaysBefore { get; init; }
    /// <summary>
    /// Reminder slots at or before this instant (UTC) are dealt with: sent, or passed over after downtime. Reset when the
    /// owner or the due date changes, so a new owner is not sent the old owner's early reminders.
    /// </summary>
    public DateTime? RemindedThrough { get; init; }
    /// <summary>
    /// The change (blocked since a time, or overdue from a due date) last escalated: it goes once, to those who lead the
    /// program then. Someone who joins the central team later reads it in the weekly digest, not as a burst of cards.
    /// </summary>
    public string? EscalatedFor { get; init; }
    /// <summary>
    /// The day (program's time zone) the item got the owner it has now; null when its owner has not changed since this was
    /// kept. An item handed on once it was late counts its escalation's grace from this day, not from its due date: the new
    /// owner is not reported late the moment they get it (<see cref="ActionItemChanges.OverdueFrom"/>).
    /// </summary>
    public DateOnly? OwnerSince { get; init; }
    /// <summary>
    /// When (UTC) the item was given to its owner, while the card telling them it is new for them has still to go (at the
    /// start of their next working day); null once queued, or when none is owed (they gave it to themselves, or a meeting
    /// handed to its series' owner). Handed on again first, it is the newest owner who is told, and only them.
    /// </summary>
    public DateTime? UntoldOwnerSince { get; init; }
    /// <summary>
    /// Set on a repeating item (a series, e.g. "Conduct Regular Data Reflection Meetings"): its <see cref="DueDate"/> is the
    /// first occurrence, and each occurrence is an item of its own (<see cref="SeriesId"/>) with its own date and status.
    /// </summary>
    public ItemRepeat? Repeat { get; init; }
    /// <summary>On an occurrence: the series it belongs to.</summary>
    public string? SeriesId { get; init; }
    /// <summary>Reminders carry a pre-read: the latest survey results for the owner's site(s).</summary>
    public bool PreRead { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }

    /// <summary>
    /// The item's entity tag (the <c>ETag</c> of <c>GET /api/admin/action-items/{id}</c>): a hash of what a <c>PATCH</c> can
    /// change, status included. A save that names the tag it read (<c>If-Match</c>) is refused when any of it changed since
    /// (on the dashboard, or the owner's button in chat); notes, reminders and escalations sent do not change it.
    /// </summary>
    public string EditTag()
    {
        var content = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new EditableContent(
            Title, Description, Phase, OwnerId, DueDate, Status, BlockedReason, RemindDaysBefore, Repeat?.EveryWeeks, Repeat?.Day, PreRead, Archived));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content))[..20];
    }

    sealed record EditableContent(string Title, string Description, ActionPhase Phase, string? OwnerId, DateOnly? DueDate, ItemStatus Status,
        string? BlockedReason, List<int>? RemindDaysBefore, int? RepeatEveryWeeks, DayOfWeek? RepeatOn, bool PreRead, bool Archived);

    public bool IsSeries => Repeat is not null;
    public bool IsOccurrence => SeriesId is not null;
    public bool IsOpen => !Archived && Status is not (ItemStatus.Done or ItemStatus.Missed);
}
