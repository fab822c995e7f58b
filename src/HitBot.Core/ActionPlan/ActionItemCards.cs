using System.Globalization;
using HitBot.Core.Messaging;

namespace HitBot.Core.ActionPlan;

/// <summary>One action item as its owner sees it (a reminder, or from "my items"), with the buttons that change it.</summary>
public static class ActionItemCards
{
    public const string StatusVerb = "item.status";
    public const string BlockVerb = "item.block";
    public const string SnoozeVerb = "item.snooze";
    public const string NoteVerb = "item.note";
    public const string OpenVerb = "item.open";
    public const string ReasonInput = "reason";
    public const string NoteInput = "note";

    public enum Occasion
    {
        /// <summary>Shown on request ("my items").</summary>
        Shown,
        Reminder,
        /// <summary>After a button: the card shows what was recorded.</summary>
        Changed,
    }

    /// <param name="preRead">For a reminder of a meeting with a pre-read: the survey results to read before it.</param>
    public static Message Item(ActionItem item, DateOnly today, Occasion occasion, string? what = null, IReadOnlyList<CardElement>? preRead = null)
    {
        var intro = occasion switch
        {
            Occasion.Reminder when item.IsOccurrence && item.DueDate == today => "This meeting is **today**. Mark it done once it has taken place.",
            Occasion.Reminder when item.IsOccurrence => "A reminder about a meeting you own. Mark it done once it has taken place.",
            Occasion.Reminder when item.DueDate is { } due && due < today => "This action item is **overdue**. Where does it stand?",
            Occasion.Reminder when item.DueDate == today => "This action item is **due today**. Where does it stand?",
            Occasion.Reminder => "A reminder about an action item you own.",
            _ => null,
        };
        return new Message(Preview(item, today, occasion), new Card(item.Title, Body(item, today, intro, what, preRead), item.IsOpen ? Buttons(item) : []));
    }

    static List<CardElement> Body(ActionItem item, DateOnly today, string? intro, string? what, IReadOnlyList<CardElement>? preRead)
    {
        var body = new List<CardElement>();
        if (intro is not null) body.Add(new TextBlock(intro));
        if (item.Description.Length > 0) body.Add(new TextBlock(item.Description, Subtle: true));
        body.Add(new FactList(
        [
            new Fact("Due", ActionPlanCards.Due(item, today)),
            new Fact("Status", ActionPlanCards.StatusName(item)),
            new Fact("Phase", DefaultPlan.PhaseName(item.Phase)),
        ]));
        if (item.SnoozedUntil is { } until && until > today)
            body.Add(new TextBlock($"Reminders snoozed until {until.ToString("ddd d MMM", CultureInfo.InvariantCulture)}.", Subtle: true));
        if (preRead is not null) body.AddRange(preRead);
        if (what is not null) body.Add(new TextBlock(what, Subtle: true));
        return body;
    }

    /// <summary>
    /// The card telling an owner an item is new for them (given by the central team, or handed on): the item's reminder card
    /// with what is new said first, its reason when it is blocked (the executive champion hears of it if it stays blocked),
    /// and the same buttons. A reminder due that morning is on it too, so it says that as well.
    /// </summary>
    public static Message NewForOwner(ActionItem item, DateOnly today, string givenBy, DateOnly givenOn, IReadOnlyList<CardElement>? preRead = null)
    {
        var intro = $"**New for you.** {givenBy} gave you this action item on {givenOn.ToString("ddd d MMM", CultureInfo.InvariantCulture)}.";
        if (item.Status == ItemStatus.Blocked)
            intro += $" It is **blocked**: {item.BlockedReason}. Mark it in progress once it moves again; still blocked some days after you got it, the executive champion hears of it.";
        else if (DueDates.IsOverdue(item, today)) intro += " It is **overdue**. Where does it stand?";
        else if (item.DueDate == today) intro += " It is **due today**.";
        return new Message($"New for you: {item.Title}", new Card(item.Title, Body(item, today, intro, null, preRead), item.IsOpen ? Buttons(item) : []));
    }

    /// <summary>
    /// The line a phone shows before the chat is opened. The item's title alone ("Align Tutoring with Curriculum…") did not
    /// say it was an action item, and a reminder read "(Sat 7 Mar 2026 (overdue))" with its point in brackets at the end.
    /// </summary>
    static string Preview(ActionItem item, DateOnly today, Occasion occasion) => occasion switch
    {
        Occasion.Reminder when item.IsOccurrence && item.DueDate == today => $"Meeting today: {item.Title}",
        Occasion.Reminder when item.IsOccurrence => $"Meeting reminder: {item.Title}, {ActionPlanCards.Due(item, today)}",
        Occasion.Reminder when item.Repeat is not null || item.DueDate is null => $"Action item reminder: {item.Title}, {ActionPlanCards.Due(item, today)}",
        Occasion.Reminder when DueDates.IsOverdue(item, today) => $"Overdue action item: {item.Title}, due {ActionPlanCards.Date(item.DueDate.GetValueOrDefault())}",
        Occasion.Reminder when item.DueDate == today => $"Action item due today: {item.Title}",
        Occasion.Reminder => $"Action item reminder: {item.Title}, due {ActionPlanCards.Date(item.DueDate.GetValueOrDefault())}",
        // Without a blocked reason: the preview says where the item stands, the card says why.
        _ => $"Action item: {item.Title} ({(item.Status == ItemStatus.Blocked ? "blocked" : ActionPlanCards.StatusName(item).ToLowerInvariant())})",
    };

    static List<CardAction> Buttons(ActionItem item)
    {
        Dictionary<string, string> Data() => CardData.Of(new ActionItemData(item.Id));
        Dictionary<string, string> Status(string status) => CardData.Of(new ActionItemStatusData(item.Id, status, item.Status.ToString()));
        var buttons = new List<CardAction>();
        if (item.Status != ItemStatus.InProgress) buttons.Add(new SubmitAction("In progress", StatusVerb, Status("in-progress")));
        buttons.Add(new SubmitAction("Done", StatusVerb, Status("done"), ActionStyle.Positive));
        buttons.Add(new SubmitAction("Blocked…", BlockVerb, CardData.Of(new ActionItemData(item.Id, item.Status.ToString()))));
        buttons.Add(new SubmitAction("Snooze 3 days", SnoozeVerb, Data()));
        buttons.Add(new SubmitAction("Add a note", NoteVerb, Data()));
        return buttons;
    }

    /// <param name="shown">The status the card it was opened from showed: the form's answer is checked against it, as that card's buttons are.</param>
    public static Message BlockedForm(ActionItem item, bool inPlace, string? shown) => Form(new ActionItemData(item.Id, shown), item, "What is it blocked on?",
        ReasonInput, "Tell the central team what would unblock it.", BlockVerb, "Mark as blocked", inPlace);

    public static Message NoteForm(ActionItem item, bool inPlace) => Form(new ActionItemData(item.Id), item, "Add a note", NoteInput,
        "The note goes into the item's history, with your name and the time.", NoteVerb, "Add the note", inPlace);

    static Message Form(ActionItemData submitted, ActionItem item, string label, string input, string hint, string verb, string button, bool inPlace)
    {
        var data = CardData.Of(submitted, answerInPlace: inPlace);
        return new Message("Action item: " + item.Title, new Card(item.Title,
            [new TextInput(input, label, Multiline: true, MaxLength: ActionItemChanges.MaxNote, Required: true), new TextBlock(hint, Subtle: true)],
            [new SubmitAction(button, verb, data, ActionStyle.Positive)]));
    }

    /// <summary>To the executive champions and the central team: an item that is blocked or long overdue.</summary>
    public static Message Escalation(ActionItem item, string ownerName, DateOnly today, bool blocked)
    {
        var why = blocked
            // Not "the owner marked it": the central team may have blocked it, and the card would put that on the owner.
            ? $"This item is **blocked**; its owner is **{ownerName}**. What it is blocked on: {MarkdownText.Literal(item.BlockedReason ?? "")}"
            // No count of days (the Due fact below has the date): a card found on Friday and read on Monday said "8 days
            // overdue" when it was 11.
            : $"This item is **overdue**; its owner is **{ownerName}**.";
        return new Message((blocked ? "Blocked: " : "Overdue: ") + item.Title, new Card((blocked ? "Blocked: " : "Overdue: ") + item.Title,
        [
            new TextBlock(why),
            new FactList([new Fact("Due", ActionPlanCards.Due(item, today)), new Fact("Status", ActionPlanCards.StatusName(item)), new Fact("Phase", DefaultPlan.PhaseName(item.Phase))]),
            new TextBlock(blocked
                ? "Its owner gets no reminders while it is blocked. The central team can reassign it, change its date or unblock it."
                : "The owner gets their reminders as usual. The central team can reassign it or change its date.", Subtle: true),
        ], []));
    }

    /// <summary>
    /// To one executive champion or central team member: several items blocked or long overdue at once (the morning after a
    /// break, when many passed a week overdue together), on one card, blocked first, then the longest overdue.
    /// </summary>
    /// <param name="escalateAfterDaysOverdue">HitBot:ActionPlan:EscalateAfterDaysOverdue: how late an item is before it comes here.</param>
    public static Message Escalations(IReadOnlyList<(ActionItem Item, string OwnerName, bool Blocked)> items, DateOnly today, int escalateAfterDaysOverdue)
    {
        var blocked = items.Count(i => i.Blocked);
        var overdue = items.Count - blocked;
        var body = new List<CardElement>
        {
            new TextBlock($"**{items.Count} action items** need the central team: " +
                string.Join(" and ", new[] { blocked > 0 ? $"{blocked} blocked" : null, overdue > 0 ? $"{overdue} {OverdueBy(escalateAfterDaysOverdue)}" : null }.OfType<string>()) + "."),
        };
        var listed = ListedOf(items);
        // Due dates, not counts of days, which were wrong by the weekend when the card was read on Monday.
        foreach (var (item, owner, isBlocked) in items.Take(listed))
            body.Add(new TextBlock(isBlocked
                ? $"**Blocked: {MarkdownText.Literal(item.Title)}** (owner {owner}). Blocked on: {MarkdownText.Literal(item.BlockedReason ?? "")}"
                : $"**Overdue: {MarkdownText.Literal(item.Title)}** (due {ActionPlanCards.Date(item.DueDate!.Value)}; owner {owner})"));
        if (items.Count > listed)
            body.Add(new TextBlock($"…and {items.Count - listed} more: the dashboard's Action plan page lists them all.", Subtle: true));
        body.Add(new TextBlock("Owners get no reminders while an item is blocked. The central team can reassign an item, change its date or unblock it.", Subtle: true));
        return new Message($"{items.Count} action items blocked or overdue", new Card("Action items that need you", body, []));
    }

    /// <summary>
    /// "overdue by more than a week" with the default of 7 days; a program that escalates after 3 days heard that of items 5
    /// days late.
    /// </summary>
    static string OverdueBy(int days) => days switch
    {
        0 => "overdue",
        1 => "overdue by more than a day",
        7 => "overdue by more than a week",
        _ when days % 7 == 0 => $"overdue by more than {days / 7} weeks",
        _ => $"overdue by more than {days} days",
    };

    /// <summary>Items an escalation card lists by name: more make a card too long to read on a phone.</summary>
    const int ListedEscalations = 10;

    /// <summary>
    /// Characters of titles and reasons one escalation card quotes. Slack refuses for good a message whose blocks hold much
    /// more (msg_blocks_too_long, seen near 13,000: protocols.md §7.2): ten blocked items, each with a reason of a
    /// thousand characters, came near it, and the central team would have got no escalation at all.
    /// </summary>
    const int EscalationsQuoted = 9_000;

    /// <summary>How many items a card lists: up to <see cref="ListedEscalations"/>, as many as fit <see cref="EscalationsQuoted"/>, at least one.</summary>
    static int ListedOf(IReadOnlyList<(ActionItem Item, string OwnerName, bool Blocked)> items)
    {
        var (listed, quoted) = (0, 0);
        foreach (var (item, owner, blocked) in items.Take(ListedEscalations))
        {
            var size = item.Title.Length + owner.Length + (blocked ? item.BlockedReason?.Length ?? 0 : 0) + 40;
            if (listed > 0 && quoted + size > EscalationsQuoted) break;
            (listed, quoted) = (listed + 1, quoted + size);
        }
        return listed;
    }

}
