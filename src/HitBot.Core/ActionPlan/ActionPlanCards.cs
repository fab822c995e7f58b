using System.Globalization;
using HitBot.Core.Messaging;

namespace HitBot.Core.ActionPlan;

/// <summary>The action-plan messages people see in chat.</summary>
public static class ActionPlanCards
{
    public static Message MyItems(IReadOnlyList<ActionItem> items, DateOnly today)
    {
        if (items.Count == 0)
            return new Message("You have no open action items",
                new Card("Your action items", [new TextBlock("You have no open action items right now. Nice work!")], []));

        var body = new List<CardElement>();
        foreach (var item in items.Take(20))
        {
            body.Add(new TextBlock($"**{item.Title}**"));
            body.Add(new FactList(
            [
                new Fact("Phase", DefaultPlan.PhaseName(item.Phase)),
                new Fact("Due", Due(item, today)),
                new Fact("Status", StatusName(item)),
            ]));
        }
        if (items.Count > 20) body.Add(new TextBlock($"…and {items.Count - 20} more. The central team's dashboard lists them all.", Subtle: true));
        // One button per item (the first five) opens it with its own buttons: In progress, Done, Blocked…, Snooze, Add a note.
        var open = items.Take(OpenButtons).Select(i => (CardAction)new SubmitAction("Update: " + Short(i.Title), ActionItemCards.OpenVerb, CardData.Of(new ActionItemData(i.Id)))).ToList();
        if (open.Count > 0) body.Add(new TextBlock("Press an item to mark it in progress, done or blocked, snooze it or add a note.", Subtle: true));
        var summary = items.Count == 1 ? "You have 1 open action item" : $"You have {items.Count} open action items";
        return new Message(summary, new Card("Your action items", body, open));
    }

    const int OpenButtons = 5;

    static string Short(string title) => title.Length <= 40 ? title : title[..39] + "…";

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
        { } first when item.Repeat is { } repeat => $"{ItemSeries.Describe(repeat)}, from {Format(first)}",
        null when item.Repeat is { } repeat => $"{ItemSeries.Describe(repeat)} (no start date yet)",
        null => "No due date yet",
        { } due when due < today => $"{Format(due)} (overdue)",
        { } due when due == today => $"{Format(due)} (today)",
        { } due => Format(due),
    };

    static string Format(DateOnly date) => date.ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture);
}
