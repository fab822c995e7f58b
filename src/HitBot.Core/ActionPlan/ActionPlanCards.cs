using System.Globalization;
using HitBot.Core.Messaging;

namespace HitBot.Core.ActionPlan;

/// <summary>The action-plan messages people see in chat.</summary>
public static class ActionPlanCards
{
    /// <summary>
    /// The owner's open items, <see cref="PageSize"/> at a time from <paramref name="from"/>, each with its "Update: …" button,
    /// and "More items" for the next ones. A card shows a handful of buttons (Teams 6), so the list used to show 20 items and
    /// open only the first 5: a coordinator who owns most of the default plan could not reach the rest from chat.
    /// </summary>
    public static Message MyItems(IReadOnlyList<ActionItem> items, DateOnly today, int from = 0)
    {
        if (items.Count == 0)
            return new Message("You have no open action items",
                new Card("Your action items", [new TextBlock("You have no open action items right now. Nice work!")], []));

        from = from < 0 || from >= items.Count ? 0 : from;
        var page = items.Skip(from).Take(PageSize).ToList();
        var body = new List<CardElement>();
        if (items.Count > PageSize)
            body.Add(new TextBlock($"Items {from + 1}–{from + page.Count} of {items.Count}, soonest due first.", Subtle: true));
        foreach (var item in page)
        {
            body.Add(new TextBlock($"**{item.Title}**"));
            body.Add(new FactList(
            [
                new Fact("Phase", DefaultPlan.PhaseName(item.Phase)),
                new Fact("Due", Due(item, today)),
                new Fact("Status", StatusName(item)),
            ]));
        }
        body.Add(new TextBlock("Press an item to mark it in progress, done or blocked, snooze it or add a note.", Subtle: true));
        var actions = page.Select(i => (CardAction)new SubmitAction("Update: " + Short(i.Title), ActionItemCards.OpenVerb, CardData.Of(new ActionItemData(i.Id)))).ToList();
        var next = from + page.Count;
        if (next < items.Count)
            actions.Add(new SubmitAction($"More items ({items.Count - next} more)", MorePageVerb, CardData.Of(new MyItemsPageData(next.ToString(CultureInfo.InvariantCulture))), WithInputs: false));
        else if (from > 0)
            actions.Add(new SubmitAction("Back to the first items", MorePageVerb, CardData.Of(new MyItemsPageData("0")), WithInputs: false));
        var summary = items.Count == 1 ? "You have 1 open action item" : $"You have {items.Count} open action items";
        return new Message(summary, new Card("Your action items", body, actions));
    }

    /// <summary>
    /// Several reminders due for one owner at once (after a break, a holiday or downtime, or many items due together), on
    /// one card: each item with its due date and status, soonest due first, and an "Update: …" button for the first
    /// <see cref="PageSize"/>; "All my items" opens the owner's whole list in its place.
    /// </summary>
    /// <param name="fresh">
    /// The items new for the owner (given to them since their last working day, e.g. the central team assigning the plan):
    /// marked "new for you", and when all of them are, the card says so first.
    /// </param>
    /// <param name="givenBy">Who gave all of them, when one known person did; otherwise the card says the central team did.</param>
    public static Message Reminders(IReadOnlyList<ActionItem> items, DateOnly today, IReadOnlySet<string>? fresh = null, string? givenBy = null)
    {
        // As each line below, the board and the overview mark them (DueDates): a meeting past its day is overdue too.
        var overdue = items.Count(i => DueDates.IsOverdue(i, today));
        var isNew = (ActionItem i) => fresh?.Contains(i.Id) == true;
        var allNew = items.All(isNew);
        var body = new List<CardElement>
        {
            new TextBlock(allNew ? $"**{items.Count} action items** are new for you: {givenBy ?? "the central team"} gave them to you."
                : $"**{items.Count} action items** you own need a look" + (overdue > 0 ? $", {overdue} of them overdue." : ".")),
        };
        foreach (var item in items.Take(ListedReminders))
            body.Add(new TextBlock($"{(isNew(item) && !allNew ? "New for you: " : "")}**{item.Title}**: {(item.IsOccurrence ? "on " : "due ")}{Due(item, today)}, {StatusName(item).ToLowerInvariant()}"));
        if (items.Count > ListedReminders)
            body.Add(new TextBlock($"…and {items.Count - ListedReminders} more: type \"my items\" to see them all.", Subtle: true));
        body.Add(new TextBlock("Press an item to mark it in progress, done or blocked, snooze it or add a note.", Subtle: true));
        var actions = items.Take(PageSize)
            .Select(i => (CardAction)new SubmitAction("Update: " + Short(i.Title), ActionItemCards.OpenVerb, CardData.Of(new ActionItemData(i.Id)))).ToList();
        if (items.Count > PageSize)
            actions.Add(new SubmitAction("All my items", MorePageVerb, CardData.Of(new MyItemsPageData("0")), WithInputs: false));
        return new Message(allNew ? $"New for you: {items.Count} action items" : $"Reminder: {items.Count} action items need a look",
            new Card(allNew ? "New action items for you" : "Your action items", body, actions));
    }

    /// <summary>Items a reminder card lists by name: more make a card too long to read on a phone.</summary>
    const int ListedReminders = 10;

    /// <summary>The verb of "More items" and "Back to the first items" on the owner's list.</summary>
    public const string MorePageVerb = "items.page";

    /// <summary>Items per card: one "Update: …" button each, plus "More items", within Teams' 6 buttons.</summary>
    public const int PageSize = 5;

    static string Short(string title) => ShortText.Cut(title, 40);

    public static string StatusName(ActionItem item) => item.Status switch
    {
        ItemStatus.NotStarted => "Not started",
        ItemStatus.InProgress => "In progress",
        ItemStatus.Done => "Done",
        ItemStatus.Missed => "Missed",
        ItemStatus.Blocked => item.BlockedReason is { Length: > 0 } reason ? $"Blocked: {reason}" : "Blocked",
        _ => item.Status.ToString(),
    };

    public static string Due(ActionItem item, DateOnly today) => item.DueDate switch
    {
        { } first when item.Repeat is { } repeat => $"{ItemSeries.Describe(repeat)}, from {Date(first)}",
        null when item.Repeat is { } repeat => $"{ItemSeries.Describe(repeat)} (no start date yet)",
        null => "No due date yet",
        { } due when DueDates.IsOverdue(item, today) => $"{Date(due)} (overdue)",
        { } due when due == today => $"{Date(due)} (today)",
        { } due => Date(due),
    };

    /// <summary>A due date as cards write it ("Wed 18 Mar 2026").</summary>
    public static string Date(DateOnly date) => date.ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture);
}
