using HitBot.Admin;
using HitBot.Core;
using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Messaging.Outbox;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Features.ActionPlan;

/// <summary>The action plan: items, owners and due dates (one by one or from a CSV), history, archive, and the weekly digest.</summary>
public static class ActionPlanEndpoints
{
    public static RouteGroupBuilder MapActionPlanEndpoints(this RouteGroupBuilder admin)
    {
        var items = admin.MapGroup("/action-items");
        items.MapGet("", List);
        admin.MapGet("/action-items.csv", ExportCsv);
        items.MapGet("/digest", (ActionReminders reminders) => TypedResults.Ok(reminders.CurrentDigest()));
        items.MapPost("/import", Import);
        items.MapGet("/{id}", (string id, ActionPlanStore store, DirectoryStore directory, OutboxStore outbox, ProgramClock clock, HttpContext http) =>
        {
            if (store.Find(id) is not { } item) return NotFound(id);
            http.Response.Headers.ETag = ETag(item);
            return (IResult)TypedResults.Ok(ActionItemView.Of(item, directory, clock.Today()) with { Messages = ItemMessage.Of(item, outbox, directory) });
        });
        items.MapPost("", Add);
        items.MapPatch("/{id}", Edit);
        items.MapPost("/{id}/archive", (string id, ActionItemChanges changes, DirectoryStore directory, ProgramClock clock) =>
            Answer(id, changes.Archive(id, true), directory, clock));
        items.MapDelete("/{id}/archive", (string id, ActionItemChanges changes, DirectoryStore directory, ProgramClock clock) =>
            Answer(id, changes.Archive(id, false), directory, clock));
        return admin;
    }

    /// <summary>
    /// The plan in order, the current phase's items first; <c>status</c>, <c>owner</c> (person id) and <c>phase</c> narrow it;
    /// archived items only with <c>archived=true</c>.
    /// </summary>
    static Results<Ok<List<ActionItemView>>, ValidationProblem, ProblemHttpResult> List(
        string? status, string? owner, string? phase, bool? archived, ActionPlanStore store, DirectoryStore directory, ProgramPhases phases,
        ProgramClock clock)
    {
        ItemStatus? onlyStatus = null;
        if (status is { Length: > 0 })
        {
            if (ActionItemChanges.ParseStatus(status) is not { } s) return Bad("status: not-started, in-progress, done, blocked or missed.");
            onlyStatus = s;
        }
        ActionPhase? onlyPhase = null;
        if (phase is { Length: > 0 })
        {
            if (ActionItemChanges.ParsePhase(phase) is not { } p) return Bad("phase: installation, initial-implementation or scaling-and-sustainability.");
            onlyPhase = p;
        }
        // An id nobody has (an e-mail, a typo, someone erased) was an empty list, read as "owns nothing": refused as the
        // other filters' unknown values are.
        if (owner is { Length: > 0 } && directory.Find(owner) is null)
            return InvalidInput.Field("owner", $"owner: '{owner}' is nobody on the roster; give a person's id from GET /api/admin/people.");
        var today = clock.Today();
        return TypedResults.Ok(InBoardOrder(store, phases)
            .Where(i => i.Archived == (archived == true))
            .Where(i => onlyStatus is null || i.Status == onlyStatus)
            .Where(i => onlyPhase is null || i.Phase == onlyPhase)
            .Where(i => owner is not { Length: > 0 } || i.OwnerId == owner)
            .Select(i => ActionItemView.Of(i, directory, today)).ToList());
    }

    /// <summary>Every item, the current phase's first, as the board and the spreadsheet list them.</summary>
    static IEnumerable<ActionItem> InBoardOrder(ActionPlanStore store, ProgramPhases phases)
    {
        var board = phases.BoardOrder().ToList();
        return store.All().OrderBy(i => board.IndexOf(i.Phase));
    }

    /// <summary>The plan's items (not archived) as a spreadsheet, in the board's order (<see cref="ActionPlanCsv"/>).</summary>
    static FileContentHttpResult ExportCsv(ActionPlanStore store, DirectoryStore directory, ProgramPhases phases, ProgramClock clock)
    {
        var today = clock.Today();
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        ActionPlanCsv.Write(InBoardOrder(store, phases).Where(i => !i.Archived)
            .Select(i => (i, ActionItemView.Of(i, directory, today))), clock, writer);
        var day = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return CsvDownload.File(writer.ToString(), $"action-plan-{day}.csv");
    }

    /// <summary>A new item; the same request again with its <c>Idempotency-Key</c> is that item, not a second one reminding its owner too.</summary>
    static IResult Add(NewItemRequest request, ActionItemChanges changes, DirectoryStore directory, ProgramClock clock, HttpContext http)
    {
        if (RetryKey.Of(http.Request, AdminClaims.PersonId(http.User), "action-item") is not { Bad: false } press) return RetryKey.BadKey("Nothing was added.");
        var result = changes.Add(request.Title ?? "", request.Description, request.Phase,
            new ItemEdit(OwnerId: request.OwnerId, OwnerEmail: request.OwnerEmail, DueDate: request.DueDate,
                RepeatEveryWeeks: request.RepeatEveryWeeks, RepeatOn: request.RepeatOn, PreRead: request.PreRead), press.Id, AdminClaims.PersonId(http.User));
        return result.Outcome == ChangeOutcome.Changed
            ? TypedResults.Created($"/api/admin/action-items/{result.Item!.Id}", ActionItemView.Of(result.Item, directory, clock.Today()))
            : Refused("Nothing was added: ", result.Problem);
    }

    static async Task<Results<Ok<AssignmentImportResult>, ValidationProblem, ProblemHttpResult>> Import(HttpRequest request, AssignmentImport import, CancellationToken ct)
    {
        // Bytes, not a UTF-8 reader: a district's export may be Windows-1252 (Excel's plain "CSV"), see CsvText.
        if (await CsvUpload.ReadAsync(request, ct) is not { } bytes) return CsvUpload.TooLarge("assignment", AssignmentImport.MaxRows);
        var csv = Core.CsvText.Decode(bytes);
        var result = import.Import(new StringReader(csv));
        return result.Imported
            ? TypedResults.Ok(result)
            : InvalidInput.Lines("Nothing was changed: fix the lines listed in 'errors'.", result.Errors.Select(e => (e.Line, e.Message)));
    }

    /// <summary>
    /// Changes an item. With <c>If-Match</c> (the <c>ETag</c> its page was read with, as the dashboard sends), an item whose
    /// owner, date, status or other field someone changed since (a colleague, or its owner from chat) is not saved over:
    /// 409 naming who and when, nothing changed. Without it, the fields given are saved as before.
    /// </summary>
    static IResult Edit(string id, ItemEdit edit, ActionItemChanges changes, DirectoryStore directory, ProgramClock clock, HttpContext http)
    {
        if (EditPreconditions.IfMatch(http.Request) is not { } ifMatch) return EditPreconditions.BadIfMatch();
        var result = changes.Edit(id, edit, ifMatch, AdminClaims.PersonId(http.User));
        if (result is { Outcome: ChangeOutcome.Stale, Item: { } current })
        {
            // Their version's tag: saved again with it, the typed change replaces theirs knowingly.
            http.Response.Headers.ETag = ETag(current);
            return ChangedSince(current, directory, clock);
        }
        if (result is { Outcome: ChangeOutcome.Changed, Item: { } saved }) http.Response.Headers.ETag = ETag(saved);
        return Answer(id, result, directory, clock);
    }

    static string ETag(ActionItem item) => $"\"{item.EditTag()}\"";

    /// <summary>
    /// Someone changed the item after the caller read it: who (the owner from chat, or a colleague signed in with their own
    /// token, by name; the shared admin token is the central team) and when, and the item as it is now (<c>current</c>).
    /// </summary>
    static ProblemHttpResult ChangedSince(ActionItem current, DirectoryStore directory, ProgramClock clock)
    {
        var last = current.History.LastOrDefault();
        var who = last?.PersonId is { } person ? directory.Find(person)?.Name ?? "Someone" : "Someone on the central team";
        var (_, when) = EditPreconditions.ChangedBy(null, last?.At, directory, clock);
        return EditPreconditions.ChangedFirst("item", who, when, named: last?.PersonId is not null, last?.At, ActionItemView.Of(current, directory, clock.Today()));
    }

    static IResult Answer(string id, ChangeResult result, DirectoryStore directory, ProgramClock clock) => result.Outcome switch
    {
        ChangeOutcome.Changed => TypedResults.Ok(ActionItemView.Of(result.Item!, directory, clock.Today())),
        ChangeOutcome.NoItem => NotFound(id),
        _ => Refused("Nothing was changed: ", result.Problem),
    };

    static ValidationProblem Bad(string message) => InvalidInput.Message(message);

    /// <summary>A change refused for <paramref name="problem"/> ("title: …"), filed under that field.</summary>
    static ValidationProblem Refused(string what, string? problem) => InvalidInput.Field(InvalidInput.FieldOf(problem ?? ""), what + problem);

    static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(title: $"There is no action item '{id}'.", statusCode: StatusCodes.Status404NotFound);
}

public sealed record NewItemRequest(
    string? Title, string? Description, string? Phase, string? OwnerId, string? OwnerEmail, DateOnly? DueDate,
    int? RepeatEveryWeeks = null, string? RepeatOn = null, bool? PreRead = null);

/// <summary>How a repeating item repeats, as the admin API shows it: every N weeks on a day.</summary>
public sealed record RepeatView(int EveryWeeks, string On);

/// <summary>
/// An item's owner; <paramref name="Left"/>: they left the program, so they get no reminders (the digest lists the item as
/// unowned); <paramref name="InChat"/>: HitBot has a chat to remind them in (false: not in Teams or Slack with HitBot yet,
/// or their chat refuses it, so their reminders cannot go; the People page says why).
/// </summary>
public sealed record ItemOwner(string Id, string Name, string Email, bool Left, bool InChat)
{
    public static ItemOwner Of(Person owner) => new(owner.Id, owner.Name, owner.Email, owner.Inactive, PersonReach.Address(owner) is not null);
}

public sealed record HistoryLine(DateTime At, string By, string Text);

/// <summary>
/// An action item as the admin API shows it, with its history (who, when, what). Overdue is the overview's and the
/// digest's meaning (DueDates, the program's today), so the board never marks an item the overview counts otherwise.
/// </summary>
public sealed record ActionItemView(
    string Id, string Title, string Description, string Phase, ItemOwner? Owner, DateOnly? DueDate, string Status, string? BlockedReason,
    DateOnly? SnoozedUntil, List<int>? RemindDaysBefore, bool Archived, List<HistoryLine> History,
    RepeatView? Repeat, string? SeriesId, bool PreRead, bool Overdue)
{
    /// <summary>One item's page only (null in lists): the reminders and escalations HitBot queued about it, oldest first.</summary>
    public List<ItemMessage>? Messages { get; init; }

    public static ActionItemView Of(ActionItem item, DirectoryStore directory, DateOnly today) => new(
        item.Id, item.Title, item.Description, DefaultPlan.PhaseKey(item.Phase),
        item.OwnerId is { } o && directory.Find(o) is { } owner ? ItemOwner.Of(owner) : null,
        item.DueDate, Slug.Of(item.Status switch { ItemStatus.NotStarted => "not started", ItemStatus.InProgress => "in progress", _ => item.Status.ToString() }),
        item.BlockedReason, item.SnoozedUntil, item.RemindDaysBefore, item.Archived,
        [.. item.History.Select(h => new HistoryLine(h.At, h.PersonId is { } p ? directory.Find(p)?.Name ?? "someone who left" : "central team (admin API)", h.Text))],
        item.Repeat is { } r ? new RepeatView(r.EveryWeeks, r.Day.ToString()) : null, item.SeriesId, item.PreRead,
        item.IsOpen && !item.IsSeries && DueDates.IsOverdue(item, today));
}

/// <summary>
/// A reminder to the item's owner or an escalation about it, as its page lists them ("what the owner got"): to whom,
/// when queued and sent, and how its delivery went (queued, sent, failed or dead with the reason, held, cancelled).
/// </summary>
public sealed record ItemMessage(string Kind, string? To, DateTime QueuedAt, DateTime? SentAt, string State, string? Reason)
{
    public static List<ItemMessage> Of(ActionItem item, OutboxStore outbox, DirectoryStore directory) =>
        [.. new[] { ("reminder", "reminder:" + item.Id), ("new-owner", ActionReminders.NewOwnerCampaign(item.Id)), ("escalation", "escalation:" + item.Id) }
            .SelectMany(c => outbox.ForCampaign(c.Item2).Select(d => Of(c.Item1, d, directory)))
            // On one card with the owner's other items (ActionReminders.BundleFrom): what that card was for this item, as its own
            // card would be listed; one that told them several items were new is not a reminder of those.
            .Concat(item.OwnerId is { } owner
                ? outbox.ForCampaign(ActionReminders.RemindersCampaign(owner)).Where(d => d.Items?.Contains(item.Id) == true)
                    .Select(d => Of(d.NewItems?.Contains(item.Id) == true ? "new-owner" : "reminder", d, directory))
                : [])
            .Concat(outbox.ForCampaign(ActionReminders.EscalationsCampaign).Where(d => d.Items?.Contains(item.Id) == true).Select(d => Of("escalation", d, directory)))
            .OrderBy(m => m.QueuedAt)];

    static ItemMessage Of(string kind, Delivery d, DirectoryStore directory) => new(kind,
        d.PersonId is { } p ? directory.Find(p)?.Name ?? "someone who left" : null, d.CreatedAt, d.SentAt,
        d.State.ToString().ToLowerInvariant(), d.State is DeliveryState.Sent ? null : d.LastError);
}
