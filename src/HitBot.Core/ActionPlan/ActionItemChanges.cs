using HitBot.Core.Loops;
using System.Globalization;
using HitBot.Core.Directory;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;

namespace HitBot.Core.ActionPlan;

/// <summary>Wakes the reminder loop when an item changes (a new due date, owner or status).</summary>
public sealed class ActionPlanSignal : WakeSignal;

public enum ChangeOutcome
{
    Changed,
    NoItem,
    NotAllowed,
    Invalid,
    /// <summary>Asked from a card that showed a status the item no longer has: nothing changed; <see cref="ChangeResult.Item"/> is the item now.</summary>
    Stale,
}

public sealed record ChangeResult(ChangeOutcome Outcome, ActionItem? Item = null, string? Problem = null)
{
    public static readonly ChangeResult NoItem = new(ChangeOutcome.NoItem, Problem: "There is no such action item (it may have been archived).");
    public static readonly ChangeResult NotAllowed = new(ChangeOutcome.NotAllowed,
        Problem: "Only the item's owner or the central team can change it. Nothing was changed.");
    public static ChangeResult Invalid(string problem) => new(ChangeOutcome.Invalid, Problem: problem);
}

/// <summary>What the central team may change on an item through the admin API; null fields stay as they are.</summary>
public sealed record ItemEdit(
    string? Title = null, string? Description = null, string? Phase = null, string? OwnerId = null, string? OwnerEmail = null,
    bool? ClearOwner = null, DateOnly? DueDate = null, string? Status = null, string? BlockedReason = null, string? Note = null,
    List<int>? RemindDaysBefore = null, int? RepeatEveryWeeks = null, string? RepeatOn = null, bool? PreRead = null,
    bool? ClearDueDate = null);

/// <summary>
/// Every change to an action item: who may make it (the owner or the central team), and one history line per change.
/// Read-modify-write under one lock: the database has one owner process, so two clicks cannot lose each other's change.
/// </summary>
public sealed partial class ActionItemChanges(
    ActionPlanStore store, PeopleDirectory directory, ActionPlanSignal signal, ProgramClock clock, TimeProvider time, OutboxStore outbox)
{
    public const int MaxNote = 1000;
    public const int MaxDescription = 4000;
    public const int SnoozeDays = 3;
    static readonly TimeSpan SameNoteWindow = TimeSpan.FromMinutes(10);
    readonly Lock gate = new();

    /// <summary>
    /// The owner, or a central team member; the admin API (null person) is the central team. Someone who left the program
    /// holds neither, as with every role (<see cref="Person.HasRole"/>): their old cards change nothing.
    /// </summary>
    public bool MayChange(ActionItem item, string? personId) =>
        personId is null || directory.Find(personId) is { Inactive: false } person && (item.OwnerId == personId || person.HasRole(Roles.CentralTeam));

    /// <param name="shown">
    /// The status on the card the button was pressed on, when it says. The item has another one now (the central team marked
    /// it done on the dashboard, or the owner on a newer card): the click is from before that change and is not recorded over
    /// it (<see cref="ChangeOutcome.Stale"/>). A week-old reminder's "In progress" reopened an item done since, and its
    /// reminders with it, or unblocked one the central team had blocked, with nobody told.
    /// </param>
    public ChangeResult SetStatus(string id, ItemStatus status, string? reason, string? by, ItemStatus? shown = null)
    {
        ActionItem? stale = null;
        var result = Change(id, by, item =>
        {
            stale = null; // made again from a fresh read when someone it names was erased meanwhile (Change), as in Edit
            // Already where the click would put it: nothing to refuse, as for the same click twice.
            if (shown is { } was && was != item.Status && status != item.Status)
            {
                stale = item;
                return (item, null);
            }
            return StatusSet(item, status, reason, by);
        });
        return stale is null || result.Outcome != ChangeOutcome.Changed ? result : new(ChangeOutcome.Stale, stale);
    }

    (ActionItem? Changed, string? Problem) StatusSet(ActionItem item, ItemStatus status, string? reason, string? by)
    {
        var why = reason?.Trim();
        if (status == ItemStatus.Blocked && string.IsNullOrEmpty(why)) return (null, "Say what it is blocked on.");
        if (why is { Length: > MaxNote }) return (null, $"The reason holds at most {MaxNote} characters.");
        if (item.Status == status && (status != ItemStatus.Blocked || item.BlockedReason == why)) return (item, null);
        var line = $"Status: {ActionPlanCards.StatusName(item)} → {ActionPlanCards.StatusName(item with { Status = status, BlockedReason = why })}";
        return (item with
        {
            Status = status,
            BlockedReason = status == ItemStatus.Blocked ? why : null,
            StatusChangedAt = Now,
            RemindedThrough = AnsweredNow(item),
            SnoozedUntil = status == ItemStatus.Done ? null : item.SnoozedUntil,
            History = [.. item.History, Note(by, line)],
        }, null);
    }

    /// <summary>No reminders for three days; the next one comes on the third day, in the owner's working hours.</summary>
    public ChangeResult Snooze(string id, string? by) => Change(id, by, item =>
    {
        // Done, missed or without a due date, it has no reminders to move: an old card's Snooze records nothing.
        if (!item.IsOpen || item.DueDate is null) return (item, null);
        var until = TodayFor(item.OwnerId).AddDays(SnoozeDays);
        // Pressed twice (a double tap, the card open on two devices, a retried request): snoozed already, one line.
        if (item.SnoozedUntil == until) return (item, null);
        return (item with
        {
            SnoozedUntil = until,
            History = [.. item.History, Note(by, "Snoozed reminders until " + until.ToString("ddd d MMM", CultureInfo.InvariantCulture))],
        }, null);
    });

    public ChangeResult AddNote(string id, string? text, string? by) => Change(id, by, item =>
    {
        var note = text?.Trim() ?? "";
        if (note.Length == 0) return (null, "Write the note first.");
        if (note.Length > MaxNote) return (null, $"A note holds at most {MaxNote} characters.");
        // The same note again at once is the same press (two devices, a retried request), not a second note: kept once.
        if (item.History.LastOrDefault() is { } last && last.PersonId == by && last.Text == "Note: " + note && Now - last.At < SameNoteWindow)
            return (item, null);
        return (item with { History = [.. item.History, Note(by, "Note: " + note)] }, null);
    });

    public ChangeResult Archive(string id, bool archived) => Change(id, null, item =>
        item.Archived == archived ? (item, null)
        : (item with { Archived = archived, History = [.. item.History, Note(null, archived ? "Archived" : "Restored from the archive")] }, null),
        includeArchived: true);

    /// <summary>The central team's edit through the admin API: every field that changes gets its history line.</summary>
    /// <param name="ifMatch">
    /// The <see cref="ActionItem.EditTag"/>s the caller read the item at (<c>If-Match</c>). When its owner, status, date or
    /// another field a <c>PATCH</c> changes has changed since, nothing is saved (<see cref="ChangeOutcome.Stale"/>): the
    /// dashboard sends the fields its page changed, so a status set there over the owner's "Done" from chat reopened the item.
    /// The same save again (a retry: nothing left to change, its note already written) is answered as done. Null or empty: no check.
    /// </param>
    /// <param name="givenBy">
    /// The person making the change, when the admin API knows them (a personal token; null for the shared admin token, the
    /// central team): its history lines name them, as a draft update names who saved it, so a colleague's 409 and the new
    /// owner's card say who; and someone who gives an item to themselves is not told it is new for them.
    /// </param>
    public ChangeResult Edit(string id, ItemEdit edit, IReadOnlyCollection<string>? ifMatch = null, string? givenBy = null)
    {
        ActionItem? stale = null;
        var result = Change(id, givenBy, item =>
        {
            stale = null; // made again from a fresh read when someone it names was erased meanwhile (Change)
            var (changed, problem, dropOccurrences) = Edited(item, edit, givenBy);
            if (changed is not null && ifMatch is { Count: > 0 } && !ifMatch.Contains("*") && !ifMatch.Contains(item.EditTag()))
            {
                var retried = changed.EditTag() == item.EditTag()
                    && (edit.Note?.Trim() is not { Length: > 0 } note || item.History.Any(n => n.Text == "Note: " + note));
                if (!retried) stale = item;
                return (item, null);
            }
            if (changed is not null && dropOccurrences) DropComingOccurrences(item.Id, TodayFor(null));
            return (changed, problem);
        });
        return stale is null || result.Outcome != ChangeOutcome.Changed ? result : new(ChangeOutcome.Stale, stale);
    }

    (ActionItem? Changed, string? Problem, bool DropOccurrences) Edited(ActionItem item, ItemEdit edit, string? givenBy)
    {
        var lines = new List<string>();
        var changed = item;
        if (edit.Title is { } title)
        {
            if (string.IsNullOrWhiteSpace(title) || title.Length > 200) return (null, "title: 1 to 200 characters.", false);
            if (MarkdownText.LineBreakProblem("title", title) is { } broken) return (null, broken, false);
            if (title.Trim() != item.Title) { lines.Add($"Title: {item.Title} → {title.Trim()}"); changed = changed with { Title = title.Trim() }; }
        }
        if (edit.Description is { } description && description.Trim() != item.Description)
        {
            if (DescriptionProblem(description) is { } problem) return (null, problem, false);
            lines.Add("Description changed"); changed = changed with { Description = description.Trim() };
        }
        if (edit.Phase is { } phaseText)
        {
            if (ParsePhase(phaseText) is not { } phase) return (null, "phase: installation, initial-implementation or scaling-and-sustainability.", false);
            if (phase != item.Phase) { lines.Add($"Phase: {DefaultPlan.PhaseName(item.Phase)} → {DefaultPlan.PhaseName(phase)}"); changed = changed with { Phase = phase }; }
        }
        if (edit.ClearOwner == true || edit.OwnerId is not null || edit.OwnerEmail is not null)
        {
            Person? owner = null;
            if (edit.ClearOwner != true)
            {
                owner = edit.OwnerId is { } ownerId ? directory.Find(ownerId) : directory.FindByEmail(edit.OwnerEmail!.Trim().ToLowerInvariant());
                if (owner is null) return (null, $"owner: '{edit.OwnerId ?? edit.OwnerEmail}' is not on the roster.", false);
            }
            if (owner?.Id != item.OwnerId)
            {
                // Reminders go to active people only: the item would sit with nobody to remind.
                if (owner is { Inactive: true }) return (null, $"owner: {owner.Name} has left the program, so they would get no reminders. Choose someone active.", false);
                lines.Add($"Owner: {NameOf(item.OwnerId)} → {owner?.Name ?? "nobody"}");
                changed = changed with
                {
                    OwnerId = owner?.Id, OwnerSince = TodayFor(null), RemindedThrough = Now, SnoozedUntil = null,
                    UntoldOwnerSince = owner is not null && owner.Id != givenBy && !SeriesCovers(item, owner.Id) ? Now : null,
                };
            }
        }
        if (edit.ClearDueDate == true)
        {
            if (edit.DueDate is not null) return (null, "dueDate: send a date or clearDueDate, not both.", false);
            if (item.DueDate is { } was)
            {
                lines.Add($"Due date: {was:yyyy-MM-dd} → none");
                changed = changed with { DueDate = null, RemindedThrough = Now, SnoozedUntil = null };
            }
        }
        if (edit.DueDate is { } due && due != item.DueDate)
        {
            if (!TypedDates.IsNear(due, TodayFor(null))) return (null, TypedDates.Problem("dueDate", due), false);
            lines.Add($"Due date: {item.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "none"} → {due:yyyy-MM-dd}");
            changed = changed with { DueDate = due, RemindedThrough = Now, SnoozedUntil = null };
        }
        if (edit.RemindDaysBefore is { } own)
        {
            if (own.Count > 10 || own.Any(d => d is < 0 or > 90)) return (null, "remindDaysBefore: up to 10 whole days from 0 to 90, e.g. [14, 3, 0]; [] for none before the due date.", false);
            var days = own.Distinct().OrderDescending().ToList();
            if (item.RemindDaysBefore is null || !days.SequenceEqual(item.RemindDaysBefore))
            {
                lines.Add("Reminders: " + (days.Count == 0 ? "none before the due date" : string.Join(", ", days) + " days before"));
                changed = changed with { RemindDaysBefore = days };
            }
        }
        var (repeated, repeatProblem, repeatLine) = WithRepeat(changed, edit.RepeatEveryWeeks, edit.RepeatOn, edit.PreRead);
        if (repeated is null) return (null, repeatProblem, false);
        if (repeatLine is not null) lines.Add(repeated.Repeat is null && edit.RepeatEveryWeeks is null ? repeatLine : "Repeat: " + repeatLine);
        changed = repeated;
        // A repeating item's due date is its first meeting: without one it would never repeat.
        if (edit.ClearDueDate == true && changed.IsSeries)
            return (null, "clearDueDate: a repeating item's due date is its first meeting; stop it repeating (repeatEveryWeeks 0) to clear it.", false);
        var dropOccurrences = item.IsSeries && (changed.Repeat != item.Repeat || changed.DueDate != item.DueDate);
        var newStatus = edit.Status;
        if (newStatus is null && edit.BlockedReason is not null)
        {
            // A reason alone is a new reason for a blocked item (the dashboard sends only what changed); it was dropped
            // while the answer said the item was saved.
            if (changed.Status != ItemStatus.Blocked) return (null, "blockedReason: the item is not blocked; send it with status blocked.", false);
            newStatus = "blocked";
        }
        if (newStatus is { } statusText)
        {
            // Missed is HitBot's to set, when the next occurrence of a repeating item comes.
            if (ParseStatus(statusText) is not { } status || status == ItemStatus.Missed) return (null, "status: not-started, in-progress, done or blocked.", false);
            var reason = edit.BlockedReason?.Trim();
            if (status == ItemStatus.Blocked && string.IsNullOrEmpty(reason)) return (null, "blockedReason: say what it is blocked on.", false);
            // As from chat: the reason is quoted on every escalation card, and one without end made Slack refuse the card.
            if (reason is { Length: > MaxNote }) return (null, $"blockedReason: at most {MaxNote} characters.", false);
            if (status != changed.Status || status == ItemStatus.Blocked && reason != changed.BlockedReason)
            {
                lines.Add($"Status: {ActionPlanCards.StatusName(changed)} → {ActionPlanCards.StatusName(changed with { Status = status, BlockedReason = reason })}");
                changed = changed with
                {
                    Status = status, BlockedReason = status == ItemStatus.Blocked ? reason : null, StatusChangedAt = Now, RemindedThrough = AnsweredNow(changed),
                };
            }
        }
        if (edit.Note is { Length: > 0 } note)
        {
            if (note.Length > MaxNote) return (null, $"note: at most {MaxNote} characters.", false);
            lines.Add("Note: " + note.Trim());
        }
        return (changed with { History = [.. changed.History, .. lines.Select(l => Note(givenBy, l))] }, null, dropOccurrences);
    }

    /// <summary>
    /// A meeting given to the owner of its series: they hold the series, and were told of it then; a card per meeting
    /// would repeat it every other week.
    /// </summary>
    bool SeriesCovers(ActionItem item, string ownerId) => item.SeriesId is { } series && store.Find(series)?.OwnerId == ownerId;

    /// <summary>
    /// The description is Markdown on the owner's every reminder card: one Slack cannot show (nested too deeply) would fail
    /// each of them, so it is refused where it is written, as an update's body is.
    /// </summary>
    static string? DescriptionProblem(string description) =>
        description.Length > MaxDescription ? "description: at most 4,000 characters." : MarkdownText.Problem("description", description);

    /// <summary>A new item from the central team.</summary>
    /// <param name="pressId">Names the item when the press names one (its Idempotency-Key): the same press again answers that item.</param>
    /// <param name="givenBy">As for <see cref="Edit"/>: someone who adds an item for themselves is not told it is new for them.</param>
    public ChangeResult Add(string title, string? description, string? phaseText, ItemEdit assignment, string? pressId = null, string? givenBy = null)
    {
        if (string.IsNullOrWhiteSpace(title) || title.Length > 200) return ChangeResult.Invalid("title: 1 to 200 characters.");
        if (MarkdownText.LineBreakProblem("title", title) is { } broken) return ChangeResult.Invalid(broken);
        if (description is not null && DescriptionProblem(description) is { } problem) return ChangeResult.Invalid(problem);
        if (ParsePhase(phaseText ?? "installation") is not { } phase)
            return ChangeResult.Invalid("phase: installation, initial-implementation or scaling-and-sustainability.");
        var slug = Slug.Of(title);
        var id = (slug.Length > 40 ? slug[..40] : slug) + "-" + (pressId?[..6] ?? Guid.NewGuid().ToString("N")[..6]);
        lock (gate)
        {
            // The same press again: one item, so its owner is not reminded twice of one step.
            if (pressId is not null && store.Find(id) is { } added) return new(ChangeOutcome.Changed, added);
            var order = store.All().Select(i => i.Order).DefaultIfEmpty(0).Max() + 1;
            store.Save(new ActionItem
            {
                Id = id, Order = order, Title = title.Trim(), Description = description?.Trim() ?? "", Phase = phase,
                Status = ItemStatus.NotStarted, CreatedAt = Now, UpdatedAt = Now, StatusChangedAt = Now,
                History = [Note(givenBy, "Added")],
            });
        }
        var assigned = Edit(id, assignment, givenBy: givenBy);
        // A bad owner or date refuses the whole item: nothing half-made stays behind.
        if (assigned.Outcome != ChangeOutcome.Changed) store.Delete(id);
        return assigned;
    }

    /// <summary>The reminder loop's bookkeeping: slots up to <paramref name="through"/> are dealt with. No history line.</summary>
    public void Reminded(string id, DateTime through) => Reminded([(id, through)]);

    /// <summary>
    /// <see cref="Reminded(string, DateTime)"/> for the items of one card, in one write: stopped after some were written
    /// down, the next look made a card of the rest, with another key, and the owner was reminded of them twice.
    /// </summary>
    /// <param name="told">
    /// Items whose owner was just told they are new for them (<see cref="ActionItem.UntoldOwnerSince"/>), written in the same
    /// write as the slots: stopped between the two, a morning's merged card (a reminder that also says "new for you") was
    /// followed by a second card saying the item was new. An item handed on again meanwhile keeps its newer hand-over.
    /// </param>
    public void Reminded(IReadOnlyList<(string Id, DateTime Through)> slots, IReadOnlyList<(string Id, DateTime Since)>? told = null)
    {
        lock (gate)
        {
            store.Together(() =>
            {
                foreach (var (id, through) in slots)
                    if (store.Find(id) is { } item && (item.RemindedThrough is null || item.RemindedThrough < through))
                        store.Save(item with { RemindedThrough = through });
                foreach (var (id, since) in told ?? [])
                    if (store.Find(id) is { } item && item.UntoldOwnerSince == since)
                        store.Save(item with { UntoldOwnerSince = null });
            });
        }
    }

    /// <summary>
    /// The reminder loop's bookkeeping: these changes were escalated (<see cref="ActionItem.EscalatedFor"/>), in one write,
    /// for the same reason as <see cref="Reminded(IReadOnlyList{ValueTuple{string, DateTime}})"/>. No history line.
    /// </summary>
    public void Escalated(IReadOnlyList<(string Id, string Change)> changes)
    {
        lock (gate)
        {
            var untrue = new List<string>();
            store.Together(() =>
            {
                foreach (var (id, change) in changes)
                    if (store.Find(id) is not { } item) continue;
                    // Changed between the look's read and now (done from a card meanwhile): the cards just queued are
                    // untrue, and it is not written down as escalated, so reopened it is told again.
                    else if (!item.IsOpen || EscalationChange(item) != change) untrue.Add(id);
                    else if (item.EscalatedFor != change) store.Save(item with { EscalatedFor = change });
            });
            foreach (var id in untrue) WithdrawEscalations(id);
        }
    }

    /// <remarks>
    /// The change's notes name owners read from the directory. When one of them, or the person making it, has been erased
    /// since, the store refuses it (<see cref="PersonErasedException"/>) and it is made once more from a fresh read, which
    /// no longer finds them; a change by someone erased stays refused, answered as for someone not on the roster.
    /// </remarks>
    ChangeResult Change(string id, string? by, Func<ActionItem, (ActionItem? Changed, string? Problem)> change, bool includeArchived = false)
    {
        lock (gate)
        {
            try
            {
                return ChangeOnce(id, by, change, includeArchived, checkNames: true);
            }
            catch (PersonErasedException e) when (e.PersonId != by)
            {
                return ChangeOnce(id, by, change, includeArchived, checkNames: false);
            }
        }
    }

    ChangeResult ChangeOnce(string id, string? by, Func<ActionItem, (ActionItem? Changed, string? Problem)> change, bool includeArchived, bool checkNames)
    {
        if (store.Find(id) is not { } item || (item.Archived && !includeArchived)) return ChangeResult.NoItem;
        if (!MayChange(item, by)) return ChangeResult.NotAllowed;
        var (changed, problem) = change(item);
        if (changed is null) return ChangeResult.Invalid(problem ?? "That change is not possible.");
        if (!ReferenceEquals(changed, item))
        {
            var unescalated = Unescalates(item, changed);
            changed = changed with { UpdatedAt = Now, EscalatedFor = unescalated ? null : changed.EscalatedFor };
            store.Save(changed, checkNames ? [by, item.OwnerId, changed.OwnerId] : [by]);
            if (unescalated) WithdrawEscalations(changed.Id);
            WithdrawReminders(item, changed);
            signal.Notify();
        }
        return new ChangeResult(ChangeOutcome.Changed, changed);
    }

    DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// A new status answers "where does it stand?": a slot that passed unsent (while blocked, in a pause, at night) is
    /// dealt with, or unblocking an item would bring that old reminder minutes after the owner's click.
    /// </summary>
    DateTime AnsweredNow(ActionItem item) => item.RemindedThrough is { } through && through > Now ? through : Now;

    ItemNote Note(string? by, string text) => new() { PersonId = by, Text = text, At = Now };

    string NameOf(string? personId) => personId is null ? "nobody" : directory.Find(personId)?.Name ?? "someone who left";

    /// <summary>Today in the person's own time zone (the program's when they have none): what "today" and "overdue" mean to them.</summary>
    public DateOnly TodayFor(string? personId) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(Now, ZoneOf(personId)));

    public TimeZoneInfo ZoneOf(string? personId) =>
        personId is not null && directory.Find(personId)?.TimeZone is { } tz && TimeZoneInfo.TryFindSystemTimeZoneById(tz, out var zone) ? zone : clock.Zone;

    /// <summary>
    /// The API values, and the phases as the guides name them: the checklist's (000: "Program Installation", "Initial
    /// Implementation", "Scaling &amp; Sustainability") and the phases tool's (001: "Phase 1 - Designing", "Phase II: Launching", "Scaling").
    /// </summary>
    public static ActionPhase? ParsePhase(string text) => WithoutPhaseNumber(Slug.Of(text)) switch
    {
        "installation" or "program-installation" or "designing" => ActionPhase.Installation,
        "initial-implementation" or "initialimplementation" or "launching" => ActionPhase.InitialImplementation,
        "scaling-and-sustainability" or "scaling-sustainability" or "scaling" or "scalingandsustainability" => ActionPhase.ScalingAndSustainability,
        _ => null,
    };

    /// <summary>
    /// "phase-2-launching" and "phase-ii-launching" → "launching": the phases tool numbers its phases, in its table ("Phase 2 -
    /// Launching") and in Roman numerals in its headings ("Phase II: Launching").
    /// </summary>
    static string WithoutPhaseNumber(string slug)
    {
        foreach (var number in PhaseNumbers)
            if (slug.StartsWith(number, StringComparison.Ordinal) && slug.Length > number.Length) return slug[number.Length..];
        return slug;
    }

    static readonly string[] PhaseNumbers = ["phase-1-", "phase-2-", "phase-3-", "phase-i-", "phase-ii-", "phase-iii-"];

    public static ItemStatus? ParseStatus(string text) => Slug.Of(text) switch
    {
        "not-started" or "notstarted" => ItemStatus.NotStarted,
        "in-progress" or "inprogress" => ItemStatus.InProgress,
        "done" => ItemStatus.Done,
        "blocked" => ItemStatus.Blocked,
        "missed" => ItemStatus.Missed,
        _ => null,
    };
}
