using System.Globalization;

namespace HitBot.Core.ActionPlan;

/// <summary>
/// The dates of a repeating item: the first <see cref="ItemRepeat.Day"/> on or after its due date, then every
/// <see cref="ItemRepeat.EveryWeeks"/> weeks. Pure: the same item gives the same dates.
/// </summary>
public static class ItemSeries
{
    /// <summary>An occurrence's reminder days when the series has none of its own: the working day before, with its pre-read.</summary>
    public static readonly IReadOnlyList<int> OccurrenceReminderDays = [1];

    public static IEnumerable<DateOnly> Dates(ActionItem series)
    {
        if (series.Repeat is not { } repeat || series.DueDate is not { } start) yield break;
        var day = start;
        while (day.DayOfWeek != repeat.Day) day = day.AddDays(1);
        for (var n = 0; n < 520; n++) yield return day.AddDays(7 * repeat.EveryWeeks * n);
    }

    public static string OccurrenceId(string seriesId, DateOnly date) => $"{seriesId}-{date.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";

    /// <summary>"Every 2 weeks on Thursday", "Every week on Monday".</summary>
    public static string Describe(ItemRepeat repeat) =>
        (repeat.EveryWeeks == 1 ? "Every week" : $"Every {repeat.EveryWeeks} weeks") + $" on {repeat.Day}";
}
