using HitBot.Core.ActionPlan;

namespace HitBot.Core.Tests.ActionPlan;

/// <summary>The dates of a repeating item ("Conduct Regular Data Reflection Meetings" every other Thursday).</summary>
public sealed class ItemSeriesTests
{
    [Fact]
    public void A_series_meets_on_its_day_on_or_after_its_start_then_every_few_weeks()
    {
        var series = new ActionItem { Id = "reflection", DueDate = new DateOnly(2026, 3, 16), Repeat = new ItemRepeat { EveryWeeks = 2, Day = DayOfWeek.Thursday } };

        var dates = ItemSeries.Dates(series).Take(3).ToList();

        Assert.Equal([new DateOnly(2026, 3, 19), new DateOnly(2026, 4, 2), new DateOnly(2026, 4, 16)], dates);
    }

    [Fact]
    public void An_item_that_does_not_repeat_has_no_meetings()
    {
        Assert.Empty(ItemSeries.Dates(new ActionItem { Id = "once", DueDate = new DateOnly(2026, 3, 16) }));
    }

    [Fact]
    public void The_rhythm_reads_as_a_coordinator_would_say_it()
    {
        Assert.Equal("Every 2 weeks on Thursday", ItemSeries.Describe(new ItemRepeat { EveryWeeks = 2, Day = DayOfWeek.Thursday }));
        Assert.Equal("Every week on Monday", ItemSeries.Describe(new ItemRepeat { EveryWeeks = 1, Day = DayOfWeek.Monday }));
    }
}
