using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;

namespace HitBot.Core.Tests.Messaging;

/// <summary>The weekly message budget's rule: at most N messages in any 7 days, counted as a rolling week.</summary>
public sealed class BudgetWindowTests
{
    static readonly DateTime Monday = new(2026, 3, 2, 14, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_fourth_message_in_the_same_week_does_not_fit_but_fits_from_the_day_a_week_after_the_first()
    {
        var window = new BudgetWindow(3, [Monday, Monday.AddDays(1), Monday.AddDays(2)]);

        Assert.False(window.HasRoomAt(Monday.AddDays(3)));
        Assert.Equal(Monday.Date.AddDays(7), window.NextFree(Monday.AddDays(3)));
    }

    [Fact]
    public void A_message_planned_for_later_in_the_week_counts_against_the_days_before_it()
    {
        var window = new BudgetWindow(2, [Monday, Monday.AddDays(4)]);

        Assert.False(window.HasRoomAt(Monday.AddDays(2)));
        Assert.True(window.HasRoomAt(Monday.AddDays(7)));
    }

    [Fact]
    public void Messages_placed_in_one_fan_out_fill_the_week_for_the_next_ones()
    {
        var window = new BudgetWindow(2, []);

        window.Add(Monday);
        window.Add(Monday.AddHours(1));

        Assert.False(window.HasRoomAt(Monday.AddHours(2)));
        Assert.Equal(Monday.Date.AddDays(7), window.NextFree(Monday.AddHours(2)));
    }

    [Fact]
    public void A_week_is_seven_of_the_persons_days_so_the_same_hour_a_week_later_fits_across_a_clock_change()
    {
        // Chicago: Monday 2 March 2026 08:00 CST is 14:00 UTC; Monday 9 March 08:00 CDT is 13:00 UTC, 167 hours later.
        var chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        var window = new BudgetWindow(3, [Monday, Monday.AddDays(1), Monday.AddDays(2)], () => chicago);

        Assert.True(window.HasRoomAt(new DateTime(2026, 3, 9, 13, 0, 0, DateTimeKind.Utc)));
        Assert.False(window.HasRoomAt(new DateTime(2026, 3, 9, 4, 59, 0, DateTimeKind.Utc))); // Sunday 8 March, 23:59 CDT
    }

    [Fact]
    public void A_week_is_counted_in_the_persons_own_days_in_Honolulu()
    {
        // Three messages on Monday 2 March 2026 between 09:00 and 11:00 in Honolulu (UTC-10, no daylight saving).
        var honolulu = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Honolulu");
        var window = new BudgetWindow(3, [Monday.AddHours(5), Monday.AddHours(6), Monday.AddHours(7)], () => honolulu);

        Assert.False(window.HasRoomAt(new DateTime(2026, 3, 9, 9, 59, 0, DateTimeKind.Utc))); // Sunday 8 March, 23:59 in Honolulu
        Assert.Equal(new DateTime(2026, 3, 9, 10, 0, 0, DateTimeKind.Utc), window.NextFree(new DateTime(2026, 3, 4, 0, 0, 0, DateTimeKind.Utc)));
    }
}
