using HitBot.Core.Messaging.Outbox;

namespace HitBot.Core.ActionPlan;

/// <summary>
/// Which readers were already told of an item's change, on its own card or on one listing several, as the outbox has
/// it. An item is written down as escalated once its cards are queued (<see cref="ActionItem.EscalatedFor"/>), and
/// written down as not escalated when a change made its cards untrue (<see cref="ActionItemChanges"/>): marked done by
/// mistake and reopened, it is escalated again, and this keeps that to the readers whose card was withdrawn before it went.
/// </summary>
sealed class EscalationsTold
{
    readonly OutboxStore outbox;
    // Reader, item, change: every escalation row that went or still will, and those withdrawn before they went.
    readonly HashSet<(string Reader, string Item, string Change)> told = [];
    readonly HashSet<(string Reader, string Item, string Change)> withdrawn = [];

    public EscalationsTold(OutboxStore outbox, IEnumerable<string> itemIds)
    {
        this.outbox = outbox;
        var items = itemIds.ToHashSet(StringComparer.Ordinal);
        foreach (var item in items)
            foreach (var row in outbox.ForCampaign("escalation:" + item).Where(r => r.PersonId is not null))
                if (ChangeOf(row.Id, $"escalation:{item}:", row.PersonId!) is { } change) Of(row).Add((row.PersonId!, item, change));
        foreach (var row in outbox.ForCampaign(ActionReminders.EscalationsCampaign).Where(r => r.PersonId is not null && r.Items?.Any(items.Contains) == true))
        {
            // escalations:{reader}:{item}@{change},{item}@{change}… (and a number after it when that key was taken)
            var prefix = $"escalations:{row.PersonId}:";
            if (!row.Id.StartsWith(prefix, StringComparison.Ordinal)) continue;
            foreach (var part in row.Id[prefix.Length..].Split(','))
                if (part.Split('@', 2) is [var item, var change] && items.Contains(item)) Of(row).Add((row.PersonId!, item, TrimCount(change)));
        }
    }

    /// <summary>
    /// Whether this reader is to be told of the item's change: not told yet, and either nobody was (a new escalation goes to
    /// all who lead the program now) or theirs was withdrawn. Someone who joined the central team since the item was first
    /// escalated reads it in the weekly digest, as for every other escalation, not as a card because the item was reopened.
    /// </summary>
    public bool Owed(string reader, string itemId, string change) =>
        !told.Contains((reader, itemId, change))
        && (withdrawn.Contains((reader, itemId, change)) || !told.Concat(withdrawn).Any(t => t.Item == itemId && t.Change == change));

    HashSet<(string, string, string)> Of(Delivery row) => row.State == DeliveryState.Cancelled ? withdrawn : told;

    /// <summary>
    /// The row's key, or with a count after it when a withdrawn card already has it: the outbox keeps one row per key,
    /// so the withdrawn row's key would refuse the card owed again.
    /// </summary>
    public string FreshKey(string key)
    {
        if (outbox.StateOf(key) is null) return key;
        for (var n = 2; ; n++)
            if (outbox.StateOf($"{key}#{n}") is null) return $"{key}#{n}";
    }

    /// <summary>The change in escalation:{item}:{change}:{reader}[#n].</summary>
    static string? ChangeOf(string key, string prefix, string reader)
    {
        var rest = TrimCount(key);
        var suffix = ":" + reader;
        return rest.StartsWith(prefix, StringComparison.Ordinal) && rest.EndsWith(suffix, StringComparison.Ordinal) && rest.Length > prefix.Length + suffix.Length
            ? rest[prefix.Length..^suffix.Length] : null;
    }

    static string TrimCount(string key) =>
        key.LastIndexOf('#') is var at and >= 0 && at < key.Length - 1 && key[(at + 1)..].All(char.IsAsciiDigit) ? key[..at] : key;
}
