namespace HitBot.Core.Messaging.Outbox;

/// <summary>
/// One person's budgeted messages (sent, or planned for a time) and the rule "at most <see cref="Max"/> in any 7 days".
/// Pure: the times come from the outbox, and placing a message adds its time here, so one fan-out sees its own plan.
/// </summary>
public sealed class BudgetWindow(int max, IEnumerable<DateTime> times)
{
    public static readonly TimeSpan Week = TimeSpan.FromDays(7);

    readonly List<DateTime> times = [.. times.Order()];

    public int Max { get; } = max;

    /// <summary>
    /// Whether one more message at <paramref name="at"/> keeps every rolling week that contains it within the budget.
    /// A week holding most messages starts at one of them (or just after <c>at - 7 days</c>), so only those starts are checked.
    /// </summary>
    public bool HasRoomAt(DateTime at)
    {
        var starts = times.Where(t => t > at - Week && t <= at).Prepend(at - Week + TimeSpan.FromTicks(1));
        return starts.All(start => times.Count(t => t >= start && t < start + Week) < Max);
    }

    /// <summary>The first moment from <paramref name="from"/> on with room: now, or when an older message leaves the week.</summary>
    public DateTime NextFree(DateTime from)
    {
        if (HasRoomAt(from)) return from;
        // Room opens only when a message drops out of the window, i.e. exactly a week after one.
        return times.Select(t => t + Week).Where(t => t > from).Order().FirstOrDefault(HasRoomAt) is { } free && free != default
            ? free
            : times.Max() + Week;
    }

    public void Add(DateTime at)
    {
        var i = times.BinarySearch(at);
        times.Insert(i < 0 ? ~i : i, at);
    }
}
