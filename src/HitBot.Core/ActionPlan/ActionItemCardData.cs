namespace HitBot.Core.ActionPlan;

/// <summary>The data of an action item's buttons (Blocked…, Snooze, Add a note, "Update: …"): which item.</summary>
public sealed record ActionItemData(string Item);

/// <summary>The data of "In progress" and "Done": which item, and the status as the card wrote it.</summary>
public sealed record ActionItemStatusData(string Item, string Status);
