using System.Globalization;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;

namespace HitBot.Core.ActionPlan;

/// <summary>One line of the digest: the item, its owner's name and its due date.</summary>
public sealed record DigestLine(string Id, string Title, string? Owner, DateOnly? DueDate, string Status);

/// <summary>The central team's weekly view of the plan.</summary>
public sealed record ActionDigest(
    DateOnly Today, List<DigestLine> DueThisWeek, List<DigestLine> Overdue, List<DigestLine> Blocked, List<DigestLine> DoneSinceLast,
    List<DigestLine> NoOwner, List<DigestLine> MissedSinceLast)
{
    /// <summary>The program's current phase ("initial-implementation"), or null while none is set.</summary>
    public string? CurrentPhase { get; init; }
    /// <summary>The open items of the current phase, in plan order: the digest leads with them.</summary>
    public List<DigestLine> ThisPhase { get; init; } = [];
    /// <summary>What other parts add after the plan's sections (<see cref="IDigestSection"/>): the feedback waiting for a reply.</summary>
    public List<DigestSection> Others { get; init; } = [];
    string? CurrentPhaseName { get; init; }

    public static ActionDigest Build(IReadOnlyList<ActionItem> items, DateOnly today, DateTime doneSince, Func<string?, string?> ownerName,
        ActionPhase? currentPhase = null, Func<string, bool>? hasLeft = null)
    {
        // An owner who left the program gets no reminders: their items need a new owner as much as the unowned ones.
        bool OwnerLeft(ActionItem i) => i.OwnerId is { } owner && hasLeft?.Invoke(owner) == true;
        var live = items.Where(i => !i.Archived).ToList();
        var open = live.Where(i => i.IsOpen).ToList();
        // A series' due date is its first meeting: its occurrences are what is due, overdue or missed.
        var dated = open.Where(i => !i.IsSeries).ToList();
        DigestLine Line(ActionItem i) => new(i.Id, i.Title,
            OwnerLeft(i) ? $"{ownerName(i.OwnerId) ?? "someone"} (left the program)" : ownerName(i.OwnerId), i.DueDate, ActionPlanCards.StatusName(i));
        return new ActionDigest(today,
            [.. dated.Where(i => DueDates.InThisWeek(i, today)).OrderBy(i => i.DueDate).Select(Line)],
            [.. dated.Where(i => DueDates.IsOverdue(i, today)).OrderBy(i => i.DueDate).Select(Line)],
            [.. open.Where(i => i.Status == ItemStatus.Blocked).Select(Line)],
            [.. live.Where(i => i.Status == ItemStatus.Done && i.StatusChangedAt > doneSince).Select(Line)],
            [.. open.Where(i => i.OwnerId is null || OwnerLeft(i)).OrderBy(i => i.Order).Select(Line)],
            [.. live.Where(i => i.Status == ItemStatus.Missed && i.StatusChangedAt > doneSince).OrderBy(i => i.DueDate).Select(Line)])
        {
            CurrentPhase = currentPhase is { } phase ? DefaultPlan.PhaseKey(phase) : null,
            CurrentPhaseName = currentPhase is { } named ? DefaultPlan.PhaseName(named) : null,
            // An occurrence stands in for its series here: the meeting due next, not the rule.
            ThisPhase = currentPhase is { } now ? [.. open.Where(i => i.Phase == now && !i.IsSeries).OrderBy(i => i.Order).ThenBy(i => i.DueDate).Select(Line)] : [],
        };
    }

    public Message Card()
    {
        var body = new List<CardElement>();
        void Section(string title, List<DigestLine> lines)
        {
            body.Add(new TextBlock($"**{title} ({lines.Count})**"));
            if (lines.Count == 0) return;
            body.Add(new TextBlock(string.Join('\n', lines.Take(15).Select(l =>
                $"- {l.Title}" + (l.Owner is { } o ? $" · {o}" : "") + (l.DueDate is { } d ? $" · due {d.ToString("d MMM", CultureInfo.InvariantCulture)}" : "")))
                + (lines.Count > 15 ? $"\n- …and {lines.Count - 15} more" : "")));
        }
        if (CurrentPhaseName is { } phase) Section($"Now: {phase}, open items", ThisPhase);
        Section("Due this week", DueThisWeek);
        Section("Overdue", Overdue);
        Section("Blocked", Blocked);
        Section("Done since the last digest", DoneSinceLast);
        Section("No owner yet", NoOwner);
        if (MissedSinceLast.Count > 0) Section("Meetings missed since the last digest", MissedSinceLast);
        foreach (var other in Others)
        {
            body.Add(new TextBlock($"**{other.Title} ({other.Count})**"));
            if (other.Lines.Count > 0) body.Add(new TextBlock(string.Join('\n', other.Lines.Select(l => "- " + l))));
        }
        // The notification line a phone shows: the other sections' counts ride on it, so "4 waiting" is seen unopened.
        var summary = $"Action plan this week: {DueThisWeek.Count} due, {Overdue.Count} overdue, {Blocked.Count} blocked"
            + string.Concat(Others.Select(o => $" · {o.Title}: {o.Count}"));
        return new Message(summary, new Card("The action plan this week", body, []));
    }
}
