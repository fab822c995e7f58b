namespace HitBot.Core.ActionPlan;

/// <summary>The data of an action item's buttons (Blocked…, Snooze, Add a note, "Update: …"): which item.</summary>
public sealed record ActionItemData(string Item);

/// <summary>The data of "In progress" and "Done": which item, and the status as the card wrote it.</summary>
public sealed record ActionItemStatusData(string Item, string Status);

/// <summary>The data of "More items" on the owner's list: the position of the first item of the next card.</summary>
public sealed record MyItemsPageData(string From);
