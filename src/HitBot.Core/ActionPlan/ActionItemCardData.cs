namespace HitBot.Core.ActionPlan;

/// <summary>
/// The data of an action item's buttons (Blocked…, Snooze, Add a note, "Update: …"): which item, and on Blocked… and its
/// form the status the card showed (absent on cards sent before it was added, and on the other buttons), as for
/// <see cref="ActionItemStatusData"/>: blocking from an older card does not reopen an item done since.
/// </summary>
public sealed record ActionItemData(string Item, string? Shown = null);

/// <summary>
/// The data of "In progress" and "Done": which item, the status as the card wrote it, and the status the card showed
/// (<see cref="ItemStatus"/> by name; absent on cards sent before it was added). A click on a card whose item someone has
/// changed since is not recorded over that change (<see cref="ActionItemChanges.SetStatus"/>).
/// </summary>
public sealed record ActionItemStatusData(string Item, string Status, string? Shown = null);

/// <summary>The data of "More items" on the owner's list: the position of the first item of the next card.</summary>
public sealed record MyItemsPageData(string From);
